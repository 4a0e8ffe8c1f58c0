import { type Stats, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kind, kindOfStats, lstatOrMissing, parentsOf } from './disk.js';
import type { PlannedFile } from '../render/render.js';

/** What a write does to each planned file. */
export type FileStatus = 'created' | 'overwritten' | 'unchanged';

export interface WritePlan {
  /** The project folder does not exist yet. */
  fresh: boolean;
  /** Every planned path with what the write does to it, in plan order. */
  statuses: Map<string, FileStatus>;
  /** Regular files already where planned files go: conflicts unless forced (identical ones included). */
  existing: string[];
  /** Paths that can never be written: a folder, link or device where a file goes, a file where a folder goes. */
  blocked: string[];
  /** Folders the write creates, relative, outermost first. */
  newFolders: string[];
  /** What stood at each overwritten path, so the writer can tell it is still that when it moves it aside. */
  seen: Map<string, Stats>;
}

const isExecutable = (stats: Stats): boolean => (stats.mode & 0o100) !== 0;

/** An existing file that already holds exactly what would be written (Windows keeps no executable bit). */
function identical(path: string, stats: Stats, file: PlannedFile): boolean {
  if (process.platform !== 'win32' && isExecutable(stats) !== file.executable) return false;
  const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
  return stats.size === content.length && readFileSync(path).equals(content);
}

/**
 * Looks at what stands where each planned file goes. Identical files are only read when `force`
 * would otherwise overwrite them: without it every existing file is a conflict.
 */
export function planWrite(projectDir: string, files: readonly PlannedFile[], force: boolean): WritePlan {
  const statuses = new Map<string, FileStatus>();
  const existing: string[] = [];
  const blocked = new Set<string>();
  const newFolders: string[] = [];
  const folders = new Set<string>();
  const seen = new Map<string, Stats>();
  const known = new Map<string, { kind: Kind; stats: Stats | undefined }>();
  // Below a missing folder everything is missing: a new project costs one lstat, not one per path.
  const look = (path: string): { kind: Kind; stats: Stats | undefined } => {
    let found = known.get(path);
    if (found === undefined) {
      const parent = path === '' ? undefined : path.slice(0, Math.max(0, path.lastIndexOf('/')));
      const stats = parent !== undefined && look(parent).kind === 'missing' ? undefined : lstatOrMissing(join(projectDir, path));
      found = { kind: kindOfStats(stats), stats };
      known.set(path, found);
    }
    return found;
  };
  const fresh = look('').kind === 'missing';
  for (const file of files) {
    for (const parent of parentsOf(file.path)) {
      const { kind } = look(parent);
      if (kind === 'missing' && !folders.has(parent)) {
        folders.add(parent);
        newFolders.push(parent);
      } else if (kind !== 'missing' && kind !== 'directory') blocked.add(parent);
    }
    const { kind, stats } = look(file.path);
    if (kind === 'file' && stats) {
      existing.push(file.path);
      if (force && identical(join(projectDir, file.path), stats, file)) statuses.set(file.path, 'unchanged');
      else {
        statuses.set(file.path, 'overwritten');
        seen.set(file.path, stats);
      }
    } else {
      if (kind !== 'missing') blocked.add(file.path);
      statuses.set(file.path, 'created');
    }
  }
  return { fresh, statuses, existing, blocked: [...blocked].sort(), newFolders, seen };
}
