import { type Stats, existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { WriteError } from '../errors.js';
import type { PlannedFile } from '../render/render.js';

// What stands on disk where the project goes: the checks the writer makes before writing.

export type Kind = 'missing' | 'file' | 'directory' | 'other';

export function kindOf(path: string): Kind {
  let stats: Stats | undefined;
  try {
    stats = lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    // A file where a parent folder should be: that parent is reported, not this path.
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'missing' : 'other';
  }
  return !stats ? 'missing' : stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
}

/** The folders of a `/`-separated relative path, outermost first: `a/b/c` -> `a`, `a/b`. */
export function parentsOf(path: string): string[] {
  const parents: string[] = [];
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) parents.push(path.slice(0, slash));
  return parents;
}

/**
 * Paths that stop a write: files that would be overwritten (allowed with `force`), and paths that
 * can never be written (a folder, link or device where a file goes, a file where a folder goes).
 */
export function findConflicts(projectDir: string, files: readonly PlannedFile[]): { existing: string[]; blocked: string[] } {
  const existing: string[] = [];
  const blocked = new Set<string>();
  const checked = new Map<string, Kind>();
  // Below a missing folder everything is missing: a new project costs one lstat, not one per path.
  const kind = (path: string): Kind => {
    let found = checked.get(path);
    if (found === undefined) {
      const parent = path === '' ? undefined : path.slice(0, Math.max(0, path.lastIndexOf('/')));
      found = parent !== undefined && kind(parent) === 'missing' ? 'missing' : kindOf(join(projectDir, path));
      checked.set(path, found);
    }
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

export function nearestExisting(path: string): string {
  let current = path;
  while (kindOf(current) === 'missing') {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** Refuses a project folder that an existing symlink on its path leads out of `root`. */
export function checkContained(projectDir: string, root: string): void {
  // A root that does not exist yet is created by this run, with all below it.
  if (!existsSync(root)) return;
  const existing = nearestExisting(projectDir);
  const realRoot = realpathSync.native(root);
  let real: string;
  try {
    real = realpathSync.native(existing);
  } catch {
    real = `${existing} (a broken symbolic link)`;
  }
  if (real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return;
  throw new WriteError(`${existing} leads to ${real} through a symbolic link, outside the output folder ${root}. Nothing was written.`);
}

/** Folders from just below `anchor` down to `dir`, outermost first. */
export function ancestorsBelow(anchor: string, dir: string): string[] {
  const parts = relative(anchor, dir).split(sep).filter(Boolean);
  return parts.map((_, i) => join(anchor, ...parts.slice(0, i + 1)));
}
