import type { Ask } from '../answers/answers.js';
import { interruptedBy } from '../errors.js';

/**
 * The questions, asked with Inquirer: a select list for inputs with an enum, a text input validated
 * as typed otherwise. Inquirer is loaded on the first question, so runs that never ask never load it.
 */
export function createAsk(streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal?: AbortSignal }): Ask {
  return async (input, defaultValue, validate) => {
    const { select, input: text } = await import('./inquirer.js');
    const context = { input: streams.input, output: streams.output, signal: streams.signal, clearPromptOnDone: false };
    try {
      if (input.enum) {
        const choices = input.enum.map((value) => ({ value, name: value }));
        return await select({ message: input.description, choices, default: defaultValue }, context);
      }
      return await text({ message: input.description, default: defaultValue, validate }, context);
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') {
        throw interruptedBy(streams.signal);
      }
      throw error;
    }
  };
}
