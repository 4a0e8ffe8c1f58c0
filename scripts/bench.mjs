// npm run bench [-- --runs N]: measures the packed CLI the way users get it (npm pack, unpacked into
// a temporary folder, no node_modules), side by side with `node -e 0` in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 20 : Number(process.argv[runsArg + 1]);
const work = mkdtempSync(join(tmpdir(), 'cms-bench-'));
// The projects go below the current folder, as a user's would, not into the temp folder: test runs
// create and delete thousands of files there, and on ext4 without a journal, creating a file where
// many were deleted in the last minutes is several times slower (see README, Speed).
const projects = mkdtempSync(join(process.cwd(), '.bench-'));
// Where there is one, a memory file system shows what writing to disk costs on this machine.
const MEMORY_FS = '/dev/shm';
const memoryWork = existsSync(MEMORY_FS) ? mkdtempSync(join(MEMORY_FS, 'cms-bench-')) : undefined;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

try {
  execFileSync(npm, ['run', 'build', '--silent'], { stdio: 'inherit', shell: process.platform === 'win32' });
  const [packed] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { encoding: 'utf8', shell: process.platform === 'win32' }));
  execFileSync('tar', ['xzf', join(work, packed.filename), '-C', work]);
  const pkg = join(work, 'package');
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const bin = join(pkg, manifest.bin['create-mlops-stack']);

  // The CLI keeps V8's compiled code in a cache folder; "warm" runs share one (as every run after a
  // user's first does), "cold" runs get a new empty one each time (a user's very first run).
  const warmCache = join(work, 'cache');
  const cold = (i) => ({ CREATE_MLOPS_STACK_CACHE: join(work, `cold-cache-${i}`) });
  const commands = {
    'node -e 0': () => [process.execPath, ['-e', '0']],
    'create-mlops-stack --help': () => [process.execPath, [bin, '--help']],
    'render to disk (--yes --output-dir <new>)': (i) => [process.execPath, [bin, '--yes', '--output-dir', join(projects, `out-${i}`)]],
    // Into memory where there is such a file system: this row is about the code cache, and fewer files
    // on disk spare the next run some of the slowdown described above.
    'render, first run (empty code cache)': (i) => [process.execPath, [bin, '--yes', '--output-dir', join(memoryWork ?? projects, `cold-out-${i}`)], cold(i)],
    'render without writing (--dry-run)': (i) => [process.execPath, [bin, '--yes', '--dry-run', '--output-dir', join(projects, `dry-${i}`)]],
    // Both renders and the merge plan of every file, the base being this version (no download); round 0
    // runs the commands in order, so the project above exists by then.
    'update --dry-run of that project': () => [process.execPath, [bin, 'update', '--dry-run', '--project-dir', join(projects, 'out-0', 'my-mlops-project')]],
    ...(existsSync(MEMORY_FS) && {
      'render to a memory file system (/dev/shm)': (i) => [process.execPath, [bin, '--yes', '--output-dir', join(memoryWork, `out-${i}`)]],
    }),
  };
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < RUNS + 2; i++) {
    // Every other round runs the commands in reverse, so that no command always follows the same one
    // (the first run's cache writes, say).
    const order = i % 2 ? Object.entries(commands).reverse() : Object.entries(commands);
    for (const [name, command] of order) {
      const [file, args, env] = command(i);
      const start = process.hrtime.bigint();
      const result = spawnSync(file, args, { stdio: 'ignore', env: { ...process.env, CREATE_MLOPS_STACK_CACHE: warmCache, ...env } });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`${name} exited ${result.status}`);
      if (i >= 2) times[name].push(ms); // the first two rounds warm the file cache
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };

  // Peak memory (max RSS) of one render, reported by the process itself as it exits.
  const rssFile = join(work, 'rss.txt');
  const hook = join(work, 'rss-hook.mjs');
  writeFileSync(hook, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  execFileSync(process.execPath, ['--import', pathToFileURL(hook).href, bin, '--yes', '--output-dir', join(work, 'out-rss')], {
    stdio: 'ignore',
    env: { ...process.env, CREATE_MLOPS_STACK_CACHE: warmCache },
  });
  const peakMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;

  // Every combination of the matrix, rendered in memory in one process through the package's API.
  const matrixScript = join(work, 'matrix.mjs');
  writeFileSync(
    matrixScript,
    `import { createStack, enumerateCombinations, loadBuiltinStack } from ${JSON.stringify(pathToFileURL(join(pkg, 'dist/index.cjs')).href)};
const start = performance.now();
const stack = await loadBuiltinStack();
const combinations = enumerateCombinations(stack);
let files = 0;
for (const c of combinations) files += (await createStack({ stack, flags: c.answers, dryRun: true, outputDir: ${JSON.stringify(join(work, 'matrix'))} })).files.length;
console.log(JSON.stringify({ ms: performance.now() - start, combinations: combinations.length, files }));
`,
  );
  const matrix = JSON.parse(execFileSync(process.execPath, [matrixScript], { encoding: 'utf8' }));

  // Each round times every command once. A command's cost is the median of its per-round differences
  // to `node -e 0`: what the CLI adds to Node's own start-up, which cancels the machine's drift
  // between rounds and whatever every Node process pays alike (NODE_EXTRA_CA_CERTS, say). The ratio
  // is the median of the per-round ratios.
  const TARGETS = { 'create-mlops-stack --help': 20, 'render without writing (--dry-run)': 35, 'render to disk (--yes --output-dir <new>)': 50 };
  const floor = times['node -e 0'];
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  console.log(`\ncreate-mlops-stack ${manifest.version} on Node ${process.version}, ${RUNS} rounds; medians, and what each adds to \`node -e 0\` in the same round\n`);
  // Node reads this file as it starts, before any code of ours: with a system bundle, tens of
  // milliseconds of every row, the floor included (README, Speed).
  if (process.env.NODE_EXTRA_CA_CERTS) console.log(`NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}): every start-up parses it\n`);
  console.log(`${'measure'.padEnd(44)}${'median'.padStart(10)}${'added'.padStart(10)}${'ratio'.padStart(8)}   target (added)`);
  for (const [name, ms] of Object.entries(times)) {
    const added = median(ms.map((t, i) => t - floor[i]));
    const ratio = median(ms.map((t, i) => t / floor[i]));
    const target = TARGETS[name];
    const goal = target ? `<= ${target} ms  ${verdict(added <= target)}` : name === 'node -e 0' ? '' : '(no target)';
    console.log(`${name.padEnd(44)}${`${median(ms).toFixed(1)} ms`.padStart(10)}${`${added.toFixed(1)} ms`.padStart(10)}${`${ratio.toFixed(2)}x`.padStart(8)}   ${goal}`);
  }
  console.log(`${'peak memory of the render (max RSS)'.padEnd(44)}${`${peakMiB.toFixed(1)} MiB`.padStart(10)}${''.padStart(18)}   <= 64 MiB  ${verdict(peakMiB <= 64)}`);
  console.log(
    `${`every combination in one process (${matrix.combinations})`.padEnd(44)}${`${matrix.ms.toFixed(0)} ms`.padStart(10)}${''.padStart(18)}   < 1000 ms  ${verdict(matrix.ms < 1000)}`,
  );
  const deps = Object.keys(manifest.dependencies ?? {}).length;
  console.log(
    `${'package tarball'.padEnd(44)}${`${(packed.size / 1024).toFixed(0)} KiB`.padStart(10)}${''.padStart(18)}   < 1 MB, ${deps} runtime dependencies  ${verdict(packed.size < 1_000_000 && deps === 0)}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(projects, { recursive: true, force: true });
  if (memoryWork) rmSync(memoryWork, { recursive: true, force: true });
}
