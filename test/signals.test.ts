import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './support/cli.js';
import { STAGING, tree } from './write-support.js';

interface Outcome {
  code: number | null;
  killedBy: NodeJS.Signals | null;
  stdout: string;
}

/** Runs the CLI and sends `signals`, the first after `firstMs`, each next `gapMs` after the one before. */
function runAndSignal(args: string[], signals: NodeJS.Signals[], firstMs: number, gapMs: number): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    const timers = signals.map((signal, i) => setTimeout(() => child.kill(signal), firstMs + i * gapMs));
    child.on('close', (code, killedBy) => {
      for (const timer of timers) clearTimeout(timer);
      done({ code, killedBy, stdout });
    });
  });
}

let base: string;
/** A user's folder holding an earlier version of the project, edited, and a file of the user's own. */
let userFolder: string;
const complete: Record<'fresh' | 'force', string[]> = { fresh: [], force: [] };
/** How long an undisturbed run takes here: signals are sent at random moments over that span and a little past it. */
let runMs = 0;
const args = { fresh: (dir: string) => ['--yes', '--output-dir', dir], force: (dir: string) => ['--yes', '--force', '--cloud', 'aws', '--output-dir', dir] };

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'cms-signals-'));
  userFolder = join(base, 'user');
  expect((await runCli(args.fresh(userFolder))).code).toBe(0);
  writeFileSync(join(userFolder, 'my-mlops-project/README.md'), 'the user rewrote the readme');
  writeFileSync(join(userFolder, 'my-mlops-project/notes.txt'), 'the user notes');
  for (const mode of ['fresh', 'force'] as const) {
    const dir = join(base, `complete-${mode}`);
    if (mode === 'force') cpSync(userFolder, dir, { recursive: true });
    const start = Date.now();
    expect((await runCli(args[mode](dir))).code).toBe(0);
    runMs = Math.max(runMs, Date.now() - start);
    complete[mode] = tree(dir);
  }
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

// Windows has no POSIX signals to deliver: child.kill() there ends the process outright.
describe.skipIf(process.platform === 'win32')('SIGINT and SIGTERM, once or twice, at random moments', () => {
  it('every run either leaves the folder untouched (exit 130/143) or complete (exit 0), never a staging folder', async () => {
    const rounds = 24;
    const parallel = 4;
    const oneRound = async (round: number): Promise<void> => {
      const mode = round % 2 === 0 ? 'fresh' : 'force';
      const dir = join(base, `run-${round}`);
      if (mode === 'force') cpSync(userFolder, dir, { recursive: true });
      else mkdirSync(dir);
      const before = tree(dir);
      const signals: NodeJS.Signals[] = [Math.random() < 0.5 ? 'SIGINT' : 'SIGTERM'];
      if (round % 4 >= 2) signals.push(Math.random() < 0.5 ? 'SIGINT' : 'SIGTERM');
      const json = Math.random() < 0.5;
      // Four runs at once take longer each: the span grows with them.
      const firstMs = Math.round(Math.random() * runMs * 2);
      const gapMs = Math.round(Math.random() * 30);
      const outcome = await runAndSignal([...args[mode](dir), ...(json ? ['--json'] : [])], signals, firstMs, gapMs);
      const after = existsSync(dir) ? tree(dir) : [];
      const why = `${mode}${json ? ' --json' : ''}, ${signals.join('+')} after ${firstMs} ms (+${gapMs} ms): exit ${outcome.code} / ${outcome.killedBy}`;
      expect(after.filter((line) => line.includes(STAGING)), why).toEqual([]);
      if (outcome.code === 0) {
        expect(after, why).toEqual(complete[mode]);
      } else {
        expect(after, why).toEqual(before);
        if (outcome.killedBy !== null) {
          // A signal's default action: it came before the CLI had installed its handlers (two
          // signals pending at once are delivered lowest number first, so SIGINT may win).
          expect(signals, why).toContain(outcome.killedBy);
          return;
        }
        // Two signals pending at once may be handled in either order.
        expect(signals.map((signal) => (signal === 'SIGINT' ? 130 : 143)), why).toContain(outcome.code);
      }
      if (json) {
        const parsed = JSON.parse(outcome.stdout) as { error?: { message: string }; projectDir?: string };
        expect(outcome.code === 0 ? parsed.projectDir : parsed.error?.message, why).toBeTruthy();
      }
    };
    for (let first = 0; first < rounds; first += parallel) {
      await Promise.all(Array.from({ length: parallel }, (_, i) => oneRound(first + i)));
    }
    expect(tree(base).filter((line) => line.includes(STAGING))).toEqual([]);
  });
});
