import { spawnSync } from 'node:child_process';
import { UsageError } from '../errors.js';

/**
 * Refuses a folder inside a git work tree with uncommitted changes: after an update the user reviews
 * it with `git diff` and can undo it with `git checkout`, which needs a clean start.
 */
export function refuseDirtyWorkTree(dir: string): void {
  const result = spawnSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=normal', '--', '.'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // Not a git work tree, or no git: nothing to protect this way.
  if (result.status !== 0 || result.error) return;
  const changed = result.stdout.split('\n').filter(Boolean);
  if (changed.length === 0) return;
  const listed = changed.slice(0, 10).map((line) => `  ${line}`);
  if (changed.length > 10) listed.push(`  ... and ${changed.length - 10} more`);
  throw new UsageError(
    `${dir} has uncommitted changes in git:\n${listed.join('\n')}\n` +
      'Commit or stash them first, so that you can review the update with `git diff` and undo it; or re-run with --force. Nothing was written.',
  );
}
