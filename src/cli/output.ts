import { fstatSync, statSync, writeSync } from 'node:fs';

/** What the CLI needs of an output stream. */
export interface Output {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
  /** A terminal's width. */
  columns?: number;
}

/** The width help is wrapped to: the terminal's, else 80 columns. */
export const helpWidth = (stdout: Output): number => (stdout.isTTY && stdout.columns ? stdout.columns : 80);

/**
 * Commander's output settings: help goes to `stdout` at its width, commander's own error messages
 * are dropped (the CLI reports the errors), and the help is plain text. Commander's defaults would
 * ask `process.stdout` for its width and colours, which creates its stream.
 */
export const commanderOutput = (stdout: Output) => ({
  writeOut: (text: string) => stdout.write(text),
  writeErr: () => undefined,
  getOutHelpWidth: () => helpWidth(stdout),
  getErrHelpWidth: () => helpWidth(stdout),
  getOutHasColors: () => false,
  getErrHasColors: () => false,
});

/**
 * Commander's parse error as one line, in the words of the CLI's other errors:
 * `unknown option '--colud' (did you mean --cloud?). See --help.`
 */
export function commanderMessage(message: string, help: string): string {
  const line = message.replace(/^error: /, '').replace(/\s*\n\(Did you mean /, ' (did you mean ').replace(/\.*$/, '');
  return `${line}. See ${help}.`;
}

/**
 * Standard output without Node's stream machinery where it is not needed. The first use of
 * `process.stdout` loads tty, net and stream (2 to 3 ms of a run that prints one summary); a pipe,
 * socket, file or the null device is never a terminal, so plain synchronous writes serve it. A
 * terminal, Windows, or a descriptor that would block gets the real stream from `stream()`.
 */
export function standardOutput(fd: number, stream: () => Output): Output {
  if (process.platform === 'win32' || !isPlainSink(fd)) return stream();
  let fallback: Output | undefined;
  return {
    isTTY: false,
    write(chunk: string | Uint8Array): boolean {
      if (fallback) return Boolean(fallback.write(chunk));
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let offset = 0;
      try {
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
      } catch (error) {
        const { code } = error as NodeJS.ErrnoException;
        if (code === 'EPIPE') return false; // the reader is gone; what it would have read does not matter
        if (code !== 'EAGAIN') throw error;
        // A non-blocking pipe that is full: the stream waits for the reader instead of failing.
        fallback = stream();
        fallback.write(bytes.subarray(offset));
      }
      return true;
    },
  };
}

function isPlainSink(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    if (stats.isFIFO() || stats.isSocket() || stats.isFile()) return true;
    return stats.isCharacterDevice() && stats.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/** For the real stream: a reader that went away (`| head`) is not an error of ours. */
export function ignoreBrokenPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}
