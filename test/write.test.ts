import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InterruptedError, WriteError } from '../src/errors.js';
import type { PlannedFile } from '../src/render/render.js';
import { parentsOf } from '../src/write/disk.js';
import { planWrite } from '../src/write/plan.js';
import { type WriterFs, nodeFs, writeProject } from '../src/write/write.js';
import { pathsOf, tree } from './write-support.js';

const file = (path: string, content: string | Buffer = `content of ${path}\n`, executable = false): PlannedFile => ({ path, content, executable });
const PLAN = [file('README.md'), file('pkg/a.py'), file('pkg/deep/b.py'), file('scripts/run.sh', '#!/bin/sh\n', true)];

/** link() on a file system without hard links. */
const noHardLinks = (): never => {
  throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
};

/** A WriterFs whose `op` fails on its n-th call. */
function failing(op: keyof WriterFs, n: number, code = 'ENOSPC', base: Partial<WriterFs> = {}): WriterFs {
  let calls = 0;
  return {
    ...nodeFs,
    ...base,
    [op]: (...args: unknown[]) => {
      if (++calls === n) throw Object.assign(new Error(`${code}: injected failure`), { code });
      return (nodeFs[op] as (...a: unknown[]) => unknown)(...args);
    },
  };
}

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'cms-write-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe('writeProject', () => {
  it('writes every file, creating folders, keeping executable bits', async () => {
    const result = await writeProject(join(out, 'proj'), PLAN, { force: false });
    expect(pathsOf(out)).toEqual(['proj/', 'proj/README.md', 'proj/pkg/', 'proj/pkg/a.py', 'proj/pkg/deep/', 'proj/pkg/deep/b.py', 'proj/scripts/', 'proj/scripts/run.sh']);
    expect(readFileSync(join(out, 'proj/pkg/deep/b.py'), 'utf8')).toBe('content of pkg/deep/b.py\n');
    expect([...result.statuses]).toEqual(PLAN.map((f) => [f.path, 'created']));
    if (process.platform !== 'win32') expect(statSync(join(out, 'proj/scripts/run.sh')).mode & 0o111).not.toBe(0);
  });

  it('writes into an existing folder beside unrelated files', async () => {
    mkdirSync(join(out, 'proj/pkg'), { recursive: true });
    writeFileSync(join(out, 'proj/mine.txt'), 'keep');
    await writeProject(join(out, 'proj'), PLAN, { force: false });
    expect(readFileSync(join(out, 'proj/mine.txt'), 'utf8')).toBe('keep');
    expect(readFileSync(join(out, 'proj/pkg/a.py'), 'utf8')).toBe('content of pkg/a.py\n');
  });

  it('refuses to overwrite, listing every conflict, and writes nothing', async () => {
    mkdirSync(join(out, 'proj/pkg'), { recursive: true });
    writeFileSync(join(out, 'proj/README.md'), 'old readme');
    writeFileSync(join(out, 'proj/pkg/a.py'), 'old a');
    const before = tree(out);
    const error = await writeProject(join(out, 'proj'), PLAN, { force: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).paths).toEqual(['README.md', 'pkg/a.py']);
    expect((error as Error).message).toMatch(/2 files already exist[\s\S]*README\.md[\s\S]*pkg\/a\.py[\s\S]*--force/);
    expect(tree(out)).toEqual(before);
  });

  it('overwrites with force, touching nothing else', async () => {
    mkdirSync(join(out, 'proj'), { recursive: true });
    writeFileSync(join(out, 'proj/README.md'), 'old readme');
    writeFileSync(join(out, 'proj/notes.md'), 'mine');
    await writeProject(join(out, 'proj'), PLAN, { force: true });
    expect(readFileSync(join(out, 'proj/README.md'), 'utf8')).toBe('content of README.md\n');
    expect(readFileSync(join(out, 'proj/notes.md'), 'utf8')).toBe('mine');
    expect(readdirSync(join(out, 'proj')).filter((name) => name.startsWith('.create-mlops-stack-'))).toEqual([]);
  });

  it('reports each file as created, overwritten or unchanged, and leaves identical files untouched', async () => {
    mkdirSync(join(out, 'proj/pkg'), { recursive: true });
    writeFileSync(join(out, 'proj/README.md'), 'content of README.md\n');
    writeFileSync(join(out, 'proj/pkg/a.py'), 'old a');
    const untouched = lstatSync(join(out, 'proj/README.md'));
    const dry = await writeProject(join(out, 'proj'), PLAN, { force: true, dryRun: true });
    const result = await writeProject(join(out, 'proj'), PLAN, { force: true });
    const expected = [
      ['README.md', 'unchanged'],
      ['pkg/a.py', 'overwritten'],
      ['pkg/deep/b.py', 'created'],
      ['scripts/run.sh', 'created'],
    ];
    expect([...dry.statuses]).toEqual(expected);
    expect([...result.statuses]).toEqual(expected);
    const now = lstatSync(join(out, 'proj/README.md'));
    expect([now.ino, now.mtimeMs]).toEqual([untouched.ino, untouched.mtimeMs]);
    expect(readFileSync(join(out, 'proj/pkg/a.py'), 'utf8')).toBe('content of pkg/a.py\n');
  });

  it.skipIf(process.platform === 'win32')('counts a file with the same text but another executable bit as overwritten', async () => {
    mkdirSync(join(out, 'proj/scripts'), { recursive: true });
    writeFileSync(join(out, 'proj/scripts/run.sh'), '#!/bin/sh\n', { mode: 0o644 });
    const result = await writeProject(join(out, 'proj'), PLAN, { force: true });
    expect(result.statuses.get('scripts/run.sh')).toBe('overwritten');
    expect(statSync(join(out, 'proj/scripts/run.sh')).mode & 0o100).not.toBe(0);
  });

  it('writes nothing at all when every file is already identical', async () => {
    await writeProject(join(out, 'proj'), PLAN, { force: false });
    const before = tree(out);
    const result = await writeProject(join(out, 'proj'), PLAN, { force: true, fs: failing('mkdtemp', 1) });
    expect([...result.statuses.values()]).toEqual(PLAN.map(() => 'unchanged'));
    expect(tree(out)).toEqual(before);
  });

  it('never writes through a folder where a file goes, even with force', async () => {
    mkdirSync(join(out, 'proj/README.md'), { recursive: true });
    writeFileSync(join(out, 'proj/pkg'), 'a file where a folder goes');
    const before = tree(out);
    const error = await writeProject(join(out, 'proj'), PLAN, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/README\.md[\s\S]*pkg/);
    expect(tree(out)).toEqual(before);
  });

  it.skipIf(process.platform === 'win32')('treats a symlink at a file path as blocked, never following it', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'cms-elsewhere-'));
    writeFileSync(join(elsewhere, 'target.md'), 'outside');
    mkdirSync(join(out, 'proj'));
    symlinkSync(join(elsewhere, 'target.md'), join(out, 'proj/README.md'));
    const error = await writeProject(join(out, 'proj'), PLAN, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect(readFileSync(join(elsewhere, 'target.md'), 'utf8')).toBe('outside');
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('dry run checks conflicts and writes nothing', async () => {
    await writeProject(join(out, 'proj'), PLAN, { force: false, dryRun: true });
    expect(tree(out)).toEqual([]);
  });
});

describe('all or nothing: a failure at any step leaves the output as it was', () => {
  // A new project is staged as a tree and moved into place by one rename.
  const fresh: [string, keyof WriterFs, number][] = [
    ['no staging folder can be made', 'mkdtemp', 1],
    ['permission denied creating a folder', 'mkdir', 2],
    ['disk full while staging the first file', 'writeFile', 1],
    ['disk full while staging the last file', 'writeFile', PLAN.length],
    ['the final move into place failing', 'rename', 1],
  ];
  // Into an existing folder, staged files are moved one by one (replaced ones set aside first).
  const existing: [string, keyof WriterFs, number][] = [
    ['no staging folder can be made', 'mkdtemp', 1],
    ['disk full while staging the first file', 'writeFile', 1],
    ['disk full while staging the last file', 'writeFile', PLAN.length],
    ['permission denied creating a folder', 'mkdir', 1],
    ['moving a replaced file aside failing', 'rename', 2],
    ['a move into place failing half way', 'link', 3],
    ['the last move failing', 'link', PLAN.length],
    ['a copy into place failing (no hard links)', 'copyFile', 3],
  ];

  it.each(fresh)('%s (new project)', async (_, op, n) => {
    const error = await writeProject(join(out, 'a', 'proj'), PLAN, { force: false, fs: failing(op, n) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/injected failure.*Nothing was left behind/);
    expect(tree(out)).toEqual([]);
  });

  it.each(existing)('%s (overwriting with force)', async (_, op, n) => {
    mkdirSync(join(out, 'proj/pkg'), { recursive: true });
    writeFileSync(join(out, 'proj/README.md'), 'old readme');
    writeFileSync(join(out, 'proj/pkg/a.py'), 'old a');
    writeFileSync(join(out, 'proj/unrelated.txt'), 'mine');
    const before = tree(out);
    const fs = op === 'copyFile' ? failing(op, n, 'ENOSPC', { link: noHardLinks }) : failing(op, n);
    const error = await writeProject(join(out, 'proj'), PLAN, { force: true, fs }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/injected failure.*Nothing was left behind/);
    expect(tree(out)).toEqual(before);
  });

  it('falls back to copies on a file system without hard links, and still rolls back', async () => {
    mkdirSync(join(out, 'proj'));
    writeFileSync(join(out, 'proj/README.md'), 'old readme');
    await writeProject(join(out, 'proj'), PLAN, { force: true, fs: { ...nodeFs, link: noHardLinks } });
    expect(readFileSync(join(out, 'proj/README.md'), 'utf8')).toBe('content of README.md\n');
    expect(statSync(join(out, 'proj/scripts/run.sh')).mode & 0o100).not.toBe(0);
  });

  it('reports a rollback that failed too', async () => {
    mkdirSync(join(out, 'proj'));
    const broken: WriterFs = {
      ...failing('link', 2),
      unlink: () => {
        throw new Error('EBUSY: unlink refused');
      },
    };
    const error = await writeProject(join(out, 'proj'), PLAN, { force: false, fs: broken }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Rolling back failed too: EBUSY: unlink refused/);
  });
});

describe('interrupted writes', () => {
  /** A WriterFs that aborts `controller` on its n-th call, as a SIGINT arriving mid-write would. */
  function abortingAfter(n: number, controller: AbortController, reason: string): WriterFs {
    let calls = 0;
    const tick = (): void => {
      if (++calls === n) controller.abort(reason);
    };
    return {
      ...nodeFs,
      mkdir: (p) => (tick(), nodeFs.mkdir(p)),
      mkdtemp: (p) => (tick(), nodeFs.mkdtemp(p)),
      writeFile: (p, c, m) => (tick(), nodeFs.writeFile(p, c, m)),
      link: (a, b) => (tick(), nodeFs.link(a, b)),
      rename: (a, b) => (tick(), nodeFs.rename(a, b)),
    };
  }

  it.each([1, 2, 5, 8, 11])('SIGINT after %i file-system calls: InterruptedError, output as before', async (n) => {
    mkdirSync(join(out, 'proj'));
    writeFileSync(join(out, 'proj/README.md'), 'old readme');
    const before = tree(out);
    const controller = new AbortController();
    const error = await writeProject(join(out, 'proj'), PLAN, { force: true, signal: controller.signal, fs: abortingAfter(n, controller, 'SIGINT') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect(tree(out)).toEqual(before);
  });

  it('SIGTERM maps to exit code 143', async () => {
    const controller = new AbortController();
    const error = await writeProject(join(out, 'proj'), PLAN, { force: false, signal: controller.signal, fs: abortingAfter(3, controller, 'SIGTERM') }).catch(
      (e: unknown) => e,
    );
    expect((error as InterruptedError).exitCode).toBe(143);
    expect(tree(out)).toEqual([]);
  });
});

describe('symlinks already on disk', () => {
  it.skipIf(process.platform === 'win32')('refuses a project folder that a symlink leads out of the output folder', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'cms-elsewhere-'));
    symlinkSync(elsewhere, join(out, 'proj'));
    const error = await writeProject(join(out, 'proj'), PLAN, { force: true, within: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/through a symbolic link, outside the output folder/);
    expect(readdirSync(elsewhere)).toEqual([]);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')('never writes through a symlinked folder inside the project', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'cms-elsewhere-'));
    mkdirSync(join(out, 'proj'));
    symlinkSync(elsewhere, join(out, 'proj/pkg'));
    const error = await writeProject(join(out, 'proj'), PLAN, { force: true, within: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/  pkg\n/);
    expect(readdirSync(elsewhere)).toEqual([]);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')('accepts an output folder that is itself reached through a symlink', async () => {
    const real = mkdtempSync(join(tmpdir(), 'cms-real-'));
    symlinkSync(real, join(out, 'link'));
    await writeProject(join(out, 'link', 'proj'), PLAN, { force: false, within: join(out, 'link') });
    expect(readdirSync(join(real, 'proj'))).toContain('README.md');
    rmSync(real, { recursive: true, force: true });
  });
});

describe('planWrite', () => {
  it('reports existing files and blocked paths separately', () => {
    mkdirSync(join(out, 'pkg/deep/b.py'), { recursive: true });
    writeFileSync(join(out, 'README.md'), 'x');
    const plan = planWrite(out, PLAN, false);
    expect([plan.existing, plan.blocked, plan.newFolders]).toEqual([['README.md'], ['pkg/deep/b.py'], ['scripts']]);
  });

  it('reports a file where a folder goes, and nothing below a missing folder', () => {
    writeFileSync(join(out, 'pkg'), 'a file, not a folder');
    expect(planWrite(out, PLAN, false).blocked).toEqual(['pkg']);
    const fresh = planWrite(join(out, 'missing'), PLAN, false);
    expect([fresh.fresh, fresh.existing, fresh.blocked, fresh.newFolders]).toEqual([true, [], [], ['pkg', 'pkg/deep', 'scripts']]);
  });
});

describe('parentsOf', () => {
  it.each([
    ['README.md', []],
    ['a/b.py', ['a']],
    ['a/b/c/d.py', ['a', 'a/b', 'a/b/c']],
  ])('%s -> %j', (path, parents) => expect(parentsOf(path)).toEqual(parents));
});
