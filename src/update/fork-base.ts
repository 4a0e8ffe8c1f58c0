import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { type ForkIdentity, folderFingerprint } from './stack-identity.js';

/**
 * The stack folder a fork's project was generated from: `--from`, the current folder when it has not
 * changed since, or the recorded git commit taken out of the current folder's repository.
 */
export function forkBaseFolder(identity: ForkIdentity, currentDir: string, from: string | undefined): string {
  if (from !== undefined) {
    const dir = resolve(from);
    if (!existsSync(dir)) throw new UsageError(`--from ${from}: no such folder`);
    if (folderFingerprint(dir) !== identity.fingerprint) {
      throw new UsageError(`--from ${from} is not the stack folder the project was generated from (its content fingerprint differs from the record's)`);
    }
    return dir;
  }
  if (folderFingerprint(currentDir) === identity.fingerprint) return currentDir;
  if (!identity.git) {
    throw new UsageError(
      `the stack folder ${currentDir} changed since the project was generated, and the record names no git commit of the old one; name the old stack folder with --from`,
    );
  }
  const { commit, path } = identity.git;
  const out = mkdtempSync(join(tmpdir(), 'create-mlops-stack-fork-'));
  try {
    const top = execFileSync('git', ['-C', currentDir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const archive = execFileSync('git', ['-C', top, 'archive', '--format=tar', commit, '--', path || '.'], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
    execFileSync('tar', ['-xf', '-', '-C', out], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (error) {
    throw new UsageError(`cannot check out the recorded commit ${commit} of the stack from the repository of ${currentDir}: ${(error as Error).message.split('\n')[0]}; name the old stack folder with --from`);
  }
  return join(out, path);
}
