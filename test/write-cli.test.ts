import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StackError } from '../src/errors.js';
import { writeProject } from '../src/write/write.js';
import { BIN, runCli, tempDir } from './support/cli.js';
import { tree } from './write-support.js';

const MINI = resolve('test/fixtures/mini-stack');

let out: string;
beforeEach(() => {
  out = tempDir();
});
afterEach(() => {
  chmodSync(out, 0o700);
  rmSync(out, { recursive: true, force: true });
});

describe('--force reports what it did', () => {
  it('per-file statuses in --json, created and overwritten counts in the summary, identical files left alone', async () => {
    const project = join(out, 'my-mlops-project');
    expect((await runCli(['--yes', '--output-dir', out])).code).toBe(0);
    writeFileSync(join(project, 'README.md'), 'my edits');
    rmSync(join(project, 'docs/mlops-setup.md'));
    const json = JSON.parse((await runCli(['--yes', '--force', '--json', '--dry-run', '--output-dir', out])).stdout) as { files: string[]; statuses: Record<string, string> };
    expect(Object.keys(json.statuses)).toEqual(json.files);
    expect(Object.entries(json.statuses).filter(([, status]) => status !== 'unchanged')).toEqual([
      ['README.md', 'overwritten'],
      ['docs/mlops-setup.md', 'created'],
    ]);
    const run = await runCli(['--yes', '--force', '--output-dir', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Wrote 2 files \\(1 created, 1 overwritten; ${json.files.length - 2} identical, left unchanged\\) in .*my-mlops-project`));
    expect(readFileSync(join(project, 'README.md'), 'utf8')).not.toBe('my edits');
  });

  it('a conflict error in --json carries the conflicting paths as an array', async () => {
    expect((await runCli(['--yes', '--output-dir', out])).code).toBe(0);
    const run = await runCli(['--yes', '--json', '--output-dir', out]);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout) as { error: { message: string; paths: string[] } };
    expect(error.paths).toContain('README.md');
    expect(error.paths).toEqual([...error.paths].sort());
    expect(error.message).toMatch(/already exist/);
  });
});

describe('a forked stack cannot write outside the project folder', () => {
  /** A copy of the mini stack whose `dir` path value, or project folder, is `value`. */
  function hostileStack(key: 'dir' | 'project_dir', value: string): string {
    const stack = join(out, 'stack');
    cpSync(MINI, stack, { recursive: true });
    const context = JSON.parse(readFileSync(join(stack, 'context.json'), 'utf8')) as { values: Record<string, string> };
    context.values[key] = value;
    writeFileSync(join(stack, 'context.json'), JSON.stringify(context));
    return stack;
  }

  it.each([
    ['dir', '../../escaped', /the dir name "\.\.\/\.\.\/escaped" derived from it must not contain "\/"/],
    ['dir', '/tmp/escaped', /must not contain "\/"/],
    ['dir', '..\\..\\escaped', /must not contain "\/" or "\\"/],
    ['dir', '..', /must not have an empty, "\." or "\.\." path segment/],
    ['project_dir', '../escaped', /project folder "\.\.\/escaped" must be a relative path inside the output folder/],
    ['project_dir', '/tmp/escaped', /must be a relative path inside the output folder/],
  ])('%s = %j is refused and nothing is written', async (key, value, message) => {
    const stack = hostileStack(key as 'dir' | 'project_dir', value);
    const outputDir = join(out, 'a', 'b');
    mkdirSync(outputDir, { recursive: true });
    const before = tree(out);
    const run = await runCli(['--template-dir', stack, '--yes', '--output-dir', outputDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(tree(out)).toEqual(before);
    expect(existsSync('/tmp/escaped')).toBe(false);
  });

  it('a root folder named "..a" is inside the output folder, not above it', async () => {
    const run = await runCli(['--yes', '--setup-cicd-and-project', 'Project_Only', '--root-dir', '..a', '--dry-run', '--json', '--output-dir', out]);
    expect(run.code, run.stdout).toBe(0);
    expect((JSON.parse(run.stdout) as { projectDir: string }).projectDir).toBe(join(out, '..a'));
  });

  it.each(['../escaped', 'a/../../escaped', '/tmp/escaped', 'a\\..\\..\\escaped', 'a//b', './a'])('the writer refuses a planned path %j, whoever plans it', async (path) => {
    const error = await writeProject(join(out, 'proj'), [{ path, content: 'x', executable: false }], { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as Error).message).toMatch(/every file must stay inside the project folder/);
    expect(tree(out)).toEqual([]);
  });
});

/** The published files of this package in a folder anyone may read, beside `dir`; returns its bin. */
function packageCopyFor(dir: string): string {
  const copy = mkdtempSync(join(dirname(dir), 'cms-package-'));
  chmodSync(copy, 0o755);
  for (const entry of ['index.cjs', 'package.json', 'dist', 'templates']) cpSync(resolve(entry), join(copy, entry), { recursive: true });
  return join(copy, 'index.cjs');
}

describe.skipIf(process.platform === 'win32')('the real error on the real path', () => {
  it('a folder above that may not be searched: permission denied, naming that folder', async () => {
    const locked = join(out, 'locked');
    mkdirSync(join(locked, 'inside'), { recursive: true });
    chmodSync(out, 0o755);
    // As root, permissions bind only another user: the run is made as "nobody".
    const asRoot = process.getuid?.() === 0;
    chmodSync(locked, asRoot ? 0o700 : 0o000);
    // "nobody" may not read this checkout (a clone in a private temp folder): it runs a copy of the package.
    const bin = asRoot ? packageCopyFor(out) : BIN;
    const run = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const env = { ...process.env, CREATE_MLOPS_STACK_CACHE: 'off', NO_COLOR: '1' };
      const child = spawn(process.execPath, [bin, '--yes', '--output-dir', join(locked, 'inside')], { env, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
      let stderr = '';
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
      child.on('close', (code) => done({ code, stderr }));
    });
    chmodSync(locked, 0o755);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`✖ cannot look inside ${locked}: permission denied (EACCES). Nothing was written.\n`);
    expect(tree(locked)).toEqual(['inside/ 755']);
    if (asRoot) rmSync(dirname(bin), { recursive: true, force: true });
  });

  it.each([
    ['the output folder', (dir: string) => ['--output-dir', join(dir, 'link')]],
    ['a folder of the root dir', (dir: string) => ['--setup-cicd-and-project', 'Project_Only', '--root-dir', 'link/proj', '--output-dir', dir]],
  ])('a symlink to nowhere as %s is refused, naming it and where it points', async (_, where) => {
    symlinkSync(join(out, 'nowhere', 'deeper'), join(out, 'link'));
    mkdirSync(join(out, 'nowhere'));
    const run = await runCli(['--yes', ...where(out)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`✖ ${join(out, 'link')} is a symbolic link that leads nowhere (to ${join(out, 'nowhere', 'deeper')}); the project cannot go through it. Nothing was written.\n`);
    expect(tree(out)).toEqual([`link -> ${join(out, 'nowhere', 'deeper')}`, 'nowhere/ 755']);
  });
});
