// Named imports: `import * as` makes the CommonJS bundle copy every export of node:fs at start-up.
import { mkdirSync, mkdtempSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ancestorsBelow, checkContained, findConflicts, kindOf, nearestExisting, parentsOf } from './disk.js';
import { ConflictError, InterruptedError, WriteError, interruptedBy } from './errors.js';
import type { PlannedFile } from './render.js';

/** The file-system calls the writer makes; tests pass failing versions to prove the rollback. */
export interface WriterFs {
  mkdir(path: string): Promise<unknown>;
  mkdtemp(prefix: string): Promise<string>;
  writeFile(path: string, content: string | Buffer, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  rm(path: string): Promise<void>;
}

/**
 * The real calls. They are synchronous underneath: a project is many small files, and a round trip
 * through the thread pool for each would cost more than the writes themselves.
 */
export const nodeFs: WriterFs = {
  mkdir: async (path) => mkdirSync(path),
  mkdtemp: async (prefix) => mkdtempSync(prefix),
  writeFile: async (path, content, mode) => writeFileSync(path, content, { mode, flag: 'wx' }),
  rename: async (from, to) => renameSync(from, to),
  rmdir: async (path) => rmdirSync(path),
  rm: async (path) => rmSync(path, { recursive: true, force: true }),
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
// Date.now, not performance.now: the first use of `performance` loads perf_hooks (about 1 ms).
let lastYield = 0;

/** Lets a pending SIGINT/SIGTERM be delivered (every few milliseconds), then stops if one was. */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  if (Date.now() - lastYield >= SIGNAL_LATENCY_MS) {
    await new Promise((resume) => setImmediate(resume));
    lastYield = Date.now();
  }
  if (signal.aborted) throw interruptedBy(signal);
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

  const undo: (() => Promise<void>)[] = [];
  const made = new Set<string>();
  /** Creates the folders that are missing, outermost first, each undone on failure. */
  const makeFolders = async (dirs: readonly string[]): Promise<void> => {
    for (const dir of dirs) {
      if (made.has(dir) || kindOf(dir) !== 'missing') continue;
      await fs.mkdir(dir);
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
    for (const step of undo.reverse()) await step().catch((e: Error) => failures.push(e.message));
    if (error instanceof InterruptedError && failures.length === 0) throw error;
    const rollback = failures.length === 0 ? 'Nothing was left behind.' : `Rolling back failed too: ${failures.join('; ')}`;
    throw new WriteError(`writing ${projectDir} failed: ${(error as Error).message}. ${rollback}`);
  }
}

type MakeFolders = (dirs: readonly string[]) => Promise<void>;

async function makeStaging(parent: string, fs: WriterFs, undo: (() => Promise<void>)[]): Promise<string> {
  const staging = await fs.mkdtemp(join(parent, '.create-mlops-stack-'));
  undo.push(() => fs.rm(staging));
  return staging;
}

/** A new project: the whole tree is written in a staging folder beside it, then renamed into place. */
async function writeNewFolder(
  projectDir: string,
  files: readonly PlannedFile[],
  fs: WriterFs,
  makeFolders: MakeFolders,
  undo: (() => Promise<void>)[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const parent = dirname(projectDir);
  await makeFolders(ancestorsBelow(nearestExisting(parent), parent));
  const staging = await makeStaging(parent, fs, undo);
  // Each folder once, parents first: one mkdir call apiece (a recursive mkdir probes every level).
  const folders = new Set<string>();
  for (const file of files) {
    await checkpoint(signal);
    for (const folder of parentsOf(file.path)) {
      if (folders.has(folder)) continue;
      await fs.mkdir(join(staging, folder));
      folders.add(folder);
    }
    await fs.writeFile(join(staging, file.path), file.content, file.executable ? 0o755 : 0o644);
  }
  await checkpoint(signal);
  await fs.rename(staging, projectDir);
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
  undo: (() => Promise<void>)[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const staging = await makeStaging(projectDir, fs, undo);
  const staged = (index: number): string => join(staging, `new-${index}`);
  for (const [index, file] of files.entries()) {
    await checkpoint(signal);
    await fs.writeFile(staged(index), file.content, file.executable ? 0o755 : 0o644);
  }
  for (const [index, file] of files.entries()) {
    await checkpoint(signal);
    const target = join(projectDir, file.path);
    await makeFolders(ancestorsBelow(projectDir, dirname(target)));
    if (replaced.has(file.path)) {
      const backup = join(staging, `old-${index}`);
      await fs.rename(target, backup);
      undo.push(() => fs.rename(backup, target));
    }
    await fs.rename(staged(index), target);
    undo.push(() => fs.rename(target, staged(index)));
  }
  await fs.rm(staging).catch(() => undefined);
}
