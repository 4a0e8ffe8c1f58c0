import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkRealFolders, kindOf } from './disk.js';
import type { WriterFs } from './fs.js';
import { type JournalEvent, originalPath, readJournal, stagedPath, stagedTree } from './journal.js';
import { placeFile } from './move.js';

// Undoing what a staging folder's run did: the rollback of a failed or interrupted run, and the
// recovery of leftovers from a run that was killed (SIGKILL, a power cut) before it could roll back.

/** What undoing a staging folder does, worked out from its journal and what is on disk now. */
export interface Undo {
  staging: string;
  /** The folder the run wrote into. */
  home: string;
  /** Generated files in place, to remove (relative to `home`). */
  remove: string[];
  /** The user's files that were moved aside, to put back (relative to `home`). */
  restore: { path: string; from: string }[];
  /** Folders the run created, deepest first, removed when empty. */
  folders: string[];
  /** What the staging folder is, in words. */
  what: string;
}

const isDirectory = (path: string): boolean => kindOf(path) === 'directory';

function sameFile(a: string, b: string): boolean {
  try {
    const x = lstatSync(a);
    const y = lstatSync(b);
    return x.isFile() && x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function sameContent(a: string, b: string): boolean {
  try {
    return kindOf(a) === 'file' && readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

/** The folders the journal says the run created, deepest first. */
function foldersMade(events: readonly JournalEvent[]): string[] {
  const failed = new Set(events.flatMap((event) => (event[0] === 'not made' ? [event[1]] : [])));
  return events.flatMap((event) => (event[0] === 'making' && !failed.has(event[1]) ? [event[1]] : [])).reverse();
}

export function planUndo(staging: string): Undo {
  const home = dirname(staging);
  const undo: Undo = { staging, home, remove: [], restore: [], folders: [], what: '' };
  const journal = readJournal(staging);
  if (!journal) {
    undo.what = 'files staged by a run that stopped before it moved any into place';
    return undo;
  }
  const { header, events } = journal;
  const committed = events.some(([event]) => event === 'committed');
  if (header.mode === 'new') {
    const target = join(home, header.target);
    if (!isDirectory(stagedTree(staging))) {
      undo.what = `the staging folder of a run that finished writing ${target}`;
      return undo;
    }
    undo.what = `a new project for ${target}, staged by a run that stopped before moving it into place`;
    undo.folders = foldersMade(events);
    return undo;
  }
  if (committed) {
    undo.what = `the staging folder of a run that finished writing into ${home}`;
    return undo;
  }
  const copied = new Set(events.flatMap((event) => (event[0] === 'copied' ? [event[1]] : [])));
  header.moves.forEach((move, index) => {
    const target = join(home, move.path);
    const staged = stagedPath(staging, index);
    if (sameFile(target, staged) || (copied.has(index) && sameContent(target, staged))) undo.remove.push(move.path);
    const original = originalPath(staging, index);
    if (move.replaces && kindOf(original) === 'file') undo.restore.push({ path: move.path, from: original });
  });
  undo.folders = foldersMade(events);
  const parts = [
    undo.remove.length > 0 ? `${undo.remove.length} generated file${undo.remove.length === 1 ? '' : 's'} to remove` : '',
    undo.restore.length > 0 ? `your file${undo.restore.length === 1 ? '' : 's'} to restore: ${undo.restore.map((r) => r.path).join(', ')}` : '',
  ].filter(Boolean);
  undo.what = `a write into ${home} that stopped half way${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`;
  return undo;
}

/**
 * Undoes the run: generated files removed, the user's files put back where they were (never over
 * a file that appeared there since), created folders removed when empty, then the staging folder.
 * Returns what could not be done; the staging folder stays when anything could not.
 */
export function applyUndo(undo: Undo, fs: WriterFs): string[] {
  const problems: string[] = [];
  const attempt = (step: () => void): void => {
    try {
      step();
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  for (const path of undo.remove) {
    attempt(() => {
      checkRealFolders(undo.home, path);
      fs.unlink(join(undo.home, path));
    });
  }
  for (const { path, from } of undo.restore) {
    attempt(() => {
      checkRealFolders(undo.home, path);
      try {
        placeFile(fs, from, join(undo.home, path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        throw new Error(`your file ${path} is kept at ${from}, because another file now stands at ${join(undo.home, path)}`);
      }
      fs.unlink(from);
    });
  }
  for (const folder of undo.folders) {
    const full = join(undo.home, folder);
    // A folder something else put files in since is left as it is.
    if (isDirectory(full) && readdirSync(full).length === 0) attempt(() => fs.rmdir(full));
  }
  if (problems.length === 0) attempt(() => fs.rm(undo.staging));
  return problems;
}
