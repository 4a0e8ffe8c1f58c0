import { join } from 'node:path';
import type { Journal } from './journal.js';
import type { WriterFs } from './fs.js';

// Moves that never replace what is at the destination: the file system refuses, atomically,
// whatever another process put there after the conflict check.

/** link() failures that mean "no hard links on this file system" (FAT, some network and FUSE file systems). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS']);

/**
 * Puts the file `from` at `to` as a hard link (complete the moment it appears, and `from` stays, so
 * whoever rolls back can tell the file by its inode), or, without hard links, as a copy made with
 * COPYFILE_EXCL. Both fail with EEXIST rather than replace anything.
 */
export function placeFile(fs: WriterFs, from: string, to: string): 'linked' | 'copied' {
  try {
    fs.link(from, to);
    return 'linked';
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  fs.copyFile(from, to);
  return 'copied';
}

/**
 * Moves the folder `from` to `name` in `home`, where nothing must be. POSIX rename() silently
 * replaces an empty folder, so the name is first taken with mkdir(), which fails on anything
 * already there, and the rename then replaces only that; Windows' rename never replaces a folder.
 */
export function placeFolder(fs: WriterFs, from: string, home: string, name: string, journal: Journal): void {
  if (process.platform !== 'win32') journal.makeFolder(fs, home, name);
  fs.rename(from, join(home, name));
}
