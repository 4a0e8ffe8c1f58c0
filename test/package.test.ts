import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSC = resolve('node_modules/typescript/bin/tsc');

/** npm as a user runs it: none of the settings of the `npm test` that runs this file. */
function npm(args: string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return execFileSync(NPM, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Packed {
  filename: string;
  size: number;
  files: { path: string }[];
}

let work: string;
let tarball: string;
let packed: Packed;
beforeAll(() => {
  work = tempDir();
  // The test run's build leaves the type declarations out; the package has them.
  execFileSync(process.execPath, ['scripts/build.mjs', '--types-only'], { stdio: 'ignore' });
  // --ignore-scripts: `prepare` would rebuild dist/ under the other test files' feet.
  [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], process.cwd())) as [Packed];
  tarball = join(work, packed.filename);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const installs = new Map<string, { dir: string; output: string }>();
/** A project folder with the package installed from the tarball, offline: one per way of installing, shared by the tests. */
function installInto(name: string, extra: string[]): { dir: string; output: string } {
  const key = extra.join(' ');
  let install = installs.get(key);
  if (!install) installs.set(key, (install = freshInstall(name, extra)));
  return install;
}

function freshInstall(name: string, extra: string[]): { dir: string; output: string } {
  const dir = join(work, name);
  execFileSync(process.execPath, ['-e', `fs.mkdirSync(${JSON.stringify(dir)})`]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
  const output = npm(['install', '--offline', '--no-audit', '--no-fund', ...extra, tarball], dir);
  return { dir, output };
}

describe('the published package', () => {
  it('holds the bin, the bundles, the templates, LICENSE and the type declarations, and nothing of the development tree', () => {
    const paths = packed.files.map((f) => f.path);
    for (const path of ['package.json', 'README.md', 'LICENSE', 'index.cjs', 'dist/main.cjs', 'dist/cli.cjs', 'dist/index.cjs', 'dist/types/index.d.ts', 'templates/mlops-stacks/databricks_template_schema.json']) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((path) => /^(src|test|scripts)\//.test(path) || path.endsWith('.tgz'))).toEqual([]);
    expect(packed.size).toBeLessThan(1024 * 1024);
  });

  it('declares its license, repository, homepage, bug tracker and types, and LICENSE is the Apache-2.0 text', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    for (const key of ['repository', 'homepage', 'bugs', 'types']) expect(pkg[key], key).toBeTruthy();
  });

  it("names one repository in repository, homepage, bugs and the README's clone command", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { repository: { url: string }; homepage: string; bugs: { url: string } };
    const repository = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository.url)?.[1];
    expect(repository, pkg.repository.url).toBeDefined();
    expect(pkg.homepage).toBe(`${repository}#readme`);
    expect(pkg.bugs.url).toBe(`${repository}/issues`);
    const clone = /^git clone (\S+)$/m.exec(readFileSync('README.md', 'utf8'))?.[1];
    expect(clone).toBe(`${repository}.git`);
  });

  it('has no lifecycle script that needs a file it does not ship: each runs in the unpacked package', () => {
    const { dir } = installInto('without-scripts', ['--ignore-scripts']);
    const installed = join(dir, 'node_modules', 'create-mlops-stack');
    const scripts = (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack'].filter((name) => scripts[name] !== undefined);
    expect(lifecycle).toContain('prepare');
    for (const name of lifecycle) npm(['run', name], installed);
    // The bundles are still those packed: the clone's build did not run.
    expect(readFileSync(join(installed, 'dist', 'main.cjs'), 'utf8')).toBe(readFileSync('dist/main.cjs', 'utf8'));
  });

  it.each([
    ['with --ignore-scripts', ['--ignore-scripts']],
    ['with its scripts', []],
  ])('installs from the tarball offline %s and runs', async (how, extra) => {
    const { dir, output } = installInto(extra.length ? 'without-scripts' : 'with-scripts', extra);
    expect(output, how).not.toMatch(/warn|ERR/i);
    const run = await runCli(['--yes', 'fraud-model', '--output-dir', join(dir, `out-${extra.length}`)], { bin: join(dir, 'node_modules', '.bin', 'create-mlops-stack') });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, `out-${extra.length}`, 'fraud-model', 'fraud_model', 'databricks.yml'), 'utf8')).toContain('fraud-model');
  });

  it('types its programmatic API for a TypeScript consumer, and the API runs', () => {
    const { dir } = installInto('without-scripts', ['--ignore-scripts']);
    const source = [
      "import { createStack, InputError, type CreateResult, type InputProblem } from 'create-mlops-stack';",
      "const result: CreateResult = await createStack({ dryRun: true, outputDir: 'out', flags: { input_project_name: 'typed-model' } });",
      'const files: string[] = result.files;',
      "if (!(new InputError('input_x', 'm') instanceof Error)) throw new Error('InputError is no Error');",
      "const bad = { input_cloud: 'mars', input_default_branch: 'a b' };",
      'const problems: readonly InputProblem[] = await createStack({ dryRun: true, flags: bad }).then(() => [], (error: unknown) => (error instanceof InputError ? error.problems : []));',
      'console.log(JSON.stringify({ dir: result.projectDir, count: files.length, problems: problems.map((problem) => problem.input) }));',
    ].join('\n');
    writeFileSync(join(dir, 'consumer.ts'), source);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [resolve('node_modules/@types')], types: ['node'] }, files: ['consumer.ts'] }));
    // A Node.js consumer has Node's types (the declarations name Buffer and AbortSignal).
    const checked = spawnSync(process.execPath, [TSC, '-p', dir], { cwd: dir, encoding: 'utf8' });
    expect(checked.stdout, 'tsc').toBe('');
    expect(checked.status).toBe(0);
    // The same file without its types runs against the installed package.
    const untyped = source.replace(/, type \w+/g, '').replace(/: (CreateResult|string\[\]|readonly InputProblem\[\]|unknown)/g, '');
    writeFileSync(join(dir, 'consumer.mjs'), untyped);
    const printed = JSON.parse(execFileSync(process.execPath, ['consumer.mjs'], { cwd: dir, encoding: 'utf8' })) as { dir: string; count: number; problems: string[] };
    expect(printed.dir).toBe(join(dir, 'out', 'typed-model'));
    expect(printed.count).toBeGreaterThan(10);
    expect(printed.problems).toEqual(['input_cloud', 'input_default_branch']);
  });
});
