import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The end-to-end tests spawn the built CLI, so build it from the current sources first. The CLIs
 * they spawn share one code-cache folder (test/support/cli.ts), removed when the run ends.
 */
export default function setup(): () => void {
  // Without type declarations (seconds of tsc): the package test adds them before it packs.
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { stdio: 'inherit' });
  const cache = mkdtempSync(join(tmpdir(), 'cms-code-cache-'));
  process.env.CMS_TEST_CODE_CACHE = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
