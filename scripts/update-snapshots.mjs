// Re-renders every option combination and rewrites test/snapshots/. Read the diff before committing.
import { spawnSync } from 'node:child_process';

const vitest = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(vitest, ['vitest', 'run', 'test/snapshots.test.ts'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, UPDATE_SNAPSHOTS: '1' },
});
process.exit(result.status ?? 1);
