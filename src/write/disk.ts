import { type Stats, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { WriteError } from '../errors.js';

// What stands on disk where the project goes: the checks the writer makes before and while writing.

export type Kind = 'missing' | 'file' | 'directory' | 'other';

export const kindOfStats = (stats: Stats | undefined): Kind =>
  !stats ? 'missing' : stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';

/**
 * lstat, or undefined when nothing is there. A file where a parent folder should be counts as
 * nothing here (that parent is reported); any other failure, such as a folder above that may not
 * be searched, is an error naming the folder at fault.
 */
export function lstatOrMissing(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return undefined;
    const denied = code === 'EACCES' || code === 'EPERM';
    const where = denied ? `cannot look inside ${deniedAt(path)}` : `cannot look at ${path}`;
    throw new WriteError(`${where}: ${describeCode(code, error as Error)}. Nothing was written.`);
  }
}

export function kindOf(path: string): Kind {
  return kindOfStats(lstatOrMissing(path));
}

/** The deepest folder on `path` that can be looked at, whose contents cannot: where a permission error comes from. */
function deniedAt(path: string): string {
  let current = path;
  for (let parent = dirname(current); parent !== current; current = parent, parent = dirname(current)) {
    try {
      lstatSync(parent);
      return parent;
    } catch {
      // keep climbing
    }
  }
  return current;
}

const CODE_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
};
const describeCode = (code: string | undefined, error: Error): string =>
  code && CODE_WORDS[code] ? `${CODE_WORDS[code]} (${code})` : error.message;

/** The folders of a `/`-separated relative path, outermost first: `a/b/c` -> `a`, `a/b`. */
export function parentsOf(path: string): string[] {
  const parents: string[] = [];
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) parents.push(path.slice(0, slash));
  return parents;
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

const isInside = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** The real path of `path`, which exists; a link to nowhere is refused: whatever later appeared where it points would receive the project. */
function realPathOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    let target = '';
    try {
      target = ` (to ${readlinkSync(path)})`;
    } catch {
      // not a link itself: one of its parents is
    }
    throw new WriteError(`${path} is a symbolic link that leads nowhere${target}; the project cannot go through it. Nothing was written.`);
  }
}

/** Refuses a project folder that an existing symlink on its path leads out of `root`, or to nowhere. */
export function checkContained(projectDir: string, root: string): void {
  // A root that does not exist yet is created by this run, with all below it.
  if (kindOf(root) === 'missing') return;
  const realRoot = realPathOf(root);
  const existing = nearestExisting(projectDir);
  const real = realPathOf(existing);
  if (isInside(real, realRoot)) return;
  throw new WriteError(`${existing} leads to ${real} through a symbolic link, outside the output folder ${root}. Nothing was written.`);
}

/**
 * Re-checked before each file is moved into place: every folder from the project folder down to the
 * file's parent is still a real folder, not a symlink swapped in since the conflict check.
 */
export function checkRealFolders(projectDir: string, path: string): void {
  for (const folder of ['', ...parentsOf(path)]) {
    const full = folder === '' ? projectDir : join(projectDir, folder);
    if (kindOf(full) !== 'directory') throw new WriteError(`${full} is no longer a folder (something replaced it while the project was written)`);
  }
}

/** Folders from just below `anchor` down to `dir`, outermost first. */
export function ancestorsBelow(anchor: string, dir: string): string[] {
  const parts = relative(anchor, dir).split(sep).filter(Boolean);
  return parts.map((_, i) => join(anchor, ...parts.slice(0, i + 1)));
}
