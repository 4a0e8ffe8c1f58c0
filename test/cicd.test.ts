import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionlintProblems } from './support/checks.js';
import { BIN, listTree, runCli, tempDir } from './support/cli.js';
import { isRecordPath } from '../src/update/record.js';
import { type RenderedProject, builtinStack, renderInMemory, renderMatrix, textOf } from './support/matrix.js';

/**
 * The generated CI/CD, checked over every combination: what the pipelines name (folders, bundle
 * targets, jobs) exists, versions stay strings, user input never reaches a shell line, each setup
 * mode gets the files it should, and deploy-cicd.mjs turns a monorepo project into the project
 * CICD_and_Project would have generated.
 */

type Node = unknown;
const isObject = (v: Node): v is Record<string, Node> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The CI folder of each platform; GitHub Enterprise Server uses GitHub's. */
const CI_FOLDER: Record<string, string> = {
  github_actions: '.github',
  github_actions_for_github_enterprise_servers: '.github',
  azure_devops: '.azure',
  gitlab: '.gitlab',
};
const ALL_CI_FOLDERS = [...new Set(Object.values(CI_FOLDER))];

const setupMode = (p: RenderedProject): string => String(p.context.input_setup_cicd_and_project);
const folderOf = (path: string): string => path.split('/', 1)[0] ?? path;

/** Every value stored under one of `keys`, anywhere in a parsed document. */
function valuesUnder(node: Node, keys: readonly string[], found: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const item of node) valuesUnder(item, keys, found);
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (keys.includes(key)) found.push(value);
      valuesUnder(value, keys, found);
    }
  }
  return found;
}
const strings = (values: Node[]): string[] => values.flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? strings(v) : []));

/** Azure DevOps `variables:` as a list of `{name, value}` (or a mapping), as a map. */
function pipelineVariables(doc: Record<string, Node>): Map<string, string> {
  const variables = doc.variables;
  const entries = Array.isArray(variables)
    ? variables.filter(isObject).filter((v) => 'name' in v).map((v) => [String(v.name), String(v.value)] as const)
    : isObject(variables)
      ? Object.entries(variables).map(([k, v]) => [k, String(v)] as const)
      : [];
  return new Map(entries);
}

interface PipelineFile {
  path: string;
  doc: Record<string, Node>;
}

/**
 * Per CI folder: the shell (and github-script) sources of a pipeline file, and the repository paths
 * it names as working directories, path filters or included files.
 */
const PLATFORM: Record<string, { scripts: (doc: Node) => string[]; paths: (doc: Record<string, Node>) => string[] }> = {
  '.github': {
    scripts: (doc) => strings(valuesUnder(doc, ['run', 'script'])),
    paths: (doc) => [...strings(valuesUnder(doc, ['working-directory'])), ...strings(valuesUnder(doc.on, ['paths']))],
  },
  '.azure': {
    scripts: (doc) => strings(valuesUnder(doc, ['script', 'bash', 'inlineScript'])),
    paths: (doc) => {
      const variables = pipelineVariables(doc);
      const resolve = (value: string): string => value.replace(/\$\((\w+)\)/g, (whole, name: string) => variables.get(name) ?? whole);
      return [
        ...strings(valuesUnder(isObject(doc.trigger) ? doc.trigger.paths : undefined, ['include'])),
        ...strings(valuesUnder(doc, ['workingDirectory'])).map(resolve),
        ...[...variables].filter(([name]) => name === 'workingDirectory').map(([, value]) => value),
      ];
    },
  },
  '.gitlab': {
    scripts: (doc) => strings(valuesUnder(doc, ['script', 'before_script', 'after_script'])),
    paths: (doc) => [
      ...strings(valuesUnder(doc, ['changes'])),
      ...strings(valuesUnder(valuesUnder(doc, ['trigger']), ['include'])),
      ...strings(valuesUnder(doc, ['PROJECT_DIR'])),
    ],
  },
};

/** The YAML files under the CI folder of a rendered project, parsed. */
function pipelineFiles(files: RenderedProject['files']): PipelineFile[] {
  const pipelines: PipelineFile[] = [];
  for (const [path, content] of files) {
    const text = textOf(content);
    if (text === undefined || !ALL_CI_FOLDERS.includes(folderOf(path)) || !/\.ya?ml$/.test(path)) continue;
    pipelines.push({ path, doc: parse(text) as Record<string, Node> });
  }
  return pipelines;
}

function platformOf(path: string): (typeof PLATFORM)[string] {
  const platform = PLATFORM[folderOf(path)];
  if (!platform) throw new Error(`${path} is in no CI folder`);
  return platform;
}
const scriptsOf = (file: PipelineFile): string[] => platformOf(file.path).scripts(file.doc);

/** `pkg/**`, `./pkg/`, `pkg/**\/*` -> `pkg`: the file or folder a filter or working directory stands for. */
const pathOfPattern = (pattern: string): string => posix.normalize(pattern.replace(/(\/\*\*)?(\/\*)?$/, '')).replace(/^\.\/|\/$/g, '');
const existsIn = (project: RenderedProject, path: string): boolean =>
  project.files.has(path) || [...project.files.keys()].some((file) => file.startsWith(`${path}/`));

/** The bundle of a CICD_and_Project project: its targets and the jobs of the asset files it includes. */
function bundleOf(project: RenderedProject): { targets: string[]; jobs: string[] } {
  const pkg = String(project.context.pkg);
  const read = (path: string): Record<string, Node> => parse(String(project.files.get(path)), { merge: true }) as Record<string, Node>;
  const root = read(`${pkg}/databricks.yml`);
  const included = ((root.include as string[] | undefined) ?? []).map((include) => posix.join(pkg, include));
  const jobs = [root, ...included.map(read)].flatMap((doc) => (isObject(doc.resources) && isObject(doc.resources.jobs) ? Object.keys(doc.resources.jobs) : []));
  return { targets: Object.keys(root.targets as object), jobs };
}

const matches = (texts: string[], pattern: RegExp): string[] => texts.flatMap((text) => [...text.matchAll(pattern)].map((m) => m[1] ?? ''));

describe('CI/CD layout per setup mode', () => {
  it('writes exactly one CI folder (the chosen platform) in CICD_and_Project and CICD_Only, and none in Project_Only', async () => {
    for (const project of await renderMatrix()) {
      const folders = ALL_CI_FOLDERS.filter((folder) => [...project.files.keys()].some((path) => folderOf(path) === folder));
      const expected = setupMode(project) === 'Project_Only' ? [] : [CI_FOLDER[String(project.context.input_cicd_platform)]];
      expect(folders, project.combination.id).toEqual(expected);
    }
  });

  it('writes in CICD_Only only files that CICD_and_Project writes too, none named after or inside a project', async () => {
    const projects = await renderMatrix();
    const sameSetup = (a: RenderedProject, b: RenderedProject): boolean =>
      ['input_cloud', 'input_cicd_platform', 'input_include_models_in_unity_catalog'].every((input) => a.context[input] === b.context[input]);
    for (const cicdOnly of projects.filter((p) => setupMode(p) === 'CICD_Only')) {
      const { project, pkg } = cicdOnly.context;
      const full = projects.find((p) => setupMode(p) === 'CICD_and_Project' && sameSetup(p, cicdOnly));
      // Each run has its record (.mlops-stack/), named after the run.
      for (const path of [...cicdOnly.files.keys()].filter((p) => !isRecordPath(p))) {
        expect(path.includes(String(project)) || folderOf(path) === pkg, `${cicdOnly.combination.id}: ${path}`).toBe(false);
        expect(full?.files.has(path), `${cicdOnly.combination.id}: ${path} is not in CICD_and_Project`).toBe(true);
      }
    }
  });

  it('writes in Project_Only nothing outside the project folder', async () => {
    for (const project of (await renderMatrix()).filter((p) => setupMode(p) === 'Project_Only')) {
      const outside = [...project.files.keys()].filter((path) => folderOf(path) !== project.context.pkg && !isRecordPath(path));
      expect(outside, project.combination.id).toEqual([]);
    }
  });
});

describe('what the pipelines name exists', () => {
  it('runs only jobs of the bundle, with targets of databricks.yml (CICD_and_Project)', async () => {
    for (const project of (await renderMatrix()).filter((p) => setupMode(p) === 'CICD_and_Project')) {
      const { targets, jobs } = bundleOf(project);
      const scripts = pipelineFiles(project.files).flatMap(scriptsOf);
      const ran = matches(scripts, /databricks bundle run (\S+)/g);
      const used = matches(scripts, /databricks bundle (?:validate|deploy|run \S+) -t (\S+)/g);
      expect(ran, project.combination.id).toContain('model_training_job');
      expect(ran.includes('write_feature_table_job'), project.combination.id).toBe(project.context.fs);
      expect([...new Set(used)].sort(), project.combination.id).toEqual(['prod', 'staging', 'test']);
      for (const job of ran) expect(jobs, `${project.combination.id}: bundle run ${job}`).toContain(job);
      for (const target of used) expect(targets, `${project.combination.id}: -t ${target}`).toContain(target);
    }
  });

  it('names existing folders and files as working directories, path filters and included pipelines', async () => {
    for (const project of await renderMatrix()) {
      for (const file of pipelineFiles(project.files)) {
        const named = platformOf(file.path).paths(file.doc).filter((path) => !path.includes('${{'));
        for (const path of named) expect(existsIn(project, pathOfPattern(path)), `${project.combination.id}: ${file.path} names ${path}`).toBe(true);
      }
    }
  });
});

describe('pipeline values', () => {
  it('writes every version as a string', async () => {
    const seen = new Set<string>();
    for (const project of await renderMatrix()) {
      for (const file of pipelineFiles(project.files)) {
        const versions: [string, Node][] = [];
        const visit = (node: Node): void => {
          if (Array.isArray(node)) node.forEach(visit);
          if (!isObject(node)) return;
          // Azure DevOps variables are `{ name, value }` items.
          if (typeof node.name === 'string' && /version/i.test(node.name) && 'value' in node) versions.push([node.name, node.value]);
          for (const [key, value] of Object.entries(node)) {
            if (/version/i.test(key) && !isObject(value) && !Array.isArray(value)) versions.push([key, value]);
            visit(value);
          }
        };
        visit(file.doc);
        for (const [key, value] of versions) {
          seen.add(key);
          expect(typeof value, `${project.combination.id}: ${file.path} ${key}: ${String(value)}`).toBe('string');
        }
      }
    }
    expect([...seen].sort()).toEqual(['ACTIONLINT_VERSION', 'DATABRICKS_CLI_VERSION', 'java-version', 'node-version', 'python-version', 'version', 'versionSpec']);
  });

  it('passes workflow inputs and pipeline parameters to scripts only through the environment', async () => {
    for (const project of await renderMatrix()) {
      for (const file of pipelineFiles(project.files)) {
        for (const script of scriptsOf(file)) {
          expect(script, `${project.combination.id}: ${file.path}`).not.toMatch(/\$\{\{\s*(inputs|github\.event\.inputs|parameters)\./);
        }
      }
    }
  });

  it.each(Object.keys(CI_FOLDER))('keeps user values out of shell lines (%s)', async (platform) => {
    const hostile = { input_project_name: "ml-';id&`x`", input_default_branch: 'dev;id', input_release_branch: "rel'(id)&x" };
    const { files } = await renderInMemory(builtinStack(), { ...hostile, input_cicd_platform: platform, input_cloud: 'aws' });
    const pipelines = pipelineFiles(files);
    const scripts = pipelines.flatMap(scriptsOf);
    expect(scripts.length).toBeGreaterThan(0);
    for (const value of Object.values(hostile)) for (const script of scripts) expect(script).not.toContain(value);
    for (const { path } of pipelines.filter((file) => folderOf(file.path) === '.github')) {
      expect(await actionlintProblems(path, String(files.get(path)))).toEqual([]);
    }
  });
});

/** The jobs of a GitLab pipeline file: its top-level mappings that hold a script or a trigger. */
const gitlabJobs = (doc: Record<string, Node>): [string, Record<string, Node>][] =>
  Object.entries(doc).filter((entry): entry is [string, Record<string, Node>] => isObject(entry[1]) && ('script' in entry[1] || 'trigger' in entry[1]));

describe('when pipelines run, and one at a time', () => {
  it('GitLab: a child pipeline started from a merge request pipeline admits merge request pipelines', async () => {
    let checked = 0;
    for (const project of (await renderMatrix()).filter((p) => p.context.input_cicd_platform === 'gitlab')) {
      const files = new Map(pipelineFiles(project.files).map((file) => [file.path, file.doc]));
      for (const [path, doc] of files) {
        for (const [name, job] of gitlabJobs(doc).filter(([, job]) => isObject(job.trigger))) {
          const forMergeRequests = strings(valuesUnder(job.rules, ['if'])).some((rule) => rule.includes('"merge_request_event"') && !rule.includes('!='));
          if (!forMergeRequests) continue;
          const child = files.get(String((job.trigger as Record<string, Node>).include));
          expect(child, `${project.combination.id}: ${path} ${name}`).toBeDefined();
          // Jobs without rules run only in branch pipelines: the child needs a workflow rule (or every job a rule) that admits it.
          const workflowAdmits = strings(valuesUnder(isObject(child?.workflow) ? child.workflow.rules : undefined, ['if'])).includes('$CI_MERGE_REQUEST_ID');
          const jobsAdmit = gitlabJobs(child ?? {}).every(([, childJob]) => Array.isArray(childJob.rules));
          expect(workflowAdmits || jobsAdmit, `${project.combination.id}: ${path} ${name}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('GitLab: every job that deploys a bundle target waits for the others of that target (resource_group)', async () => {
    for (const project of (await renderMatrix()).filter((p) => p.context.input_cicd_platform === 'gitlab' && setupMode(p) === 'CICD_and_Project')) {
      const groups = new Map<string, string>();
      for (const file of pipelineFiles(project.files)) {
        for (const [name, job] of gitlabJobs(file.doc)) {
          const [target] = matches(strings(valuesUnder(job, ['script'])), /databricks bundle deploy -t (\S+)/g);
          if (target === undefined) continue;
          expect(job.resource_group, `${project.combination.id}: ${file.path} ${name}`).toBe(`${String(project.context.pkg)}-${target}-bundle`);
          groups.set(target, String(job.resource_group));
        }
      }
      expect([...groups.keys()].sort(), project.combination.id).toEqual(['prod', 'staging', 'test']);
    }
  });
});

describe.skipIf(process.platform === 'win32')('push_image_to_gitlab.sh', () => {
  /** Runs the generated script with a `docker` on PATH that records its calls; returns the exit code, stderr and the calls. */
  function push(repo: string, args: string[]): { code: number; stderr: string; calls: string[] } {
    const bin = tempDir();
    const log = join(bin, 'calls');
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$*" >> "${log}"\ncat > /dev/null\n`, { mode: 0o755 });
    const run = spawnSync('bash', [join(repo, '.gitlab/docker/push_image_to_gitlab.sh'), ...args], {
      encoding: 'utf8',
      input: '',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, CI_REGISTRY_USER: 'someone', CI_REGISTRY_PASSWORD: 'token', CI_REGISTRY: '' },
    });
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    rmSync(bin, { recursive: true, force: true });
    return { code: run.status ?? -1, stderr: run.stderr, calls };
  }

  it('refuses the default image (on Docker Hub) before calling docker, and pushes one of the registry it signs in to', async () => {
    const out = tempDir();
    expect((await runCli(['--yes', '--cicd-platform', 'gitlab', '--output-dir', out])).code).toBe(0);
    const repo = join(out, 'my-mlops-project');
    const refused = push(repo, []);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the image databricksfieldeng/mlopsstacks:latest is not in the registry registry.gitlab.com');
    expect(refused.calls).toEqual([]);
    const image = 'registry.gitlab.com/team/repo/mlops-ci:1';
    const pushed = push(repo, [image]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.calls).toEqual([
      'login registry.gitlab.com --username someone --password-stdin',
      `build --file ${join(repo, '.gitlab/docker/Dockerfile')} --tag ${image} ${repo}`,
      `push ${image}`,
    ]);
    rmSync(out, { recursive: true, force: true });
  });
});

describe('deploy-cicd.mjs adds a project to a monorepo', () => {
  let out: string;
  beforeEach(() => {
    out = tempDir();
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const cli = async (args: string[]): Promise<void> => {
    const run = await runCli(['--yes', ...args]);
    expect(run.code, run.stderr).toBe(0);
  };
  const deployCicd = (repo: string, project: string): { code: number; output: string } => {
    try {
      const output = execFileSync(process.execPath, [join(repo, 'deploy-cicd.mjs'), project], {
        encoding: 'utf8',
        env: { ...process.env, CREATE_MLOPS_STACK_BIN: BIN },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { code: 0, output };
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      return { code: failed.status, output: failed.stderr };
    }
  };

  const CASES = [
    { cloud: 'azure', platform: 'github_actions', uc: 'yes', fs: 'no', recipes: 'no' },
    { cloud: 'aws', platform: 'azure_devops', uc: 'no', fs: 'yes', recipes: 'no' },
    { cloud: 'gcp', platform: 'gitlab', uc: 'yes', fs: 'yes', recipes: 'no' },
    { cloud: 'aws', platform: 'github_actions_for_github_enterprise_servers', uc: 'no', fs: 'no', recipes: 'yes' },
  ];
  it.each(CASES)('$platform on $cloud (UC $uc, feature store $fs, recipes $recipes)', async ({ cloud, platform, uc, fs, recipes }) => {
    const shared = ['--cloud', cloud, '--include-models-in-unity-catalog', uc, '--root-dir', 'repo', '--default-branch', 'dev'];
    const project = ['--project-name', 'fraud-model', '--include-feature-store', fs, '--include-mlflow-recipes', recipes];
    await cli(['--setup-cicd-and-project', 'CICD_Only', '--cicd-platform', platform, ...shared, '--output-dir', out]);
    const repo = join(out, 'repo');
    await cli(['--setup-cicd-and-project', 'Project_Only', ...project, ...shared.slice(0, 4), '--root-dir', '.', '--output-dir', repo]);
    await cli(['--setup-cicd-and-project', 'CICD_and_Project', '--cicd-platform', platform, ...project, ...shared, '--output-dir', join(out, 'full')]);
    const full = join(out, 'full', 'repo');
    const before = listTree(repo);
    const bundleBefore = readFileSync(join(repo, 'fraud_model/databricks.yml'), 'utf8');

    const added = deployCicd(repo, 'fraud-model');
    expect(added.code, added.output).toBe(0);

    const projectCiFiles = listTree(full).filter((path) => ALL_CI_FOLDERS.includes(folderOf(path)) && path.includes('fraud-model'));
    expect(projectCiFiles.length).toBeGreaterThan(0);
    expect(listTree(repo)).toEqual([...before, ...projectCiFiles].sort());
    for (const path of projectCiFiles) expect(readFileSync(join(repo, path), 'utf8'), path).toBe(readFileSync(join(full, path), 'utf8'));
    const bundle = readFileSync(join(repo, 'fraud_model/databricks.yml'), 'utf8');
    expect(bundle.startsWith(bundleBefore)).toBe(true);
    const targets = (text: string): unknown => (parse(text) as { targets: unknown }).targets;
    expect(targets(bundle)).toEqual(targets(readFileSync(join(full, 'fraud_model/databricks.yml'), 'utf8')));

    const again = deployCicd(repo, 'fraud-model');
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already has a staging target/);
    expect(readFileSync(join(repo, 'fraud_model/databricks.yml'), 'utf8')).toBe(bundle);
  });

  it('reads the project\'s answers from its run record, or without one (older projects) from project_params.json alone', async () => {
    const addProject = async (record: 'kept' | 'deleted' | 'other version'): Promise<Map<string, string>> => {
      const base = tempDir();
      await cli(['--setup-cicd-and-project', 'CICD_Only', '--root-dir', 'repo', '--output-dir', base]);
      const repo = join(base, 'repo');
      await cli(['--setup-cicd-and-project', 'Project_Only', '--project-name', 'fraud-model', '--include-feature-store', 'yes', '--root-dir', '.', '--output-dir', repo]);
      const recordFile = join(repo, '.mlops-stack/fraud_model.json');
      if (record === 'deleted') rmSync(recordFile);
      if (record === 'other version') {
        // A record of another version, with an input this one does not know: not used.
        const other = JSON.parse(readFileSync(recordFile, 'utf8')) as { tool: { version: string }; answers: Record<string, string> };
        other.tool.version = '0.0.1';
        other.answers.input_unknown_to_this_version = 'x';
        writeFileSync(recordFile, JSON.stringify(other));
      }
      const before = new Set(listTree(repo));
      const added = deployCicd(repo, 'fraud-model');
      expect(added.code, added.output).toBe(0);
      const files = listTree(repo).filter((path) => !before.has(path) || path.endsWith('databricks.yml'));
      return new Map(files.map((path) => [path, readFileSync(join(repo, path), 'utf8')]));
    };
    const withRecord = await addProject('kept');
    expect([...withRecord.keys()].some((path) => path.endsWith('fraud-model-run-tests.yml'))).toBe(true);
    expect(await addProject('deleted')).toEqual(withRecord);
    expect(await addProject('other version')).toEqual(withRecord);
    // And a record of this version is read: an input added to it reaches the render.
    const base = tempDir();
    await cli(['--setup-cicd-and-project', 'CICD_Only', '--root-dir', 'repo', '--output-dir', base]);
    const repo = join(base, 'repo');
    await cli(['--setup-cicd-and-project', 'Project_Only', '--project-name', 'fraud-model', '--root-dir', '.', '--output-dir', repo]);
    const recordFile = join(repo, '.mlops-stack/fraud_model.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { answers: Record<string, string> };
    record.answers.input_read_user_group = 'bad ${value}';
    writeFileSync(recordFile, JSON.stringify({ ...record }));
    const refused = deployCicd(repo, 'fraud-model');
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/input_read_user_group/);
  });

  it.skipIf(process.platform === 'win32')('writes its scripts executable', async () => {
    await cli(['--setup-cicd-and-project', 'CICD_Only', '--cicd-platform', 'gitlab', '--root-dir', 'repo', '--output-dir', out]);
    for (const script of ['deploy-cicd.mjs', '.gitlab/docker/push_image_to_gitlab.sh']) {
      expect(statSync(join(out, 'repo', script)).mode & 0o111, script).not.toBe(0);
    }
  });

  it('refuses a project of another cloud, and a project that does not exist', async () => {
    await cli(['--setup-cicd-and-project', 'CICD_Only', '--cloud', 'aws', '--root-dir', 'repo', '--output-dir', out]);
    const repo = join(out, 'repo');
    await cli(['--setup-cicd-and-project', 'Project_Only', '--project-name', 'other-cloud', '--cloud', 'gcp', '--root-dir', '.', '--output-dir', repo]);
    const before = listTree(repo);

    const otherCloud = deployCicd(repo, 'other-cloud');
    expect(otherCloud.code).toBe(1);
    expect(otherCloud.output).toMatch(/targets cloud gcp .* set up for aws/);
    const missing = deployCicd(repo, 'no-such-project');
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/create it first/);
    expect(listTree(repo)).toEqual(before);
  });
});
