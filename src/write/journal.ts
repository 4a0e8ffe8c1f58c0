import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { WriterFs } from './fs.js';
import { escapeProblem } from './paths.js';

// The record a staging folder keeps of its run, so that whoever finds the folder (the run itself
// rolling back, or a later run after a SIGKILL or a power cut) knows what each copy in it is.

/** Staging folders are named so that a later run recognises them. */
export const STAGING_PREFIX = '.create-mlops-stack-';
const JOURNAL_FILE = 'journal';

/** A new project, staged whole as `tree/` and moved to `target` (a name beside the staging folder). */
export interface NewProjectHeader {
  mode: 'new';
  pid: number;
  target: string;
}

/**
 * Files staged as `new-<i>` and each moved (hard-linked) to `moves[i].path` in the folder that holds
 * the staging folder; a file it replaces is first moved aside as `old-<i>`.
 */
export interface IntoFolderHeader {
  mode: 'into';
  pid: number;
  moves: { path: string; replaces: boolean }[];
}

export type Header = NewProjectHeader | IntoFolderHeader;

/** What happened after the header was written, one JSON line each. */
export type JournalEvent =
  // A folder (relative to the folder holding the staging folder) the run is about to create; the new
  // project's folder too, created empty for the staged tree to replace. Written first, so a run
  // killed right after the mkdir still owns the folder.
  | ['making', string]
  | ['not made', string] // that mkdir failed: the folder there is not the run's
  | ['copied', number] // new-<i> was copied, not hard-linked, into place (a file system without hard links)
  | ['committed']; // every file is in place: the run succeeded

export const stagedPath = (staging: string, index: number): string => join(staging, `new-${index}`);
export const originalPath = (staging: string, index: number): string => join(staging, `old-${index}`);
export const stagedTree = (staging: string): string => join(staging, 'tree');

export class Journal {
  /** Creates the folder `path` (relative to `home`, the folder holding the staging folder), recorded as the run's own. */
  makeFolder(fs: WriterFs, home: string, path: string): void {
    this.append(['making', path]);
    try {
      fs.mkdir(join(home, path));
    } catch (error) {
      this.append(['not made', path]);
      throw error;
    }
  }

  private constructor(private readonly fd: number) {}

  static create(staging: string, header: Header): Journal {
    const journal = new Journal(openSync(join(staging, JOURNAL_FILE), 'wx', 0o600));
    journal.line(header);
    return journal;
  }

  append(event: JournalEvent): void {
    this.line(event);
  }

  /** On disk before a user's file is moved aside, so that not even a power cut leaves it unaccounted for. */
  flush(staging: string): void {
    fsyncSync(this.fd);
    syncFolder(staging);
  }

  close(): void {
    closeSync(this.fd);
  }

  private line(value: unknown): void {
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }
}

/** Windows cannot open a folder to sync it; there, NTFS journals the entries itself. */
function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The journal of a staging folder; undefined when it has none (the run stopped before writing it) or it is unreadable. */
export function readJournal(staging: string): { header: Header; events: JournalEvent[] } | undefined {
  let text: string;
  try {
    text = readFileSync(join(staging, JOURNAL_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const parsed: unknown[] = [];
  // A line cut short by a crash is the last one, and only that one is dropped.
  for (const line of lines) {
    try {
      if (line) parsed.push(JSON.parse(line));
    } catch {
      break;
    }
  }
  const [header, ...events] = parsed as [Header | undefined, ...JournalEvent[]];
  if (!header || (header.mode !== 'new' && header.mode !== 'into')) return undefined;
  // Whoever wrote it, a journal names nothing outside the folder that holds its staging folder.
  const paths = [
    ...(header.mode === 'new' ? [header.target] : header.moves.map((move) => move.path)),
    ...events.flatMap((event) => (event[0] === 'making' || event[0] === 'not made' ? [event[1]] : [])),
  ];
  if (paths.some((path) => typeof path !== 'string' || escapeProblem(path) !== undefined)) return undefined;
  return { header, events };
}
