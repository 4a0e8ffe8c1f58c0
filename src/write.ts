import * as fs from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
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
  mkdir: async (path) => fs.mkdirSync(path),
  mkdtemp: async (prefix) => fs.mkdtempSync(prefix),
  writeFile: async (path, content, mode) => fs.writeFileSync(path, content, { mode, flag: 'wx' }),
  rename: async (from, to) => fs.renameSync(from, to),
  rmdir: async (path) => fs.rmdirSync(path),
  rm: async (path) => fs.rmSync(path, { recursive: true, force: true }),
};

type Kind = 'missing' | 'file' | 'directory' | 'other';

function kindOf(path: string): Kind {
  let stats: fs.Stats | undefined;
  try {
    stats = fs.lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    // A file where a parent folder should be: that parent is reported, not this path.
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'missing' : 'other';
  }
  return !stats ? 'missing' : stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
}

function parentsOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Paths that stop a write: files that would be overwritten (allowed with `force`), and paths that
 * can never be written (a folder, link or device where a file goes, a file where a folder goes).
 */
export function findConflicts(projectDir: string, files: readonly PlannedFile[]): { existing: string[]; blocked: string[] } {
  const existing: string[] = [];
  const blocked = new Set<string>();
  const checked = new Map<string, Kind>();
  const kind = (path: string): Kind => {
    let found = checked.get(path);
    if (found === undefined) checked.set(path, (found = kindOf(join(projectDir, path))));
    return found;
  };
  for (const file of files) {
    for (const parent of parentsOf(file.path)) {
      const parentKind = kind(parent);
      if (parentKind !== 'missing' && parentKind !== 'directory') blocked.add(parent);
    }
    const fileKind = kind(file.path);
    if (fileKind === 'file') existing.push(file.path);
    else if (fileKind !== 'missing') blocked.add(file.path);
  }
  return { existing, blocked: [...blocked].sort() };
}

function nearestExisting(path: string): string {
  let current = path;
  while (kindOf(current) === 'missing') {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

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

/** Refuses a project folder that an existing symlink on its path leads out of `root`. */
function checkContained(projectDir: string, root: string): void {
  // A root that does not exist yet is created by this run, with all below it.
  if (!fs.existsSync(root)) return;
  const existing = nearestExisting(projectDir);
  const realRoot = fs.realpathSync.native(root);
  let real: string;
  try {
    real = fs.realpathSync.native(existing);
  } catch {
    real = `${existing} (a broken symbolic link)`;
  }
  if (real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return;
  throw new WriteError(`${existing} leads to ${real} through a symbolic link, outside the output folder ${root}. Nothing was written.`);
}

/** How long the writer works between chances for a SIGINT/SIGTERM to be delivered. */
const SIGNAL_LATENCY_MS = 5;
let lastYield = 0;

/** Lets a pending SIGINT/SIGTERM be delivered (every few milliseconds), then stops if one was. */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  if (performance.now() - lastYield >= SIGNAL_LATENCY_MS) {
    await new Promise((resume) => setImmediate(resume));
    lastYield = performance.now();
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

/** Folders from just below `anchor` down to `dir`, outermost first. */
function ancestorsBelow(anchor: string, dir: string): string[] {
  const parts = relative(anchor, dir).split(sep).filter(Boolean);
  return parts.map((_, i) => join(anchor, ...parts.slice(0, i + 1)));
}
