// Re-renders every option combination and rewrites test/snapshots/ with the stack test kit
// (`create-mlops-stack test --update`), which also runs every check. Read the diff before committing.
import { spawnSync } from 'node:child_process';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const result = spawnSync(process.execPath, ['index.cjs', 'test', '--template-dir', 'templates/mlops-stacks', '--snapshots', 'test/snapshots', '--update'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
