import { type Stats, lstatSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { ancestorsBelow, checkContained, checkRealFolders, nearestExisting, parentsOf } from './disk.js';
import { type WriterFs, nodeFs } from './fs.js';
import { type IntoFolderHeader, Journal, STAGING_PREFIX, originalPath, stagedPath, stagedTree } from './journal.js';
import { clearLeftovers, leftoverFolders } from './leftovers.js';
import { placeFile, placeFolder } from './move.js';
import { checkPlannedPaths } from './paths.js';
import { type FileStatus, type WritePlan, planWrite } from './plan.js';
import { applyUndo, planUndo } from './recover.js';
import { ConflictError, InterruptedError, WriteError, interruptedBy } from '../errors.js';
import type { PlannedFile } from '../render/render.js';

export { type WriterFs, nodeFs } from './fs.js';
export type { FileStatus } from './plan.js';

export interface WriteOptions {
  force: boolean;
  /** Check conflicts only. */
  dryRun?: boolean;
  /** The folder the project must stay inside, even through symlinks already on disk. */
  within?: string;
  /** Aborted by SIGINT/SIGTERM: the write stops, rolls back, and throws an InterruptedError. */
  signal?: AbortSignal;
  /** Asks whether to undo what an interrupted earlier run left behind (interactive runs). */
  confirm?: (question: string) => Promise<boolean>;
  fs?: WriterFs;
}

export interface WriteResult {
  /** Every planned path with what the run did to it (or, with `dryRun`, would do). */
  statuses: Map<string, FileStatus>;
  /** A line for each leftover of an interrupted earlier run that was undone first. */
  recovered: string[];
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
 * Writes the planned files below `projectDir`, all or nothing (with `dryRun`, only the checks).
 * Leftovers of an interrupted earlier run are undone first, with consent. Every file is then staged
 * in a folder of its own (so a full disk or a permission error strikes before anything is in place),
 * and moved into place by operations that never replace anything: a new project by one rename, files
 * into an existing folder one by one as hard links. If any step fails or a signal arrives before the
 * last move, the run is undone from the staging folder's journal, as a later run would undo it after
 * a SIGKILL. Once every file is in place the run has succeeded and nothing stops it.
 */
export async function writeProject(projectDir: string, files: readonly PlannedFile[], options: WriteOptions): Promise<WriteResult> {
  const fs = options.fs ?? nodeFs;
  checkPlannedPaths(files);
  if (options.within) checkContained(projectDir, options.within);
  const recovered = await clearLeftovers(leftoverFolders(projectDir, options.within), {
    force: options.force,
    dryRun: options.dryRun ?? false,
    confirm: options.confirm,
    fs,
  });
  const plan = planWrite(projectDir, files, options.force);
  if (plan.blocked.length > 0) {
    throw new WriteError(
      `cannot write into ${projectDir}: these paths exist but are not regular files or folders as the project needs:\n` +
        plan.blocked.map((p) => `  ${p}`).join('\n') +
        '\nNothing was written.',
      plan.blocked,
    );
  }
  if (plan.existing.length > 0 && !options.force) throw new ConflictError(plan.existing);
  const result = { statuses: plan.statuses, recovered };
  const changed = files.filter((file) => plan.statuses.get(file.path) !== 'unchanged');
  if (options.dryRun || changed.length === 0) return result;

  const { fresh } = plan;
  // A new project is staged beside the outermost folder it creates, which the final rename makes appear.
  const top = fresh ? (ancestorsBelow(nearestExisting(projectDir), projectDir)[0] ?? projectDir) : projectDir;
  let staging: string;
  try {
    staging = fs.mkdtemp(join(fresh ? dirname(top) : projectDir, STAGING_PREFIX));
  } catch (error) {
    throw new WriteError(`writing ${projectDir} failed: ${(error as Error).message}. Nothing was left behind.`);
  }
  let journal: Journal | undefined;
  try {
    if (fresh) {
      journal = Journal.create(staging, { mode: 'new', pid: process.pid, target: relative(dirname(top), top) });
      await writeNewProject(staging, top, projectDir, changed, journal, fs, options.signal);
    } else {
      const moves = changed.map((file) => ({ path: file.path, replaces: plan.statuses.get(file.path) === 'overwritten' }));
      journal = Journal.create(staging, { mode: 'into', pid: process.pid, moves } satisfies IntoFolderHeader);
      await writeIntoFolder(projectDir, staging, changed, plan, journal, fs, options.signal);
    }
  } catch (error) {
    journal?.close();
    const problems = applyUndo(planUndo(staging), fs);
    if (error instanceof InterruptedError && problems.length === 0) throw error;
    const rollback = problems.length === 0 ? 'Nothing was left behind.' : `Rolling back failed too: ${problems.join('; ')}`;
    throw new WriteError(`writing ${projectDir} failed: ${(error as Error).message}. ${rollback}`);
  }
  journal.close();
  try {
    fs.rm(staging);
  } catch {
    // the project is in place; a staging folder left behind holds only copies, and the next run removes it
  }
  return result;
}

/** An error for a path that something else created after the conflict check. */
function appeared(path: string, error: unknown): unknown {
  return (error as NodeJS.ErrnoException).code === 'EEXIST' ? new WriteError(`${path} appeared while the project was written`) : error;
}

/** A new project: the whole tree is written in the staging folder, then renamed to `top`: the commit point. */
async function writeNewProject(
  staging: string,
  top: string,
  projectDir: string,
  files: readonly PlannedFile[],
  journal: Journal,
  fs: WriterFs,
  signal: AbortSignal | undefined,
): Promise<void> {
  const tree = stagedTree(staging);
  const root = join(tree, relative(top, projectDir));
  for (const folder of [tree, ...ancestorsBelow(tree, root)]) fs.mkdir(folder);
  // Each folder once, parents first: one mkdir call apiece (a recursive mkdir probes every level).
  const folders = new Set<string>();
  await eachUnlessInterrupted(files, signal, (file) => {
    for (const folder of parentsOf(file.path)) {
      if (folders.has(folder)) continue;
      fs.mkdir(join(root, folder));
      folders.add(folder);
    }
    fs.writeFile(join(root, file.path), file.content, file.executable ? 0o755 : 0o644);
  });
  try {
    placeFolder(fs, tree, dirname(top), basename(top), journal);
  } catch (error) {
    throw appeared(top, error);
  }
}

/** The same file as was seen at the conflict check, unchanged since. */
const sameAsSeen = (now: Stats, seen: Stats): boolean =>
  now.isFile() && now.dev === seen.dev && now.ino === seen.ino && now.size === seen.size && now.mtimeMs === seen.mtimeMs;

/**
 * An existing folder: files are staged flat in the staging folder inside it, then each put in
 * place as a hard link, once a file it replaces (with force) has been moved aside into the staging
 * folder and found to be what the conflict check saw. The last move is the commit point.
 */
async function writeIntoFolder(
  projectDir: string,
  staging: string,
  files: readonly PlannedFile[],
  plan: WritePlan,
  journal: Journal,
  fs: WriterFs,
  signal: AbortSignal | undefined,
): Promise<void> {
  await eachUnlessInterrupted(files.entries(), signal, ([index, file]) => {
    fs.writeFile(stagedPath(staging, index), file.content, file.executable ? 0o755 : 0o644);
  });
  if (plan.seen.size > 0) journal.flush(staging);
  const newFolders = new Set(plan.newFolders);
  const made = new Set<string>();
  await eachUnlessInterrupted(files.entries(), signal, ([index, file]) => {
    for (const folder of parentsOf(file.path)) {
      if (!newFolders.has(folder) || made.has(folder)) continue;
      try {
        journal.makeFolder(fs, projectDir, folder);
      } catch (error) {
        throw appeared(join(projectDir, folder), error);
      }
      made.add(folder);
    }
    checkRealFolders(projectDir, file.path);
    const target = join(projectDir, file.path);
    const seen = plan.seen.get(file.path);
    if (seen) {
      const aside = originalPath(staging, index);
      fs.rename(target, aside);
      if (!sameAsSeen(lstatSync(aside), seen)) throw new WriteError(`${target} changed while the project was written`);
    }
    try {
      if (placeFile(fs, stagedPath(staging, index), target) === 'copied') journal.append(['copied', index]);
    } catch (error) {
      throw appeared(target, error);
    }
  });
  journal.append(['committed']);
}
