import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, listTree, runCli, tempDir } from './support/cli.js';
import { writeFork } from './support/fork.js';
import { isGitUrl, splitRef } from '../src/stack/remote.js';

/** Stacks fetched with git: a local repository stands in for a remote (`file://`). */
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

function stackRepository(files: Record<string, string> = {}): string {
  const repo = writeFork(tempDir(), files);
  git(repo, 'init', '--quiet');
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '-m', 'stack');
  return repo;
}

/** Runs the CLI with its own temp folder, so the test sees every clone it makes (and that it is gone). */
async function runWithTemp(args: string[], env: Record<string, string> = {}) {
  const tmp = tempDir();
  const run = await runCli(args, { env: { TMPDIR: tmp, ...env } });
  return { ...run, leftovers: readdirSync(tmp) };
}

describe('git URLs as --template-dir', () => {
  it('tells URLs from folders and splits off the ref', () => {
    for (const url of ['https://github.com/acme/stack', 'git@github.com:acme/stack.git', 'file:///srv/stack', 'ssh://git@host/stack', 'https://host/s#v1']) expect(isGitUrl(url), url).toBe(true);
    for (const dir of ['./stack', '/abs/stack', 'C:\\stacks\\mine', 'stack#1']) expect(isGitUrl(dir), dir).toBe(false);
    expect(splitRef('https://host/s.git#release/1.2')).toEqual(['https://host/s.git', 'release/1.2']);
    expect(splitRef('https://host/s.git')).toEqual(['https://host/s.git', 'HEAD']);
  });

  it('renders a stack from a repository at HEAD, a tag, a branch or a commit, and removes every clone', async () => {
    const repo = stackRepository();
    git(repo, 'tag', 'v1');
    const v1 = git(repo, 'rev-parse', 'HEAD');
    writeFileSync(join(repo, 'template/README.md.hbs'), '# {{input_name}} v2\n');
    git(repo, 'commit', '--quiet', '-am', 'v2');
    git(repo, 'branch', 'stable', v1);
    const readme = async (ref: string): Promise<string> => {
      const out = tempDir();
      const run = await runWithTemp(['--template-dir', `file://${repo}${ref}`, '--yes', '--output-dir', out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.leftovers, 'clones left in the temp folder').toEqual([]);
      return readFileSync(join(out, 'demo/README.md'), 'utf8');
    };
    expect(await readme('')).toBe('# demo v2\n');
    expect(await readme('#main')).toBe('# demo v2\n');
    expect(await readme('#v1')).toBe('# demo\n\nBuilt with github.\n');
    expect(await readme('#stable')).toBe('# demo\n\nBuilt with github.\n');
    expect(await readme(`#${v1}`)).toBe('# demo\n\nBuilt with github.\n');
  });

  it('names a ref that does not exist, writes nothing and leaves no clone', async () => {
    const repo = stackRepository();
    const out = tempDir();
    const run = await runWithTemp(['--template-dir', `file://${repo}#no-such-ref`, '--yes', '--output-dir', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--template-dir file://${repo}#no-such-ref: no branch, tag or commit "no-such-ref" in file://${repo}`);
    expect(readdirSync(out)).toEqual([]);
    expect(run.leftovers).toEqual([]);
  });

  it('names a repository that cannot be fetched', async () => {
    const run = await runWithTemp(['--template-dir', 'file:///nonexistent/stack.git', '--yes', '--output-dir', tempDir()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--template-dir file:\/\/\/nonexistent\/stack\.git: could not fetch file:\/\/\/nonexistent\/stack\.git: .*does not appear to be a git repository/);
    expect(run.leftovers).toEqual([]);
  });

  it('says git is needed when it is not on PATH', async () => {
    const repo = stackRepository();
    const run = await runWithTemp(['--template-dir', `file://${repo}`, '--yes', '--output-dir', tempDir()], { PATH: tempDir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('git is not installed (or not on PATH); it is needed to fetch a stack from a git URL');
    expect(run.leftovers).toEqual([]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('removes the clone when %s arrives while fetching', async (signal, code) => {
    // A git that takes its time: the signal arrives while it runs.
    const bin = tempDir();
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nsleep 2\nexec ${realGit} "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const tmp = tempDir();
    const repo = stackRepository();
    const child = spawn(process.execPath, [BIN, '--template-dir', `file://${repo}`, '--yes', '--output-dir', tempDir()], {
      env: { ...process.env, TMPDIR: tmp, PATH: `${bin}:${process.env.PATH}` },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    while (readdirSync(tmp).length === 0) await new Promise((r) => setTimeout(r, 20));
    child.kill(signal);
    const exit = await new Promise<number | null>((done) => child.on('close', done));
    expect(exit, stderr).toBe(code);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('tests a fork from its repository against the snapshots committed there', async () => {
    const repo = writeFork(tempDir());
    const update = await runCli(['test', '--template-dir', repo, '--update']);
    expect(update.code, update.stdout).toBe(0);
    git(repo, 'init', '--quiet');
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '-m', 'stack and snapshots');
    git(repo, 'tag', 'v1');
    writeFileSync(join(repo, 'template/README.md.hbs'), '# {{input_name}} v2\n');
    git(repo, 'commit', '--quiet', '-am', 'README without a snapshot update');
    const good = await runWithTemp(['test', '--template-dir', `file://${repo}#v1`]);
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toContain(`file://${repo}#v1: 3 combinations rendered`);
    const bad = await runWithTemp(['test', '--template-dir', `file://${repo}`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('+# demo v2');
    expect([...good.leftovers, ...bad.leftovers]).toEqual([]);
  });
});

describe('a hostile remote stack', () => {
  /** Runs a stack from a repository and returns what appeared in the output folder's parent. */
  async function attempt(files: Record<string, string>, prepare?: (repo: string) => void) {
    const repo = writeFork(tempDir(), files);
    prepare?.(repo);
    git(repo, 'init', '--quiet');
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '-m', 'hostile');
    const parent = tempDir();
    const out = join(parent, 'out');
    mkdirSync(out);
    const run = await runWithTemp(['--template-dir', `file://${repo}`, '--yes', '--output-dir', out]);
    return { run, parent, out };
  }

  it('cannot move the project folder out of the output folder', async () => {
    const { run, parent, out } = await attempt({ 'context.json': JSON.stringify({ values: { project_dir: '../escaped' } }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('must be a relative path inside the output folder');
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readdirSync(out)).toEqual([]);
  });

  it('cannot write a file outside the project folder through a path value', async () => {
    const { run, parent } = await attempt({
      'context.json': JSON.stringify({ values: { project_dir: '{{input_name}}', dir: 'x/../../../escaped' }, path_values: { dir: 'input_name' } }),
      'template/__dir__/evil.txt': 'pwned\n',
    });
    expect(run.code, run.stdout).toBe(1);
    expect(readdirSync(parent)).toEqual(['out']);
    expect(existsSync(join(parent, 'escaped'))).toBe(false);
  });

  it('gets its symbolic links as plain files: nothing is read or written through them', async () => {
    const { run, out } = await attempt({}, (repo) => {
      symlinkSync('/etc/hostname', join(repo, 'template/hostname.txt'));
      symlinkSync('../../../outside', join(repo, 'template/outside'));
    });
    expect(run.code, run.stderr).toBe(0);
    const project = join(out, 'demo');
    expect(lstatSync(join(project, 'hostname.txt')).isFile()).toBe(true);
    expect(readFileSync(join(project, 'hostname.txt'), 'utf8')).toBe('/etc/hostname');
    expect(listTree(project)).toContain('outside');
    expect(lstatSync(join(project, 'outside')).isFile()).toBe(true);
  });
});
