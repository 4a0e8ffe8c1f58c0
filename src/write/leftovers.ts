import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ancestorsBelow, nearestExisting } from './disk.js';
import { WriteError } from '../errors.js';
import type { WriterFs } from './fs.js';
import { type Header, STAGING_PREFIX, readJournal } from './journal.js';
import { type Undo, applyUndo, planUndo } from './recover.js';

// Staging folders that a killed run left behind, found by the next run into the same folder.

/**
 * The folders where a run writing `projectDir` puts its staging folder: the project folder, or,
 * for a new one, the nearest existing folder above it, down from the output folder `within`.
 */
export function leftoverFolders(projectDir: string, within: string | undefined): string[] {
  let top = nearestExisting(within ?? dirname(projectDir));
  // A new project's outermost folder is created empty just before the staged tree replaces it: a
  // run killed then left that folder, with its staging folder beside it.
  while (isEmptyFolder(top) && dirname(top) !== top) top = dirname(top);
  return [top, ...ancestorsBelow(top, projectDir)];
}

function isEmptyFolder(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

/** The staging folders in `folder`. */
function stagingsIn(folder: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.isDirectory() && entry.name.startsWith(STAGING_PREFIX)).map((entry) => join(folder, entry.name));
}

/** How long a staging folder without a journal may belong to a run that is about to write one. */
const JOURNAL_GRACE_MS = 10_000;

/** Whether the run that made the staging folder may still be at work (another run writing at the same time). */
function inUse(staging: string, header: Header | undefined): boolean {
  if (!header) {
    try {
      return Date.now() - lstatSync(staging).mtimeMs < JOURNAL_GRACE_MS;
    } catch {
      return false;
    }
  }
  if (header.pid === process.pid) return false;
  try {
    process.kill(header.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Staging folders left in `folders` by runs that are no longer running. */
export function findLeftovers(folders: readonly string[]): Undo[] {
  return folders
    .flatMap(stagingsIn)
    .filter((staging) => !inUse(staging, readJournal(staging)?.header))
    .map(planUndo);
}

export interface LeftoverOptions {
  /** Consent given up front: restore and remove without asking. */
  force: boolean;
  dryRun: boolean;
  /** Asks the user; without it (a scripted run) leftovers stop the run unless `force`. */
  confirm?: (question: string) => Promise<boolean>;
  fs: WriterFs;
}

/**
 * Finds the leftovers of killed runs in `folders`, says what they are and, with the user's consent,
 * undoes them: the user's files restored, generated files and staging folders removed. Returns a
 * line for each leftover undone.
 */
export async function clearLeftovers(folders: readonly string[], options: LeftoverOptions): Promise<string[]> {
  const leftovers = findLeftovers(folders);
  if (leftovers.length === 0) return [];
  const listing = `Found what an interrupted run left behind:\n${leftovers.map((undo) => `  ${undo.staging}: ${undo.what}`).join('\n')}`;
  if (options.dryRun) throw new WriteError(`${listing}\nA run without --dry-run restores your files and removes the rest (asking first, or at once with --force). Nothing was changed.`);
  const consent = options.force || (options.confirm !== undefined && (await options.confirm(`${listing}\nRestore your files and remove the rest?`)));
  if (!consent) throw new WriteError(`${listing}\nNothing was changed. Re-run with --force (or interactively, to be asked) to restore your files and remove the rest.`);
  const done: string[] = [];
  for (const undo of leftovers) {
    const problems = applyUndo(undo, options.fs);
    if (problems.length > 0) throw new WriteError(`cleaning up ${undo.staging} failed: ${problems.join('; ')}. The project was not written.`);
    done.push(`Undid ${undo.what} (${undo.staging}).`);
  }
  return done;
}
