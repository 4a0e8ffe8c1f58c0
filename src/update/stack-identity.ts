import type * as ChildProcess from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { listFiles } from '../stack/stack.js';
import { nodeCrypto } from './hash.js';

/** Which stack a run rendered: the built-in one by version, or a `--template-dir` fork by its content. */
export type StackIdentity = BuiltinIdentity | ForkIdentity;
export interface BuiltinIdentity {
  name: string;
  version: string;
}
export interface ForkIdentity {
  /** The fork's folder, relative to the project folder, `/`-separated (where `update` looks for it first). */
  template_dir: string;
  /** `sha256:` of every file path and content of the folder: equal folders, equal fingerprints. */
  fingerprint: string;
  /** When the folder is a clean git checkout: the commit that reproduces it, and the folder's path in that repository. */
  git?: { commit: string; path: string };
}

export const isFork = (identity: StackIdentity): identity is ForkIdentity => 'fingerprint' in identity;

/** A content fingerprint of a stack folder (unlike the loader's, which trusts sizes and times). */
export function folderFingerprint(dir: string): string {
  const hash = nodeCrypto().createHash('sha256');
  for (const file of listFiles(dir)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(dir, file)));
    hash.update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

const git = (dir: string, args: string[]): string | undefined => {
  // Loaded here, for forks only: a run of the built-in stack never starts a process.
  const { spawnSync } = createRequire(import.meta.filename)('node:child_process') as typeof ChildProcess;
  const result = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return result.status === 0 ? result.stdout.trim() : undefined;
};

/** The commit of a stack folder that is a git checkout with no uncommitted change below it. */
export function gitCommitOf(dir: string): { commit: string; path: string } | undefined {
  const commit = git(dir, ['rev-parse', 'HEAD']);
  if (!commit) return undefined;
  if (git(dir, ['status', '--porcelain', '--untracked-files=all', '--', '.']) !== '') return undefined;
  const path = (git(dir, ['rev-parse', '--show-prefix']) ?? '').replace(/\/$/, '');
  return { commit, path };
}

export function forkIdentity(dir: string, projectDir: string): ForkIdentity {
  const commit = gitCommitOf(dir);
  return {
    template_dir: relative(projectDir, dir).split(sep).join('/') || '.',
    fingerprint: folderFingerprint(dir),
    ...(commit ? { git: commit } : {}),
  };
}
