import { PassThrough, Writable } from 'node:stream';
import type { Io } from '../../src/cli/cli.js';

export const KEYS = { enter: '\r', down: '\u001b[B', up: '\u001b[A', ctrlC: '\u0003', backspace: '\u007f' } as const;

/**
 * A fake terminal for driving the real prompts in-process: stdin is a TTY-like stream that keys are
 * typed into, stderr collects the screen. `answer(text)` waits for `text` to appear, then types.
 */
export function fakeTerminal(argv: string[]) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, isRaw: false });
  let screen = '';
  let cursor = 0;
  const waiters: (() => void)[] = [];
  let out = '';
  /** Like process.stdout/stderr, the sinks ignore end(): Inquirer ends the stream it pipes each prompt into. */
  const sink = (onText: (text: string) => void): Writable & { isTTY: boolean; columns: number; rows: number } =>
    Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          onText(chunk.toString());
          callback();
        },
      }),
      { isTTY: false, columns: 400, rows: 40, end: () => undefined },
    );
  const stdout = sink((text) => (out += text));
  const stderr = Object.assign(
    sink((text) => {
      screen += text;
      waiters.splice(0).forEach((wake) => wake());
    }),
    { isTTY: true },
  );
  const io: Io = { argv, stdin, stdout, stderr, env: { NO_COLOR: '1' } };

  /** Waits until `text` shows on the screen after what was already read, then types `keys`. */
  async function answer(text: string, ...keys: string[]): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const at = screen.indexOf(text, cursor);
      if (at !== -1) {
        cursor = at + text.length;
        break;
      }
      if (Date.now() > deadline) throw new Error(`"${text}" never appeared; screen so far:\n${screen.slice(cursor)}`);
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 50);
      });
    }
    for (const key of keys) {
      await new Promise((r) => setTimeout(r, 5));
      stdin.write(key);
    }
  }
  return { io, answer, screen: () => screen, stdout: () => out };
}
