// Named imports: `import * as` makes the CommonJS bundle copy every export of node:fs at start-up.
import { mkdirSync, mkdtempSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ancestorsBelow, checkContained, findConflicts, kindOf, nearestExisting, parentsOf } from './disk.js';
import { ConflictError, InterruptedError, WriteError, interruptedBy } from '../errors.js';
import type { PlannedFile } from '../render/render.js';

/** The file-system calls the writer makes; tests pass failing versions to prove the rollback. */
export interface WriterFs {
  mkdir(path: string): void;
  mkdtemp(prefix: string): string;
  writeFile(path: string, content: string | Buffer, mode: number): void;
  rename(from: string, to: string): void;
  rmdir(path: string): void;
  rm(path: string): void;
}

/**
 * The real calls, synchronous: a project is many small files, and a round trip through the thread
 * pool, or even a promise, for each would cost more than the writes themselves.
 */
export const nodeFs: WriterFs = {
  mkdir: (path) => void mkdirSync(path),
  mkdtemp: (prefix) => mkdtempSync(prefix),
  writeFile: (path, content, mode) => writeFileSync(path, content, { mode, flag: 'wx' }),
  rename: (from, to) => renameSync(from, to),
  rmdir: (path) => rmdirSync(path),
  rm: (path) => rmSync(path, { recursive: true, force: true }),
};

export interface WriteOptions {
  force: boolean;
  /** Check conflicts only. */
  dryRun?: boolean;
  /** The folder the project must stay inside, even through symlinks already on disk. */
  within?: string;
  /** Aborted by SIGINT/SIGTERM: the write stops, rolls back, and throws an InterruptedError. */
  signal?: AbortSignal;
  fs?: WriterFs;
}

/** How long the writer works between chances for a SIGINT/SIGTERM to be delivered. */
const SIGNAL_LATENCY_MS = 5;

/**
 * Runs `step` on each item, stopping with an InterruptedError once `signal` is aborted. Signals are
 * delivered by the event loop, so the loop yields to it first (a signal sent while the project was
 * rendered stops the write before it begins) and then every few milliseconds. (Date.now, not
 * performance.now: the first use of `performance` loads perf_hooks, about 1 ms.)
 */
async function eachUnlessInterrupted<T>(items: Iterable<T>, signal: AbortSignal | undefined, step: (item: T) => void): Promise<void> {
  let lastYield = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    if (signal) {
      if (Date.now() - lastYield >= SIGNAL_LATENCY_MS) {
        await new Promise((resume) => setImmediate(resume));
        lastYield = Date.now();
      }
      if (signal.aborted) throw interruptedBy(signal);
    }
    step(item);
  }
  if (signal?.aborted) throw interruptedBy(signal);
}

/**
 * Writes the planned files below `projectDir`, all or nothing (with `dryRun`, only the conflict
 * checks). Every file is first written into a staging folder (so a full disk or a permission error
 * strikes before anything is in place). A new project is staged whole beside where it goes and
 * moved into place by one rename; into an existing folder, files are moved one by one. If any step
 * fails or a signal arrives, every step is undone: moves reversed, replaced files restored,
 * created folders removed.
 */
export async function writeProject(
  projectDir: string,
  files: readonly PlannedFile[],
  options: WriteOptions,
): Promise<void> {
  const fs = options.fs ?? nodeFs;
  if (options.within) checkContained(projectDir, options.within);
  const { existing, blocked } = findConflicts(projectDir, files);
  if (blocked.length > 0) {
    throw new WriteError(
      `cannot write into ${projectDir}: these paths exist but are not regular files or folders as the project needs:\n` +
        blocked.map((p) => `  ${p}`).join('\n') +
        '\nNothing was written.',
    );
  }
  if (existing.length > 0 && !options.force) throw new ConflictError(existing);
  if (options.dryRun) return;

  const undo: (() => void)[] = [];
  const made = new Set<string>();
  /** Creates the folders that are missing, outermost first, each undone on failure. */
  const makeFolders = (dirs: readonly string[]): void => {
    for (const dir of dirs) {
      if (made.has(dir) || kindOf(dir) !== 'missing') continue;
      fs.mkdir(dir);
      made.add(dir);
      undo.push(() => fs.rmdir(dir));
    }
  };
  const fresh = kindOf(projectDir) === 'missing';
  try {
    if (fresh) await writeNewFolder(projectDir, files, fs, makeFolders, undo, options.signal);
    else await writeIntoFolder(projectDir, files, new Set(existing), fs, makeFolders, undo, options.signal);
  } catch (error) {
    const failures: string[] = [];
    for (const step of undo.reverse()) {
      try {
        step();
      } catch (failure) {
        failures.push((failure as Error).message);
      }
    }
    if (error instanceof InterruptedError && failures.length === 0) throw error;
    const rollback = failures.length === 0 ? 'Nothing was left behind.' : `Rolling back failed too: ${failures.join('; ')}`;
    throw new WriteError(`writing ${projectDir} failed: ${(error as Error).message}. ${rollback}`);
  }
}

type MakeFolders = (dirs: readonly string[]) => void;

function makeStaging(parent: string, fs: WriterFs, undo: (() => void)[]): string {
  const staging = fs.mkdtemp(join(parent, '.create-mlops-stack-'));
  undo.push(() => fs.rm(staging));
  return staging;
}

/** A new project: the whole tree is written in a staging folder beside it, then renamed into place. */
async function writeNewFolder(
  projectDir: string,
  files: readonly PlannedFile[],
  fs: WriterFs,
  makeFolders: MakeFolders,
  undo: (() => void)[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const parent = dirname(projectDir);
  makeFolders(ancestorsBelow(nearestExisting(parent), parent));
  const staging = makeStaging(parent, fs, undo);
  // Each folder once, parents first: one mkdir call apiece (a recursive mkdir probes every level).
  const folders = new Set<string>();
  await eachUnlessInterrupted(files, signal, (file) => {
    for (const folder of parentsOf(file.path)) {
      if (folders.has(folder)) continue;
      fs.mkdir(join(staging, folder));
      folders.add(folder);
    }
    fs.writeFile(join(staging, file.path), file.content, file.executable ? 0o755 : 0o644);
  });
  fs.rename(staging, projectDir);
}

/**
 * An existing folder: files are staged flat in a folder inside it, then each moved into place,
 * replacing (with force) the files in `replaced`, which are kept in the staging folder until the end.
 */
async function writeIntoFolder(
  projectDir: string,
  files: readonly PlannedFile[],
  replaced: ReadonlySet<string>,
  fs: WriterFs,
  makeFolders: MakeFolders,
  undo: (() => void)[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const staging = makeStaging(projectDir, fs, undo);
  const staged = (index: number): string => join(staging, `new-${index}`);
  await eachUnlessInterrupted(files.entries(), signal, ([index, file]) => {
    fs.writeFile(staged(index), file.content, file.executable ? 0o755 : 0o644);
  });
  await eachUnlessInterrupted(files.entries(), signal, ([index, file]) => {
    const target = join(projectDir, file.path);
    makeFolders(ancestorsBelow(projectDir, dirname(target)));
    if (replaced.has(file.path)) {
      const backup = join(staging, `old-${index}`);
      fs.rename(target, backup);
      undo.push(() => fs.rename(backup, target));
    }
    fs.rename(staged(index), target);
    undo.push(() => fs.rename(target, staged(index)));
  });
  try {
    fs.rm(staging);
  } catch {
    // the project is in place; a staging folder left behind is only clutter
  }
}
