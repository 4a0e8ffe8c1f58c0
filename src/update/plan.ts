import type { PlannedFile } from '../render/render.js';
import { type MergeLabels, merge3, rejectsOf } from './merge.js';
import { contentHash } from './hash.js';

// What an update does to each file of one run, decided in memory from three versions of it: the
// pristine render of the recorded version (base), the render of the current version (new), and
// the user's file.

export type FileStatus = 'updated' | 'merged' | 'conflict' | 'kept' | 'added' | 'removed' | 'unchanged';
/** The statuses that change the project (`check` fails on them). */
export const CHANGING: ReadonlySet<FileStatus> = new Set(['updated', 'merged', 'conflict', 'added', 'removed']);

export interface FilePlan {
  path: string;
  status: FileStatus;
  /** Why a file is kept or in conflict, in words. */
  note?: string;
  /** Conflicting regions (status `conflict`). */
  conflicts?: number;
}

export interface PlanInput {
  /** Path -> recorded hash of what the run wrote. */
  recorded: Readonly<Record<string, string>>;
  base: ReadonlyMap<string, PlannedFile>;
  next: ReadonlyMap<string, PlannedFile>;
  /** The user's file now; undefined when there is none. */
  read: (path: string) => Buffer | undefined;
  conflictStyle: 'markers' | 'rej';
  labels: MergeLabels;
}

export interface FilesPlan {
  files: FilePlan[];
  writes: PlannedFile[];
  deletes: string[];
}

const asBuffer = (content: string | Buffer): Buffer => (typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
/** Text a line merge may handle: UTF-8 without NUL. */
function textOf(content: string | Buffer): string | undefined {
  if (typeof content === 'string') return content;
  const text = content.toString('utf8');
  return !text.includes('\u0000') && Buffer.from(text, 'utf8').equals(content) ? text : undefined;
}

export function planFileUpdates(input: PlanInput): FilesPlan {
  const files: FilePlan[] = [];
  const writes: PlannedFile[] = [];
  const deletes: string[] = [];
  const paths = [...new Set([...Object.keys(input.recorded), ...input.next.keys()])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const path of paths) {
    const recordedHash = input.recorded[path];
    const base = recordedHash === undefined ? undefined : input.base.get(path);
    const next = input.next.get(path);
    const mine = input.read(path);
    const userChanged = mine !== undefined && recordedHash !== undefined && contentHash(mine) !== recordedHash;
    const report = (status: FileStatus, note?: string): void => void files.push(note === undefined ? { path, status } : { path, status, note });

    if (recordedHash !== undefined && mine === undefined) {
      report(next === undefined ? 'removed' : 'kept', next === undefined ? 'already deleted by you' : 'deleted by you: not recreated');
    } else if (next === undefined) {
      // Removed by the new version.
      if (userChanged) report('kept', 'no longer generated, kept because you changed it');
      else {
        report('removed');
        deletes.push(path);
      }
    } else if (base === undefined) {
      // Added by the new version.
      if (mine === undefined) {
        report('added');
        writes.push(next);
      } else if (asBuffer(mine).equals(asBuffer(next.content))) report('unchanged');
      else {
        const merged = mergeBoth(path, '', mine, next, input, 'added by the new version where you have a file');
        files.push(merged.plan);
        writes.push(...merged.writes);
      }
    } else if (asBuffer(base.content).equals(asBuffer(next.content))) {
      report(userChanged ? 'kept' : 'unchanged');
    } else if (!userChanged) {
      report('updated');
      writes.push(next);
    } else {
      const merged = mergeBoth(path, textOf(base.content), mine as Buffer, next, input);
      files.push(merged.plan);
      writes.push(...merged.writes);
    }
  }
  return { files, writes, deletes };
}

/**
 * A file changed on both sides (or, with an empty base, added on both), merged: cleanly, or with
 * conflicts as markers in the file or as a `.rej` beside it. Binary files are not merged: yours stay.
 */
function mergeBoth(path: string, base: string | undefined, mine: Buffer, next: PlannedFile, input: PlanInput, note?: string): { plan: FilePlan; writes: PlannedFile[] } {
  const mineText = textOf(mine);
  const nextText = textOf(next.content);
  if (base === undefined || mineText === undefined || nextText === undefined) {
    return { plan: { path, status: 'conflict', note: note ?? 'a binary file changed on both sides: yours kept', conflicts: 1 }, writes: [] };
  }
  const markers = input.conflictStyle === 'markers';
  const result = merge3(base, mineText, nextText, input.labels, { markers });
  const writes = result.text === mineText ? [] : [{ ...next, content: result.text }];
  if (result.conflicts.length === 0) {
    return { plan: writes.length === 0 ? { path, status: 'kept', note: 'your version already holds the change' } : { path, status: 'merged' }, writes };
  }
  if (!markers) writes.push({ path: `${path}.rej`, content: rejectsOf(path, result.conflicts), executable: false });
  return { plan: { path, status: 'conflict', conflicts: result.conflicts.length, ...(note ? { note } : {}) }, writes };
}
