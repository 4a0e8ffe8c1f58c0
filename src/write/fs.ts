// Named imports: `import * as` makes the CommonJS bundle copy every export of node:fs at start-up.
import { constants, copyFileSync, linkSync, mkdirSync, mkdtempSync, renameSync, rmSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';

/** The file-system calls that change the disk; tests pass failing versions to prove the rollback. */
export interface WriterFs {
  /** Fails when anything, a symlink included, is already there. */
  mkdir(path: string): void;
  mkdtemp(prefix: string): string;
  /** Creates the file; fails when anything is already there. */
  writeFile(path: string, content: string | Buffer, mode: number): void;
  /** A second name for the file; fails when anything is already there. */
  link(from: string, to: string): void;
  /** A copy, mode included; fails when anything is already there. */
  copyFile(from: string, to: string): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  rmdir(path: string): void;
  /** Removes a folder and all below it. */
  rm(path: string): void;
}

/**
 * The real calls, synchronous: a project is many small files, and a round trip through the thread
 * pool, or even a promise, for each would cost more than the writes themselves.
 */
export const nodeFs: WriterFs = {
  mkdir: (path) => void mkdirSync(path),
  mkdtemp: (prefix) => mkdtempSync(prefix),
  writeFile: (path, content, mode) => writeFileSync(path, content, { mode, flag: 'wx' }),
  link: (from, to) => linkSync(from, to),
  copyFile: (from, to) => copyFileSync(from, to, constants.COPYFILE_EXCL),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  rmdir: (path) => rmdirSync(path),
  rm: (path) => rmSync(path, { recursive: true, force: true }),
};
