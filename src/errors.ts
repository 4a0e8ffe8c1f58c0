/**
 * Every failure the user can act on is a CliError. The exit code lives on the error class, so
 * cli.ts maps errors to exit codes in one place: `exitCodeOf`.
 */
export class CliError extends Error {
  readonly exitCode: number = 1;
  override readonly name: string = 'CliError';
}

/** One input at fault and what is wrong with it. */
export interface InputProblem {
  input: string;
  message: string;
}

/** A value for one input breaks that input's rule, or several do (`problems`; the first is `input`). */
export class InputError extends CliError {
  override readonly name = 'InputError';
  /** Every input at fault, each with its own message, in the order they were found. */
  readonly problems: readonly InputProblem[];
  constructor(
    readonly input: string,
    message: string,
    problems?: readonly InputProblem[],
  ) {
    super(message);
    this.problems = problems ?? [{ input, message }];
  }
}

/**
 * One error for everything a run found wrong with the values it was given, so a script or a
 * config file is fixed in one go: the error itself when there is one, else an InputError whose
 * message has a line per problem. Undefined when there are none.
 */
export function inputErrorOf(errors: readonly InputError[]): InputError | undefined {
  const problems = errors.flatMap((error) => error.problems);
  const [first] = problems;
  if (first === undefined) return undefined;
  if (errors.length === 1) return errors[0];
  return new InputError(first.input, problems.map((problem) => problem.message).join('\n'), problems);
}

/** Bad flags, a missing option value, an unreadable config file. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
}

/** A stack folder (built-in or --template-dir) that is malformed or whose templates fail to render. */
export class StackError extends CliError {
  override readonly name = 'StackError';
}

/** Writing would overwrite files; nothing was written. */
export class ConflictError extends CliError {
  override readonly name = 'ConflictError';
  constructor(readonly paths: readonly string[]) {
    super(
      `${paths.length} file${paths.length === 1 ? '' : 's'} already exist${paths.length === 1 ? 's' : ''} ` +
        `and would be overwritten:\n${paths.map((p) => `  ${p}`).join('\n')}\n` +
        'Nothing was written. Re-run with --force to overwrite them, or choose another --output-dir.',
    );
  }
}

/** Writing failed part way; what had been written was rolled back. */
export class WriteError extends CliError {
  override readonly name = 'WriteError';
  constructor(
    message: string,
    /** The paths at fault, when the failure is about particular paths. */
    readonly paths?: readonly string[],
  ) {
    super(message);
  }
}

/** Ctrl-C at a prompt or SIGINT/SIGTERM while working. */
export class InterruptedError extends CliError {
  override readonly name = 'InterruptedError';
  override readonly exitCode: number;
  constructor(signal: 'SIGINT' | 'SIGTERM' = 'SIGINT') {
    super('Interrupted: nothing was written.');
    this.exitCode = signal === 'SIGTERM' ? 143 : 130;
  }
}

/** The InterruptedError for an aborted signal (its reason names the process signal). */
export function interruptedBy(signal: AbortSignal | undefined): InterruptedError {
  return new InterruptedError(signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
}

export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : 1;
}
