import { interruptedBy } from '../errors.js';

/** A yes/no question on the terminal, as a select list defaulting to no (Inquirer, loaded only when asked). */
export function createConfirm(streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal?: AbortSignal }): (question: string) => Promise<boolean> {
  return async (question) => {
    const { select } = await import('./inquirer.js');
    const choices = [
      { value: 'no', name: 'No, stop here' },
      { value: 'yes', name: 'Yes' },
    ];
    const context = { input: streams.input, output: streams.output, signal: streams.signal, clearPromptOnDone: false };
    try {
      return (await select({ message: question, choices, default: 'no' }, context)) === 'yes';
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') throw interruptedBy(streams.signal);
      throw error;
    }
  };
}
