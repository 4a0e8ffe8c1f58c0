import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteError } from '../src/errors.js';
import type { PlannedFile } from '../src/render/render.js';
import { writeProject } from '../src/write/write.js';
import { runCli } from './support/cli.js';
import { STAGING, secondWriter, tree } from './write-support.js';

// A real second process acts between the conflict check and the moves: it starts on the staging
// folder's appearance, while hundreds of files are being staged, and the contested path is moved
// last. Each case is tried until the other process got in first (it nearly always does at once).

const filler = Array.from({ length: 400 }, (_, i): PlannedFile => ({ path: `a/f-${String(i).padStart(3, '0')}.txt`, content: 'x'.repeat(4096), executable: false }));
const plan = (...last: string[]): PlannedFile[] => [...filler, ...last.map((path) => ({ path, content: `generated ${path}\n`, executable: false }))];
const ATTEMPTS = 8;

let out: string;
let elsewhere: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'cms-race-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'cms-elsewhere-'));
});
afterEach(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

/** Runs `attempt` until the second writer got in before the move, at most ATTEMPTS times; returns how often it did. */
async function untilRaced(attempt: (round: number) => Promise<boolean>): Promise<number> {
  let raced = 0;
  for (let round = 0; round < ATTEMPTS && raced === 0; round++) if (await attempt(round)) raced++;
  return raced;
}

const noStaging = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith(STAGING));

describe.skipIf(process.platform === 'win32')('a second writer between the check and the move', () => {
  it('a file created meanwhile is never replaced: the run rolls back, naming it', async () => {
    const raced = await untilRaced(async (round) => {
      const project = join(out, `p${round}`);
      mkdirSync(project);
      writeFileSync(join(project, 'mine.txt'), 'mine');
      const other = await secondWriter(project, 'file', join(project, 'zz.md'));
      const error = await writeProject(project, plan('zz.md'), { force: false }).catch((e: unknown) => e);
      const result = await other.done;
      if (result === 'EEXIST') return expect(error).toBeUndefined(), false;
      expect(result).toBe('done');
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toMatch(/zz\.md appeared while the project was written.*Nothing was left behind/s);
      expect(tree(project)).toEqual(['mine.txt 644: mine', 'zz.md 644: written by another process']);
      return true;
    });
    expect(raced).toBe(1);
  });

  it('a new project folder made meanwhile is never replaced, not even an empty one', async () => {
    const raced = await untilRaced(async (round) => {
      const project = join(out, `p${round}`);
      const other = await secondWriter(out, 'folder', project);
      const error = await writeProject(project, plan('zz.md'), { force: false }).catch((e: unknown) => e);
      const result = await other.done;
      if (result === 'EEXIST') return false;
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toMatch(/appeared while the project was written/);
      expect(readdirSync(project)).toEqual([]);
      expect(noStaging(out)).toEqual([]);
      return true;
    });
    expect(raced).toBe(1);
  });

  it('a missing folder that becomes a symlink is never written through', async () => {
    const raced = await untilRaced(async (round) => {
      const project = join(out, `p${round}`);
      mkdirSync(project);
      const other = await secondWriter(project, 'symlink', join(project, 'zz'), elsewhere);
      const error = await writeProject(project, plan('zz/a.md', 'zz/b.md'), { force: false }).catch((e: unknown) => e);
      if ((await other.done) !== 'done') return false;
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toMatch(/zz appeared while the project was written/);
      expect(tree(project)).toEqual([`zz -> ${elsewhere}`]);
      return true;
    });
    expect(raced).toBe(1);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('an existing folder swapped for a symlink is never written through', async () => {
    const raced = await untilRaced(async (round) => {
      const project = join(out, `p${round}`);
      mkdirSync(join(project, 'zz'), { recursive: true });
      const other = await secondWriter(project, 'swap', join(project, 'zz'), elsewhere);
      const error = await writeProject(project, plan('zz/a.md'), { force: false }).catch((e: unknown) => e);
      if ((await other.done) !== 'done' || error === undefined) return false;
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toMatch(/zz is no longer a folder/);
      expect(tree(project)).toEqual([`zz -> ${elsewhere}`, 'zz.moved/ 755']);
      return true;
    });
    expect(raced).toBe(1);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('with --force, a file edited after the check is not replaced: the run rolls back and the edit stays', async () => {
    const raced = await untilRaced(async (round) => {
      const project = join(out, `p${round}`);
      mkdirSync(project);
      writeFileSync(join(project, 'zz.md'), 'the user wrote this');
      const seen = lstatSync(join(project, 'zz.md'));
      // mtime resolution: make sure the edit shows in the size, whatever the clock.
      const other = await secondWriter(project, 'edit', join(project, 'zz.md'));
      const error = await writeProject(project, plan('zz.md'), { force: true }).catch((e: unknown) => e);
      expect(await other.done).toBe('done');
      const text = readFileSync(join(project, 'zz.md'), 'utf8');
      if (text.startsWith('generated')) return false;
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toMatch(/zz\.md changed while the project was written.*Nothing was left behind/s);
      expect(text).toBe('the user wrote this, edited by another process');
      expect(lstatSync(join(project, 'zz.md')).ino).toBe(seen.ino);
      expect(tree(project)).toEqual(['zz.md 644: the user wrote this, edited by another process']);
      return true;
    });
    expect(raced).toBe(1);
  });

  it('two runs into the same folder at once: one writes everything, the other nothing', async () => {
    const platforms = ['github_actions', 'gitlab'] as const;
    const args = (dir: string, platform: string): string[] => ['--yes', '--setup-cicd-and-project', 'CICD_Only', '--root-dir', '.', '--cicd-platform', platform, '--output-dir', dir];
    const setup = (dir: string): void => {
      mkdirSync(dir);
      writeFileSync(join(dir, 'mine.txt'), 'mine');
    };
    const alone: Record<string, string[]> = {};
    for (const platform of platforms) {
      const dir = join(out, `alone-${platform}`);
      setup(dir);
      expect((await runCli(args(dir, platform))).code).toBe(0);
      alone[platform] = tree(dir);
    }
    for (let round = 0; round < 3; round++) {
      const dir = join(out, `both-${round}`);
      setup(dir);
      const runs = await Promise.all(platforms.map((platform) => runCli(args(dir, platform))));
      const winners = platforms.filter((_, i) => runs[i]?.code === 0);
      expect(runs.map((run) => run.code).sort(), runs.map((run) => run.stderr).join('\n')).toEqual([0, 1]);
      expect(tree(dir)).toEqual(alone[winners[0] as string]);
    }
  });
});
