import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFs } from '../src/write/fs.js';
import { readJournal } from '../src/write/journal.js';
import { clearLeftovers, leftoverFolders } from '../src/write/leftovers.js';
import { main } from '../src/cli/cli.js';
import { runCli } from './support/cli.js';
import { KEYS, fakeTerminal } from './support/terminal.js';
import { STAGING, tree } from './write-support.js';

// A run killed with SIGKILL at every step of its write, and the next run into the folder finding
// what it left: with consent, the folder is exactly as before the killed run (or, killed after its
// last move, exactly as that run finished), and no staging folder or hidden copy is left.

const MINI = resolve('test/fixtures/mini-stack');
const KILLED_RUN = resolve('test/fixtures/killed-run.cjs');

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'cms-leftovers-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

/** Runs the mini stack into `outputDir`, killed after its n-th disk-changing call; returns the calls made when it was not. */
function runKilledAfter(outputDir: string, force: boolean, n: number): { killed: boolean; calls: number } {
  const child = spawnSync(process.execPath, [KILLED_RUN, MINI, outputDir, force ? 'force' : 'no', String(n)], { encoding: 'utf8' });
  if (child.signal !== 'SIGKILL') expect(child.status, child.stderr).toBe(0);
  return { killed: child.signal === 'SIGKILL', calls: Number(child.stdout) };
}

const stagingsIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(STAGING)) : []);

/** Ages the staging folders, as if the user came back later: a folder without a journal is left alone for its first seconds. */
function age(dir: string): void {
  if (!existsSync(dir)) return;
  const past = new Date(Date.now() - 60_000);
  for (const name of stagingsIn(dir)) utimesSync(join(dir, name), past, past);
}

/** Each case prepares `dir` and says where the run's output folder is. */
const setups = {
  /** A new project folder in an existing output folder. */
  fresh: (dir: string): string => (mkdirSync(dir), dir),
  /** A new project folder in an output folder that does not exist yet. */
  deep: (dir: string): string => (mkdirSync(dir), join(dir, 'a', 'b')),
  /** An existing folder with files --force replaces and a file of the user's own. */
  force: (dir: string): string => {
    mkdirSync(join(dir, 'demo-app/demo_app'), { recursive: true });
    writeFileSync(join(dir, 'demo-app/demo_app/README.md'), 'the user readme');
    writeFileSync(join(dir, 'demo-app/logo.png'), 'the user logo');
    writeFileSync(join(dir, 'demo-app/mine.txt'), 'mine');
    return dir;
  },
};

describe.skipIf(process.platform === 'win32')('leftovers of a run killed with SIGKILL', () => {
  it.each(['fresh', 'deep', 'force'] as const)('killed at every step (%s): recovery restores the folder exactly', async (mode) => {
    const reference = join(out, 'reference');
    const { calls } = runKilledAfter(setups[mode](reference), mode === 'force', Number.MAX_SAFE_INTEGER);
    const complete = tree(reference);
    rmSync(reference, { recursive: true });
    setups[mode](reference);
    const before = tree(reference);
    expect(calls).toBeGreaterThan(8);
    const outcomes = new Set<string>();
    for (let n = 1; n <= calls; n++) {
      const dir = join(out, `run-${n}`);
      const outputDir = setups[mode](dir);
      expect(runKilledAfter(outputDir, mode === 'force', n).killed).toBe(true);
      // Where the next run into the same output folder looks.
      const folders = leftoverFolders(join(outputDir, 'demo-app'), outputDir);
      folders.forEach(age);
      if (mode === 'deep' && n === calls - 1) {
        // Killed between the final rename (`a` into place) and removing the staging folder, which
        // then holds only its journal, beside `a`, not where a run into a/b looks; a run into `dir` would.
        const stray = stagingsIn(dir);
        expect(stray).toHaveLength(1);
        expect(readdirSync(join(dir, stray[0] as string))).toEqual(['journal']);
        folders.push(dir);
      }
      const found = folders.flatMap(stagingsIn);
      // Killed after its last call, rm of the staging folder, nothing is left to find.
      if (n < calls) expect(found, `killed after call ${n}`).toHaveLength(1);
      await clearLeftovers(folders, { force: true, dryRun: false, fs: nodeFs });
      const after = tree(dir);
      expect(after.filter((line) => line.includes(STAGING)), `killed after call ${n}`).toEqual([]);
      expect([before, complete], `killed after call ${n}`).toContainEqual(after);
      outcomes.add(JSON.stringify(after) === JSON.stringify(before) ? 'before' : 'complete');
    }
    // Killing before the last move must leave the folder as before; after it, as complete: both happen.
    expect([...outcomes].sort()).toEqual(['before', 'complete']);
  });

  it('the next run explains the leftovers and changes nothing without consent; with --force it restores, then writes', async () => {
    setups.force(out);
    const { calls } = runKilledAfter(join(out, 'probe'), true, Number.MAX_SAFE_INTEGER);
    rmSync(join(out, 'probe'), { recursive: true });
    // Killed after moving the user's readme aside, before the last move.
    const dir = join(out, 'run');
    setups.force(dir);
    expect(runKilledAfter(dir, true, calls - 3).killed).toBe(true);
    age(join(dir, 'demo-app'));
    const left = tree(dir);
    const args = ['--template-dir', MINI, '--yes', '--flavour', 'fancy', '--output-dir', dir];
    const refused = await runCli(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Found what an interrupted run left behind:\n.*\.create-mlops-stack-.*: a write into .*demo-app that stopped half way \(\d+ generated files? to remove; your files? to restore: [^\n]*demo_app\/README\.md/);
    expect(refused.stderr).toMatch(/Nothing was changed\. Re-run with --force/);
    expect(tree(dir)).toEqual(left);
    const dry = await runCli([...args, '--dry-run', '--force']);
    expect(dry.code).toBe(1);
    expect(tree(dir)).toEqual(left);
    const forced = await runCli([...args, '--force', '--json']);
    expect(forced.code).toBe(0);
    const result = JSON.parse(forced.stdout) as { recovered: string[]; statuses: Record<string, string> };
    expect(result.recovered).toEqual([expect.stringMatching(/^Undid a write into .* that stopped half way/)]);
    // Restored first, then overwritten by this run as --force asks: so counted as overwritten.
    expect(result.statuses['demo_app/README.md']).toBe('overwritten');
    expect(stagingsIn(join(dir, 'demo-app'))).toEqual([]);
    expect(tree(join(dir, 'demo-app')).find((line) => line.startsWith('mine.txt'))).toBe('mine.txt 644: mine');
  });

  it.each([
    ['yes', [KEYS.down, KEYS.enter]],
    ['no (the default)', [KEYS.enter]],
  ] as const)('an interactive run asks first; answered %s', async (answer, keys) => {
    setups.force(out);
    const { calls } = runKilledAfter(join(out, 'probe'), true, Number.MAX_SAFE_INTEGER);
    rmSync(join(out, 'probe'), { recursive: true });
    const dir = join(out, 'run');
    setups.force(dir);
    const before = tree(dir);
    expect(runKilledAfter(dir, true, calls - 3).killed).toBe(true);
    age(join(dir, 'demo-app'));
    const left = tree(dir);
    const terminal = fakeTerminal(['--template-dir', MINI, '--name', 'demo-app', '--flavour', 'fancy', '--topping', 'nuts', '--output-dir', dir]);
    const done = main(terminal.io);
    await terminal.answer('Found what an interrupted run left behind');
    await terminal.answer('Restore your files and remove the rest?', ...keys);
    // Either way the run then stops: without --force, the restored files are conflicts.
    expect(await done).toBe(1);
    if (answer === 'yes') {
      expect(tree(dir)).toEqual(before);
      expect(terminal.screen()).toMatch(/files? already exists? and would be overwritten/);
    } else {
      expect(tree(dir)).toEqual(left);
      expect(terminal.screen()).toMatch(/Nothing was changed/);
    }
  });
});

describe('a journal is never trusted to name paths outside its folder', () => {
  it('a staging folder whose journal points above is only removed, nothing outside is touched', async () => {
    const home = join(out, 'home');
    const staging = join(home, `${STAGING}forged`);
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(out, 'victim.txt'), 'keep me');
    writeFileSync(join(staging, 'old-0'), 'planted');
    const header = { mode: 'into', pid: 999_999_999, moves: [{ path: '../victim.txt', replaces: true }, { path: '../planted.txt', replaces: true }] };
    writeFileSync(join(staging, 'journal'), `${JSON.stringify(header)}\n`);
    age(home);
    await clearLeftovers([home], { force: true, dryRun: false, fs: nodeFs });
    expect(tree(out)).toEqual(['home/ 755', 'victim.txt 644: keep me']);
  });

  it('a line cut short by a crash is dropped, the lines before it kept', () => {
    const staging = join(out, `${STAGING}cut`);
    mkdirSync(staging);
    writeFileSync(join(staging, 'journal'), `${JSON.stringify({ mode: 'into', pid: 1, moves: [] })}\n["making","docs"]\n["cop`);
    expect(readJournal(staging)?.events).toEqual([['making', 'docs']]);
  });
});
