import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/cli.js';
import { listTree, runCli, tempDir } from './support/cli.js';
import { KEYS, fakeTerminal } from './support/terminal.js';

let out: string;
beforeEach(() => {
  out = tempDir();
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe('interactive prompts (real Inquirer questions, simulated keys)', () => {
  it('asks the questions in order, skips the irrelevant ones, and writes the project', async () => {
    const terminal = fakeTerminal(['--output-dir', out]);
    const done = main(terminal.io);
    await terminal.answer('Welcome to create-mlops-stack');
    await terminal.answer('Select setup for your MLOps stack', KEYS.down, KEYS.enter); // Project_Only
    await terminal.answer('Project name', ...'churn-model', KEYS.enter);
    await terminal.answer('Root directory name', KEYS.enter); // default: the project name
    await terminal.answer('Select cloud', KEYS.down, KEYS.enter); // aws
    await terminal.answer('User group granted read access', KEYS.enter);
    await terminal.answer('Register models in Unity Catalog', KEYS.down, KEYS.enter); // no
    await terminal.answer('Fully qualified', KEYS.enter);
    await terminal.answer('Include the Feature Store example', KEYS.enter); // no
    await terminal.answer('Include the MLflow Recipes example', KEYS.enter); // no
    await terminal.answer('Compute the jobs run on', KEYS.enter); // serverless
    expect(await done).toBe(0);
    const screen = terminal.screen();
    for (const skipped of ['Select CI/CD platform', 'URL of the staging', 'Unity Catalog catalog', 'Unity Catalog schema', 'Docker image']) {
      expect(screen).not.toContain(skipped);
    }
    expect(terminal.stdout()).toMatch(/Created \d+ files in .*churn-model/);
  });

  it('offers defaults computed from earlier answers and re-asks an invalid answer with the rule', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--dry-run', '--cloud', 'gcp', '--setup-cicd-and-project', 'CICD_and_Project']);
    const done = main(terminal.io);
    await terminal.answer('Project name', ...'a b', KEYS.enter);
    await terminal.answer('must not contain a space', ...Array(3).fill(KEYS.backspace), ...'ok-name', KEYS.enter);
    await terminal.answer('Select CI/CD platform', KEYS.enter);
    await terminal.answer('https://your-staging-workspace.gcp.databricks.com', KEYS.enter);
    await terminal.answer('https://your-prod-workspace.gcp.databricks.com', KEYS.enter);
    for (const question of ['default branch', 'release branch', 'read access', 'Unity Catalog', 'staging environment', 'production environment', 'test environment']) {
      await terminal.answer(question, KEYS.enter);
    }
    await terminal.answer('ok_name', KEYS.enter); // schema default derived from the project name
    await terminal.answer('account users', KEYS.enter);
    await terminal.answer('dev.ok_name.predictions_with_labels', KEYS.enter);
    await terminal.answer('Feature Store', KEYS.enter);
    await terminal.answer('Compute the jobs run on', KEYS.enter);
    await terminal.answer('How CI/CD signs in', KEYS.enter);
    expect(await done).toBe(0);
    expect(terminal.screen()).not.toContain('MLflow Recipes example');
  });

  it('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const terminal = fakeTerminal(['--output-dir', out]);
    const done = main(terminal.io);
    await terminal.answer('Select setup for your MLOps stack', KEYS.down, KEYS.enter);
    await terminal.answer('Project name', KEYS.ctrlC);
    expect(await done).toBe(130);
    expect(listTree(out)).toEqual([]);
  });

  it('--yes on a TTY asks nothing', async () => {
    const terminal = fakeTerminal(['--yes', '--output-dir', join(out, 'x')]);
    expect(await main(terminal.io)).toBe(0);
    expect(terminal.screen()).toBe('');
    expect(listTree(out).length).toBeGreaterThan(0);
  });
});

/** Presses Enter at every further question (each starts with "? ") until the run ends. */
async function acceptTheRest(terminal: ReturnType<typeof fakeTerminal>, done: Promise<number>): Promise<number> {
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    await Promise.race([terminal.answer('? ', KEYS.enter).catch(() => undefined), done]);
  }
  return done;
}

describe('choices explain themselves', () => {
  it('shows each value under its label, with the description of the one highlighted', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--dry-run']);
    const done = main(terminal.io);
    await terminal.answer('CI/CD and project');
    await terminal.answer('Project only');
    await terminal.answer('CI/CD only');
    await terminal.answer('a new repository with the ML project, its CI/CD pipelines and docs', KEYS.enter);
    await terminal.answer('Project name', KEYS.enter);
    await terminal.answer('Select cloud');
    await terminal.answer('Azure Databricks', KEYS.enter);
    await terminal.answer('GitHub Enterprise Server');
    await terminal.answer('Azure DevOps');
    await terminal.answer('GitLab', KEYS.ctrlC);
    expect(await done).toBe(130);
    expect(terminal.screen()).not.toContain('github_actions_for_github_enterprise_servers');
  });

  it('says which named things must already exist', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--dry-run', '--setup-cicd-and-project', 'CICD_and_Project']);
    expect(await acceptTheRest(terminal, main(terminal.io))).toBe(0);
    const screen = terminal.screen();
    expect(screen).toContain('read access to the ML artifacts (jobs, experiments, models); it must already exist');
    expect(screen).toContain('staging environment; it must already exist');
    expect(screen).toContain('Unity Catalog schema holding the registered model and tables; it must already exist');
  });
});

describe('the destination is checked once the answers fix the project folder', () => {
  const taken = (): string => {
    mkdirSync(join(out, 'taken-name'), { recursive: true });
    writeFileSync(join(out, 'taken-name', 'README.md'), 'mine');
    return join(out, 'taken-name', 'README.md');
  };

  it('offers another name, and asks for it again', async () => {
    const readme = taken();
    const terminal = fakeTerminal(['--output-dir', out, '--setup-cicd-and-project', 'CICD_and_Project']);
    const done = main(terminal.io);
    await terminal.answer('Project name', ...'taken-name', KEYS.enter);
    await terminal.answer(`1 file in ${join(out, 'taken-name')} would be overwritten: README.md. What now?`);
    await terminal.answer('Choose another name', KEYS.enter);
    await terminal.answer('Project name', ...Array(20).fill(KEYS.backspace), ...'fresh-name', KEYS.enter);
    await terminal.answer('Select cloud', KEYS.enter);
    expect(await acceptTheRest(terminal, done)).toBe(0);
    expect(readFileSync(readme, 'utf8')).toBe('mine');
    expect(listTree(join(out, 'fresh-name'))).toContain('README.md');
    expect(terminal.stdout()).toContain(`Replay without questions:\n  npx create-mlops-stack --yes --project-name fresh-name --output-dir ${out}\n`);
  });

  it("offers to overwrite the stack's files, as --force, and the replay says --force", async () => {
    const readme = taken();
    const terminal = fakeTerminal(['--output-dir', out, '--setup-cicd-and-project', 'CICD_and_Project']);
    const done = main(terminal.io);
    await terminal.answer('Project name', ...'taken-name', KEYS.enter);
    await terminal.answer('What now?', KEYS.down, KEYS.enter);
    expect(await acceptTheRest(terminal, done)).toBe(0);
    expect(readFileSync(readme, 'utf8')).not.toBe('mine');
    expect(terminal.stdout()).toContain(`npx create-mlops-stack --yes --project-name taken-name --output-dir ${out} --force\n`);
  });

  it('offers to cancel: exit 1, nothing written', async () => {
    const readme = taken();
    const terminal = fakeTerminal(['--output-dir', out]);
    const done = main(terminal.io);
    await terminal.answer('Select setup', KEYS.enter);
    await terminal.answer('Project name', ...'taken-name', KEYS.enter);
    await terminal.answer('What now?', KEYS.down, KEYS.down, KEYS.enter);
    expect(await done).toBe(1);
    expect(terminal.screen()).toContain('Cancelled: nothing was written.');
    expect(terminal.screen()).not.toContain('Select cloud');
    expect(listTree(out)).toEqual(['taken-name/README.md']);
    expect(readFileSync(readme, 'utf8')).toBe('mine');
  });
});

describe('the replay line', () => {
  it('is the one command that gives the same answers without questions', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--dry-run', '--json']);
    const done = main(terminal.io);
    await terminal.answer('Select setup', KEYS.down, KEYS.enter); // Project_Only
    await terminal.answer('Project name', ..."it's-a-model", KEYS.enter);
    await terminal.answer('Root directory name', ...Array(20).fill(KEYS.backspace), ...'models dir', KEYS.enter);
    await terminal.answer('Select cloud', KEYS.down, KEYS.down, KEYS.enter); // gcp
    expect(await acceptTheRest(terminal, done)).toBe(0);
    const interactive = JSON.parse(terminal.stdout()) as { answers: Record<string, string>; command: string };
    expect(interactive.command).toBe(
      `npx create-mlops-stack --yes --setup-cicd-and-project Project_Only --project-name 'it'\\''s-a-model' --root-dir 'models dir' --cloud gcp --output-dir ${out} --dry-run`,
    );
    // The shell reads the command back into the arguments; run without a terminal, they give the same answers.
    const words = execFileSync('sh', ['-c', `printf '%s\\n' ${interactive.command.replace(/^npx create-mlops-stack /, '')}`], { encoding: 'utf8' }).trimEnd().split('\n');
    const replayed = await runCli([...words, '--json']);
    expect((JSON.parse(replayed.stdout) as { answers: Record<string, string> }).answers).toEqual(interactive.answers);
  });

  it('after a failure past the questions, comes with the answers saved for a one-command retry', async () => {
    // Only the Feature Store layout has this file: the check at the folder, with later answers at their defaults, finds nothing.
    const blocker = join(out, 'fs-model', 'fs_model', 'feature_engineering');
    mkdirSync(blocker, { recursive: true });
    writeFileSync(join(blocker, 'notebooks'), 'a file where the project has a folder');
    const terminal = fakeTerminal(['--output-dir', out, '--setup-cicd-and-project', 'Project_Only', '--include-models-in-unity-catalog', 'no']);
    const done = main(terminal.io);
    await terminal.answer('Project name', ...'fs-model', KEYS.enter);
    await terminal.answer('Root directory name', KEYS.enter);
    for (const question of ['Select cloud', 'read access', 'Fully qualified']) await terminal.answer(question, KEYS.enter);
    await terminal.answer('Feature Store', KEYS.up, KEYS.enter); // yes
    expect(await acceptTheRest(terminal, done)).toBe(1);
    const screen = terminal.screen();
    const saved = /Your answers are saved in (\S+)\. Retry with:\n {2}(.+)\n/.exec(screen);
    expect(saved, screen).not.toBeNull();
    const [, path, retry] = saved as unknown as [string, string, string];
    try {
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ input_setup_cicd_and_project: 'Project_Only', input_project_name: 'fs-model', input_include_models_in_unity_catalog: 'no', input_include_feature_store: 'yes' });
      expect(retry).toBe(`npx create-mlops-stack --yes --config-file ${path} --output-dir ${out}`);
      expect(screen).toContain(`Replay without questions:\n  npx create-mlops-stack --yes --setup-cicd-and-project Project_Only --project-name fs-model --include-models-in-unity-catalog no --include-feature-store yes --output-dir ${out}\n`);
    } finally {
      rmSync(path, { force: true });
    }
  });
});

describe('prompts need both terminals', () => {
  it('with standard error redirected, asks nothing and says so in one line', async () => {
    const terminal = fakeTerminal(['--output-dir', out]);
    (terminal.io.stderr as { isTTY: boolean }).isTTY = false;
    expect(await main(terminal.io)).toBe(0);
    expect(terminal.screen()).toBe('Not asking: standard input and standard error are not both terminals, so inputs not given take their defaults (--yes hides this line).\n');
    expect(listTree(out).length).toBeGreaterThan(0);
  });
});

describe('the summary', () => {
  it('lists placeholder hosts as to-dos with their files, and the next steps as commands', async () => {
    const terminal = fakeTerminal(['--yes', '--output-dir', out, '--cloud', 'aws', '--databricks-prod-workspace-host', 'https://prod.cloud.databricks.com']);
    expect(await main(terminal.io)).toBe(0);
    const stdout = terminal.stdout();
    expect(stdout).toContain('To do:\n  replace the placeholder https://your-staging-workspace.cloud.databricks.com (--databricks-staging-workspace-host) in:\n    README.md, cicd_params.json, ');
    expect(stdout).toContain('my_mlops_project/databricks.yml');
    expect(stdout).not.toContain('placeholder https://prod');
    expect(stdout).toContain(
      `Next steps:\n  cd ${join(out, 'my-mlops-project')}\n  git init\n  # set up CI/CD: follow docs/mlops-setup.md (service principals, federation policies, branch protection)\n  cd my_mlops_project && databricks bundle validate -t dev\n`,
    );
    const withSecrets = fakeTerminal(['--yes', '--output-dir', join(out, 'other'), '--cicd-auth', 'secrets']);
    expect(await main(withSecrets.io)).toBe(0);
    expect(withSecrets.stdout()).toContain('# set up CI/CD: follow docs/mlops-setup.md (service principals, secrets, branch protection)');
    const readme = readFileSync(join(out, 'my-mlops-project', 'README.md'), 'utf8');
    expect(readme).toContain('## To do\n\n- [ ] Replace the placeholder staging workspace URL `https://your-staging-workspace.cloud.databricks.com`');
    expect(readme).not.toContain('placeholder production workspace URL');
  });

  it('lists the GitLab image as a to-do while it is the public default, and not once it is given', async () => {
    const gitlab = fakeTerminal(['--yes', '--output-dir', out, '--cicd-platform', 'gitlab']);
    expect(await main(gitlab.io)).toBe(0);
    expect(gitlab.stdout()).toContain('replace the placeholder databricksfieldeng/mlopsstacks:latest (--docker-image) in:\n    .gitlab/README.md, .gitlab/pipelines/my-mlops-project-bundle-cd-prod.yml, ');
    const readme = readFileSync(join(out, 'my-mlops-project', 'README.md'), 'utf8');
    expect(readme).toContain('- [ ] Build the image the GitLab pipelines run in (`.gitlab/docker/Dockerfile`)');
    const given = fakeTerminal(['--yes', '--output-dir', join(out, 'given'), '--cicd-platform', 'gitlab', '--docker-image', 'registry.gitlab.com/team/repo/ci:1']);
    expect(await main(given.io)).toBe(0);
    expect(given.stdout()).not.toContain('--docker-image');
    expect(readFileSync(join(out, 'given', 'my-mlops-project', 'README.md'), 'utf8')).not.toContain('Build the image');
    // Other platforms never hold the image: no to-do.
    const github = fakeTerminal(['--yes', '--output-dir', join(out, 'github')]);
    expect(await main(github.io)).toBe(0);
    expect(github.stdout()).not.toContain('--docker-image');
  });

  it('leaves out git init inside a repository, and the CI/CD doc without CI/CD', async () => {
    mkdirSync(join(out, '.git'));
    const terminal = fakeTerminal(['--yes', '--output-dir', out, '--setup-cicd-and-project', 'Project_Only', '--root-dir', '.']);
    expect(await main(terminal.io)).toBe(0);
    const steps = terminal.stdout().slice(terminal.stdout().indexOf('Next steps:'));
    expect(steps).toBe(`Next steps:\n  cd ${out}\n  cd my_mlops_project && databricks bundle validate -t dev\n`);
    expect(terminal.stdout()).not.toContain('To do:');
  });
});

describe('--help on a terminal', () => {
  it.each([60, 120])('wraps to its width (%i columns)', async (columns) => {
    const terminal = fakeTerminal(['--help']);
    Object.assign(terminal.io.stdout, { isTTY: true, columns });
    expect(await main(terminal.io)).toBe(0);
    const lines = terminal.stdout().trimEnd().split('\n');
    const widest = Math.max(...lines.map((line) => line.length));
    // Only the example commands keep their lines (at most 80 columns), so they can be copied whole.
    expect(widest).toBeLessThanOrEqual(Math.max(columns, 80));
    expect(widest).toBeGreaterThan(columns - 15);
    expect(lines.at(-1)).toContain('--setup-cicd-and-project Project_Only');
  });
});
