import { CliError, ConflictError, InputError, WriteError } from '../errors.js';
import type { Painter } from './summary.js';

/**
 * The `error` object of `--json` output: the message; for input errors the first input at fault and
 * every problem found (`problems`); for conflicts and failed writes the paths at fault.
 */
export function errorJson(error: unknown): Record<string, unknown> {
  const message = error instanceof Error ? error.message : String(error);
  const input = error instanceof InputError ? { input: error.input, problems: error.problems } : {};
  const paths = (error instanceof ConflictError || error instanceof WriteError) && error.paths ? { paths: error.paths } : {};
  return { message, ...input, ...paths };
}

/** What stderr shows of an error: a marked line per input problem (else the message), and the stack of an error that is not ours. */
export function errorText(error: unknown, paint: Painter): string {
  const messages = error instanceof InputError ? error.problems.map((problem) => problem.message) : [error instanceof Error ? error.message : String(error)];
  const lines = messages.map((message) => `${paint.red('✖')} ${message}\n`).join('');
  const trace = !(error instanceof CliError) && error instanceof Error && error.stack ? `${paint.dim(error.stack)}\n` : '';
  return lines + trace;
}
