import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The end-to-end tests spawn the built CLI, so build it from the current sources first. Everything
 * the run puts in the temp folder (test folders, the code cache the spawned CLIs share, what the
 * CLIs themselves write there) goes into one folder of its own, removed when the run ends: the
 * workers and every process they spawn inherit it as TMPDIR.
 */
export default function setup(): () => void {
  // Without type declarations (seconds of tsc): the package test adds them before it packs.
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { stdio: 'inherit' });
  const root = mkdtempSync(join(tmpdir(), 'cms-test-run-'));
  // Searchable by others: the permission tests run the CLI as another user on copies made here.
  chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  process.env.CMS_TEST_CODE_CACHE = mkdtempSync(join(root, 'cms-code-cache-'));
  // Node reads and parses this certificate file as it starts, before any code runs: 50 ms of every
  // one of the hundreds of processes the tests spawn when it names a system bundle (as on our CI
  // machines). Nothing in the run opens a TLS connection (npm installs --offline, git clones file://).
  delete process.env.NODE_EXTRA_CA_CERTS;
  return () => rmSync(root, { recursive: true, force: true });
}
