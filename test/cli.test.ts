import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, listTree, runCli, tempDir } from './support/cli.js';

let out: string;
beforeEach(() => {
  out = tempDir();
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('help and version', () => {
  it('--help lists the options and one flag per input', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--config-file <path>', '--output-dir <dir>', '-y, --yes', '--dry-run', '--json', '--force', '--template-dir <dir>', '--cicd-platform <value>', '--include-models-in-unity-catalog <value>', '--docker-image <value>']) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/- github_actions_for_github_enterprise_servers\s+\(GitHub\s+Enterprise\s+Server\):/);
    expect(run.stdout).toMatch(/- CICD_Only\s+\(CI\/CD\s+only\):/);
    expect(run.stdout).toContain('Exit codes: 0');
  });

  it('--help wraps to 80 columns without a terminal and ends with examples', async () => {
    const run = await runCli(['--help']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    const examples = run.stdout.slice(run.stdout.indexOf('\nExamples:\n'));
    expect(examples).toMatch(/^\nExamples:\n/);
    for (const example of ['npx create-mlops-stack\n', '--cicd-platform gitlab', '--config-file fraud.json', '--setup-cicd-and-project Project_Only']) {
      expect(examples).toContain(example);
    }
  });

  it.each(['--version', '-v'])('%s prints the version', async (flag) => {
    const run = await runCli([flag]);
    expect([run.code, run.stdout.trim()]).toEqual([0, VERSION]);
  });

  it('an unknown option is a usage error naming it', async () => {
    const run = await runCli(['--colud', 'aws', '--output-dir', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("✖ unknown option '--colud' (did you mean --cloud?). See --help.\n");
    expect(listTree(out)).toEqual([]);
  });

  it('an output dir that is a file is a usage error', async () => {
    writeFileSync(join(out, 'file'), 'x');
    const run = await runCli(['--yes', '--output-dir', join(out, 'file')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--output-dir .*file: not a folder/);
  });

  it('a positional argument is the project name, inside --output-dir', async () => {
    const run = await runCli(['--yes', '--dry-run', '--json', 'fraud-model', '--output-dir', out]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { projectDir: string; answers: Record<string, string> };
    expect([result.projectDir, result.answers.input_project_name]).toEqual([join(out, 'fraud-model'), 'fraud-model']);
  });

  it.each<[string, string[], RegExp]>([
    ['two positional arguments', ['one-name', 'two-name'], /too many arguments.*got 2\. See --help\.$/m],
    ['a name both as argument and flag', ['one-name', '--project-name', 'two-name'], /project name is given twice: "one-name" .*"two-name" as --project-name/],
    ['an invalid name as argument', ['a:b'], /input_project_name \(--project-name\) must not contain ":"; got "a:b"/],
  ])('refuses %s', async (_, args, message) => {
    const run = await runCli(['--yes', ...args, '--output-dir', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(listTree(out)).toEqual([]);
  });

  it('a missing option value is a usage error', async () => {
    const run = await runCli(['--yes', '--cloud']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--cloud <value>' argument missing/);
  });
});

describe('--dry-run --json', () => {
  it('prints one object: projectDir, every answer, sorted files', async () => {
    const run = await runCli(['--yes', '--dry-run', '--json', '--output-dir', out, '--cloud', 'aws', '--project-name', 'fraud-model']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { projectDir: string; answers: Record<string, string>; files: string[]; command: string };
    expect(Object.keys(result)).toEqual(['projectDir', 'answers', 'files', 'statuses', 'recovered', 'notes', 'command']);
    expect(result.command).toBe(`npx create-mlops-stack --yes --project-name fraud-model --cloud aws --output-dir ${out} --dry-run`);
    expect(result.projectDir).toBe(join(out, 'fraud-model'));
    expect(Object.keys(result.answers)).toHaveLength(22);
    expect(result.answers).toMatchObject({ input_cloud: 'aws', input_project_name: 'fraud-model', input_schema_name: 'fraud_model' });
    expect(result.files).toEqual([...result.files].sort());
    expect(result.files).toContain('docs/project-overview.md');
    expect(listTree(out)).toEqual([]);
  });

  it('says what it trimmed, in the summary and in --json', async () => {
    const args = ['--yes', '--dry-run', '--output-dir', out, '--default-branch', 'dev '];
    const human = await runCli(args);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('! input_default_branch (--default-branch): whitespace removed from the ends of "dev " (given as a flag)');
    const json = JSON.parse((await runCli([...args, '--json'])).stdout) as { answers: Record<string, string>; notes: string[] };
    expect(json.answers.input_default_branch).toBe('dev');
    expect(json.notes).toEqual(['input_default_branch (--default-branch): whitespace removed from the ends of "dev " (given as a flag)']);
  });

  it('reports hosts as given', async () => {
    const host = 'https://adb-123.4.azuredatabricks.net/?o=123';
    const run = await runCli(['--dry-run', '--json', '--output-dir', out, '--databricks-staging-workspace-host', host]);
    expect((JSON.parse(run.stdout) as { answers: Record<string, string> }).answers.input_databricks_staging_workspace_host).toBe(host);
  });

  it('prints the error object on failure', async () => {
    const run = await runCli(['--dry-run', '--json', '--output-dir', out, '--cloud', 'mars']);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout) as { error: { message: string; input: string } };
    expect(error.input).toBe('input_cloud');
    expect(error.message).toContain('"mars"');
    expect(run.stderr).toBe('');
  });

  it('reports every bad input at once: a line each on stderr, each in `problems` with --json', async () => {
    const config = join(out, 'c.json');
    writeFileSync(config, JSON.stringify({ input_colud: 'aws', input_cicd_platform: 'jenkins' }));
    const args = ['--yes', '--config-file', config, '--cloud', 'mars', '--release-branch', 'bad branch', '--output-dir', join(out, 'o')];
    const human = await runCli(args);
    expect(human.code).toBe(1);
    const lines = human.stderr.trimEnd().split('\n');
    expect(lines.map((line) => line.match(/^✖ (input_\w+)/)?.[1])).toEqual(['input_colud', 'input_cloud', 'input_cicd_platform', 'input_release_branch']);
    expect(lines[0]).toContain('(did you mean "input_cloud"?)');
    const json = await runCli([...args, '--json']);
    const { error } = JSON.parse(json.stdout) as { error: { message: string; input: string; problems: { input: string; message: string }[] } };
    expect(error.input).toBe('input_colud');
    expect(error.problems.map((problem) => `✖ ${problem.message}`)).toEqual(lines);
    expect(error.message).toBe(error.problems.map((problem) => problem.message).join('\n'));
    expect(listTree(out)).toEqual(['c.json']);
  });
});

describe('every invalid input of the contract is refused, exit 1, nothing written', () => {
  it.each<[string, string[], RegExp]>([
    ['setup mode outside the enum', ['--setup-cicd-and-project', 'Everything'], /input_setup_cicd_and_project.*CICD_and_Project, Project_Only, CICD_Only.*"Everything"/],
    ['short project name', ['--project-name', 'ab'], /input_project_name.*at least 3.*"ab"/],
    ['project name with a slash', ['--project-name', 'a/bc'], /input_project_name.*"a\/bc"/],
    ['project name with a backslash', ['--project-name', 'a\\bc'], /input_project_name/],
    ['root dir outside the output dir', ['--setup-cicd-and-project', 'Project_Only', '--root-dir', '../escape'], /input_root_dir.*"\.\." path segment.*"\.\.\/escape"/],
    ['absolute root dir', ['--setup-cicd-and-project', 'Project_Only', '--root-dir', '/tmp/escape'], /input_root_dir.*relative path.*"\/tmp\/escape"/],
    ['cloud outside the enum', ['--cloud', 'ibm'], /input_cloud.*azure, aws, gcp.*"ibm"/],
    ['CI platform outside the enum', ['--cicd-platform', 'jenkins'], /input_cicd_platform.*github_actions.*"jenkins"/],
    ['staging host not https', ['--databricks-staging-workspace-host', 'http://x.cloud.databricks.com'], /input_databricks_staging_workspace_host.*https.*"http:/],
    ['prod host not a URL', ['--databricks-prod-workspace-host', 'prod'], /input_databricks_prod_workspace_host.*"prod"/],
    ['UC neither yes nor no', ['--include-models-in-unity-catalog', 'maybe'], /input_include_models_in_unity_catalog.*yes, no.*"maybe"/],
    ['schema with a dot', ['--schema-name', 'a.b'], /input_schema_name.*"a\.b"/],
    ['inference table with a dash', ['--inference-table-name', 'dev.my-schema.t'], /input_inference_table_name.*"dev\.my-schema\.t"/],
    ['feature store neither yes nor no', ['--include-feature-store', 'true'], /input_include_feature_store.*"true"/],
    ['recipes with Unity Catalog', ['--include-mlflow-recipes', 'yes'], /input_include_mlflow_recipes.*Unity Catalog.*"yes"/],
    ['recipes with feature store', ['--include-models-in-unity-catalog', 'no', '--include-feature-store', 'yes', '--include-mlflow-recipes', 'yes'], /input_include_mlflow_recipes.*Feature Store/],
  ])('%s', async (_, args, message) => {
    const run = await runCli(['--yes', '--output-dir', out, ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(listTree(out)).toEqual([]);
  });
});

describe('--config-file', () => {
  const write = (name: string, text: string): string => {
    const path = join(out, name);
    writeFileSync(path, text);
    return path;
  };

  it('takes the JSON that `databricks bundle init --config-file` takes', async () => {
    const config = write('config.json', JSON.stringify({ input_project_name: 'from-json', input_cloud: 'gcp', input_cicd_platform: 'gitlab' }));
    const run = await runCli(['--dry-run', '--json', '--config-file', config, '--output-dir', out]);
    expect(run.code).toBe(0);
    const { answers, projectDir } = JSON.parse(run.stdout) as { answers: Record<string, string>; projectDir: string };
    expect(answers).toMatchObject({ input_project_name: 'from-json', input_cloud: 'gcp', input_cicd_platform: 'gitlab' });
    expect(projectDir).toBe(join(out, 'from-json'));
  });

  it('takes YAML, and flags win over it', async () => {
    const config = write('config.yaml', 'input_project_name: from-yaml\ninput_cloud: gcp\n');
    const run = await runCli(['--dry-run', '--json', '--config-file', config, '--cloud', 'aws', '--output-dir', out]);
    const { answers } = JSON.parse(run.stdout) as { answers: Record<string, string> };
    expect([answers.input_project_name, answers.input_cloud]).toEqual(['from-yaml', 'aws']);
  });

  it.each<[string, string, string, RegExp]>([
    ['an unknown key, naming it', 'c.json', '{"input_project_name": "abc", "input_colud": "aws"}', /input_colud: unknown input/],
    ['malformed JSON, with line and column', 'c.json', '{\n  "input_cloud": "aws",\n  oops\n}', /c\.json:\d+:\d+: /],
    ['a value that is not a string', 'c.json', '{"input_project_name": 123}', /input_project_name: must be a string.*number 123/],
    ['a list instead of an object', 'c.json', '["input_cloud"]', /must hold an object of inputs/],
    ['a duplicate key', 'c.yaml', 'input_cloud: aws\ninput_cloud: gcp\n', /c\.yaml:2:1: the key "input_cloud" appears twice \(first on line 1\)/],
    ['an invalid value, naming the file as its source', 'c.json', '{"input_cloud": "mars"}', /input_cloud.*"mars" \(in the config file\)/],
  ])('refuses %s', async (_, name, text, message) => {
    const config = write(name, text);
    const run = await runCli(['--yes', '--config-file', config, '--output-dir', join(out, 'o')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(listTree(out)).toEqual([name]);
  });

  it('refuses a file that does not exist', async () => {
    const run = await runCli(['--yes', '--config-file', join(out, 'nope.json'), '--output-dir', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--config-file .*nope\.json: not found\n/);
  });
});

describe('writing', () => {
  it('without a TTY, prompts nothing, takes defaults, says so in one line, and writes the project', async () => {
    const run = await runCli(['--output-dir', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Not asking: standard input and standard error are not both terminals, so inputs not given take their defaults (--yes hides this line).\n');
    expect((await runCli(['--yes', '--dry-run', '--output-dir', join(out, 'other')])).stderr).toBe('');
    expect(run.stdout).toMatch(/Created \d+ files in .*my-mlops-project/);
    expect(listTree(join(out, 'my-mlops-project'))).toContain('docs/project-overview.md');
  });

  it('refuses to overwrite, names every conflict, writes nothing; --force overwrites', async () => {
    expect((await runCli(['--yes', '--output-dir', out])).code).toBe(0);
    const readme = join(out, 'my-mlops-project', 'README.md');
    writeFileSync(readme, 'my edits');
    writeFileSync(join(out, 'my-mlops-project', 'NOTES.md'), 'mine');
    const second = await runCli(['--yes', '--output-dir', out]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already exist[\s\S]*  README\.md[\s\S]*  docs\/project-overview\.md[\s\S]*--force/);
    expect(readFileSync(readme, 'utf8')).toBe('my edits');
    const forced = await runCli(['--yes', '--force', '--output-dir', out]);
    expect(forced.code).toBe(0);
    expect(readFileSync(readme, 'utf8')).not.toBe('my edits');
    expect(readFileSync(join(out, 'my-mlops-project', 'NOTES.md'), 'utf8')).toBe('mine');
  });

  it('dry run writes nothing and says so', async () => {
    const run = await runCli(['--yes', '--dry-run', '--output-dir', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Would create \d+ files[\s\S]*Dry run: nothing was written/);
    expect(listTree(out)).toEqual([]);
  });

  it('creates the output dir when missing', async () => {
    const run = await runCli(['--yes', '--output-dir', join(out, 'a', 'b')]);
    expect(run.code).toBe(0);
    expect(listTree(out)).toContain('a/b/my-mlops-project/README.md');
  });

  it('colors only on request: plain without a TTY, colored with FORCE_COLOR, plain with NO_COLOR', async () => {
    const plain = await runCli(['--yes', '--dry-run', '--output-dir', out]);
    const forced = await runCli(['--yes', '--dry-run', '--output-dir', out], { env: { FORCE_COLOR: '1' } });
    const none = await runCli(['--yes', '--dry-run', '--output-dir', out], { env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(forced.stdout).toContain('\u001b[');
    expect(none.stdout).not.toContain('\u001b[');
  });
});

describe('--template-dir renders a forked stack', () => {
  const mini = join(process.cwd(), 'test/fixtures/mini-stack');

  it('takes its inputs as flags and writes its tree', async () => {
    const run = await runCli(['--template-dir', mini, '--name', 'my-app', '--flavour', 'fancy', '--output-dir', out]);
    expect(run.code).toBe(0);
    expect(listTree(out)).toEqual(['my-app/.mlops-stack/project.json', 'my-app/logo.png', 'my-app/my_app/README.md', 'my-app/my_app/docs/fancy.md', 'my-app/my_app/raw.txt']);
    expect(readFileSync(join(out, 'my-app/my_app/docs/fancy.md'), 'utf8')).toBe('Fancy my-app-sprinkles\n');
    expect(run.stdout).toContain('Enjoy my-app');
  });

  it('lists its own flags in --help', async () => {
    const run = await runCli(['--template-dir', mini, '--help']);
    expect(run.stdout).toContain('--flavour <value>');
    expect(run.stdout).not.toContain('--cicd-platform');
  });

  it('validates with its own rules', async () => {
    const run = await runCli(['--template-dir', mini, '--name', 'X', '--output-dir', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/input_name \(--name\) must start with a lowercase letter.*"X"/);
  });

  it('refuses a folder that is not a stack', async () => {
    mkdirSync(join(out, 'empty'));
    const run = await runCli(['--template-dir', join(out, 'empty'), '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/databricks_template_schema\.json: missing/);
  });
});
