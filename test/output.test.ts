import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Command, CommanderError } from 'commander';
import { type Output, commanderMessage, standardOutput } from '../src/cli/output.js';
import { BIN } from './support/cli.js';

const posix = process.platform !== 'win32';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cms-output-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for process.stdout that records what reaches it. */
function recordingStream(): Output & { written: string[]; created: number } {
  const stream = { written: [] as string[], created: 0, isTTY: true, write: (chunk: string | Uint8Array) => stream.written.push(String(chunk)) };
  return stream;
}

describe.runIf(posix)('standardOutput', () => {
  it('writes straight to a file, as a non-terminal, without creating the stream', () => {
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    const stream = recordingStream();
    const output = standardOutput(fd, () => {
      stream.created++;
      return stream;
    });
    output.write('✔ Created 3 files\n');
    output.write(Buffer.from('bytes too\n'));
    closeSync(fd);
    expect(output.isTTY).toBe(false);
    expect(stream.created).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('✔ Created 3 files\nbytes too\n');
  });

  it('treats the null device as a non-terminal', () => {
    const fd = openSync('/dev/null', 'w');
    const stream = recordingStream();
    const output = standardOutput(fd, () => stream);
    output.write('discarded\n');
    closeSync(fd);
    expect(output.isTTY).toBe(false);
    expect(stream.written).toEqual([]);
  });

  it('hands any other character device (a terminal, say) to the real stream', () => {
    const fd = openSync('/dev/zero', 'w');
    const stream = recordingStream();
    const output = standardOutput(fd, () => stream);
    output.write('to the terminal\n');
    closeSync(fd);
    expect(output).toBe(stream);
    expect(stream.written).toEqual(['to the terminal\n']);
  });

  it.runIf(process.platform === 'linux')('hands what a full non-blocking pipe refuses to the real stream, in order', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // Read-write, so that opening needs no reader; the pipe's buffer then fills and refuses more.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const stream = recordingStream();
    const output = standardOutput(fd, () => stream);
    const text = 'x'.repeat(200_000);
    output.write(text);
    output.write('then this\n');
    const inPipe = Buffer.alloc(text.length);
    let read = 0;
    for (;;) {
      try {
        read += readSync(fd, inPipe, read, inPipe.length - read, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break; // the pipe is empty
        throw error;
      }
    }
    closeSync(fd);
    expect(inPipe.subarray(0, read).toString()).toBe(text.slice(0, read));
    expect(read).toBeGreaterThan(0);
    expect(stream.written.join('')).toBe(`${text.slice(read)}then this\n`);
  });

  it('the CLI ends normally when the reader of its output stops early', () => {
    const out = join(dir, 'out');
    const result = execFileSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" --yes --output-dir "${out}" 2>"${join(dir, 'stderr')}" | true; echo "\${PIPESTATUS[0]}"`],
      { encoding: 'utf8' },
    );
    expect(result.trim()).toBe('0');
    expect(readFileSync(join(dir, 'stderr'), 'utf8')).toBe('');
  });
});

describe('commanderMessage', () => {
  /** The message commander throws for `args`, with its own output silenced. */
  function thrown(args: string[]): string {
    const command = new Command('tool').exitOverride().configureOutput({ writeErr: () => undefined }).option('--project-dir <dir>').option('--cloud <value>');
    try {
      command.parse(args, { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) return error.message;
      throw error;
    }
    throw new Error('commander accepted the arguments');
  }

  it.each([
    [['--projectdir', 'x'], "unknown option '--projectdir' (did you mean --project-dir?). See tool --help."],
    [['--verbose'], "unknown option '--verbose'. See tool --help."],
    [['--cloud'], "option '--cloud <value>' argument missing. See tool --help."],
  ])('%j: one line, with the hint in it', (args, expected) => {
    expect(commanderMessage(thrown(args), 'tool --help')).toBe(expected);
  });
});
