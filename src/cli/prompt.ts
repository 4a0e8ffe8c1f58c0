import type { Ask } from '../answers/answers.js';
import type { DestinationConflicts } from '../answers/destination.js';
import { CliError, interruptedBy } from '../errors.js';

interface Streams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** Inquirer loaded on the first question, so runs that never ask never load it; Ctrl-C becomes an InterruptedError. */
async function prompting<T>(streams: Streams, ask: (prompts: typeof import('./inquirer.js'), context: object) => Promise<T>): Promise<T> {
  const prompts = await import('./inquirer.js');
  const context = { input: streams.input, output: streams.output, signal: streams.signal, clearPromptOnDone: false };
  try {
    return await ask(prompts, context);
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') {
      throw interruptedBy(streams.signal);
    }
    throw error;
  }
}

/**
 * The questions, asked with Inquirer: a select list for inputs with an enum (each value under its
 * label, with its description), a text input validated as typed otherwise.
 */
export function createAsk(streams: Streams): Ask {
  return (input, defaultValue, validate) =>
    prompting(streams, ({ select, input: text }, context) => {
      if (input.enum) {
        const choices = input.enum.map((value) => {
          const choice = input.choices?.[value];
          return { value, name: choice?.label ?? value, description: choice?.description };
        });
        return select({ message: input.description, choices, default: defaultValue }, context);
      }
      return text({ message: input.description, default: defaultValue, validate }, context);
    });
}

/** How many conflicting paths the destination question names before "and N more". */
const SHOWN = 5;

/** The destination question: the project folder holds files the run would overwrite; rename, overwrite or cancel. */
export function createConfirmDestination(streams: Streams): (found: DestinationConflicts) => Promise<'overwrite' | 'rename'> {
  return (found) =>
    prompting(streams, async ({ select }, context) => {
      const paths = found.blocked.length > 0 ? found.blocked : found.existing;
      const what =
        found.blocked.length > 0
          ? `${paths.length} path${paths.length === 1 ? '' : 's'} in ${found.projectDir} cannot be written (a folder, link or device where the project has a file, or the reverse)`
          : `${paths.length} file${paths.length === 1 ? '' : 's'} in ${found.projectDir} would be overwritten`;
      const listed = paths.slice(0, SHOWN).join(', ') + (paths.length > SHOWN ? ` and ${paths.length - SHOWN} more` : '');
      const choices = [
        { value: 'rename' as const, name: 'Choose another name', description: 'ask again for the name that decides the folder' },
        ...(found.blocked.length > 0 ? [] : [{ value: 'overwrite' as const, name: "Overwrite the stack's files (as --force)", description: 'other files in the folder are never touched' }]),
        { value: 'cancel' as const, name: 'Cancel', description: 'stop here; nothing is written' },
      ];
      const choice = await select({ message: `${what}: ${listed}. What now?`, choices, default: 'rename' }, context);
      if (choice === 'cancel') throw new CliError('Cancelled: nothing was written.');
      return choice;
    });
}
