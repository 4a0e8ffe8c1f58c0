/**
 * Every failure the user can act on is a CliError. The exit code lives on the error class, so
 * cli.ts maps errors to exit codes in one place: `exitCodeOf`.
 */
export class CliError extends Error {
  readonly exitCode: number = 1;
  override readonly name: string = 'CliError';
}

/** A value for one input breaks that input's rule. */
export class InputError extends CliError {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
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
