import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveAnswers } from '../src/answers/answers.js';
import { type RenderedProject, builtinStack, renderMatrix, textOf } from './support/matrix.js';

/**
 * What the generated project says and does, beyond "it parses": the compute jobs run on, the
 * MLflow APIs the code uses, and claims in the docs that must match the pipelines.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const withProject = async (): Promise<RenderedProject[]> => (await renderMatrix()).filter((p) => p.context.with_project === true);
const assetFiles = (p: RenderedProject): [string, Json][] =>
  [...p.files]
    .filter(([path]) => /\/assets\/[^/]+-asset\.yml$/.test(path))
    .map(([path, content]) => [path, parse(textOf(content) ?? '', { merge: true }) as Json]);
const jobsOf = (doc: Json): [string, Json][] => Object.entries(((doc.resources as Json | undefined)?.jobs ?? {}) as Json) as [string, Json][];
const tasksOf = (job: Json): Json[] => (job.tasks as Json[] | undefined) ?? [];
/** Tasks that need compute: every task but conditions and job triggers. */
const computeTasks = (job: Json): Json[] => tasksOf(job).filter((t) => !t.condition_task && !t.run_job_task);

describe('the deployed model each target compares with', () => {
  it('with the workspace registry, validates against the stage the target deploys to, as batch inference scores it', async () => {
    const registry = (await withProject()).filter((p) => p.context.uc === false);
    expect(registry.length).toBeGreaterThan(0);
    for (const p of registry) {
      const pkg = String(p.context.pkg);
      const validation = textOf(p.files.get(`${pkg}/validation/notebooks/ModelValidation.py`) ?? '') ?? '';
      const inference = textOf(p.files.get(`${pkg}/deployment/batch_inference/notebooks/BatchInference.py`) ?? '') ?? '';
      for (const notebook of [validation, inference]) expect(notebook, p.combination.id).toContain('get_deployed_model_stage_for_env(env)');
      expect(validation, p.combination.id).not.toMatch(/["']Production["']/);
      expect(p.files.has(`${pkg}/utils.py`), p.combination.id).toBe(true);
    }
  });
});

describe('compute (input_compute)', () => {
  it('runs every task of every job on serverless compute through its job environment', async () => {
    const problems: string[] = [];
    const serverless = (await withProject()).filter((q) => q.context.serverless === true);
    expect(serverless.length).toBeGreaterThan(0);
    for (const p of serverless) {
      for (const [path, doc] of assetFiles(p)) {
        for (const [name, job] of jobsOf(doc)) {
          const environments = (job.environments as Json[] | undefined) ?? [];
          const keys = environments.map((e) => e.environment_key);
          const spec = environments[0]?.spec as Json | undefined;
          if (environments.length !== 1 || spec?.environment_version !== p.context.environment_version) problems.push(`${path} ${name}: environments ${JSON.stringify(environments)}`);
          if (JSON.stringify(spec?.dependencies) !== JSON.stringify(['-r ../requirements.txt'])) problems.push(`${path} ${name}: dependencies`);
          if (job.job_clusters !== undefined) problems.push(`${path} ${name}: has job clusters`);
          for (const task of computeTasks(job)) {
            if (!keys.includes(task.environment_key) || task.new_cluster || task.job_cluster_key) problems.push(`${path} ${name}.${String(task.task_key)}: not on the environment`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs every task on a job cluster of the LTS ML runtime with the classic choice', async () => {
    const problems: string[] = [];
    const classic = (await withProject()).filter((q) => q.context.serverless === false);
    expect(classic.length).toBeGreaterThan(0);
    for (const p of classic) {
      for (const [path, doc] of assetFiles(p)) {
        for (const [name, job] of jobsOf(doc)) {
          if (job.environments !== undefined) problems.push(`${path} ${name}: has environments`);
          const clusters = new Map(((job.job_clusters as Json[] | undefined) ?? []).map((c) => [c.job_cluster_key, c.new_cluster as Json]));
          for (const task of computeTasks(job)) {
            const cluster = (task.new_cluster as Json | undefined) ?? clusters.get(task.job_cluster_key);
            if (cluster?.spark_version !== p.context.spark_version || !isObject(cluster) || typeof cluster.node_type_id !== 'string') {
              problems.push(`${path} ${name}.${String(task.task_key)}: no cluster`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(String(classic[0]?.context.spark_version)).toMatch(/^\d+\.\d+\.x-cpu-ml-scala2\.\d+$/);
  });

  it('installs the requirements with %pip in notebooks only on classic compute, and finds no folder through py4j on serverless', async () => {
    const problems: string[] = [];
    for (const p of await withProject()) {
      for (const [path, content] of p.files) {
        const text = textOf(content);
        if (!path.includes('/notebooks/') || text === undefined) continue;
        const pip = /%pip install|restartPython/.test(text);
        if (p.context.serverless === true && pip) problems.push(`${p.combination.id} ${path}: %pip under serverless`);
        // Serverless notebooks start in their own folder and need no py4j entry point to find it.
        if (p.context.serverless === true && text.includes('entry_point')) problems.push(`${p.combination.id} ${path}: entry_point under serverless`);
        if (p.context.serverless === false && !pip && /Train|ModelValidation|BatchInference/.test(path)) problems.push(`${p.combination.id} ${path}: no %pip on classic`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('says in the docs what serverless needs in a workspace and how to switch either way', async () => {
    for (const p of await withProject()) {
      const readme = textOf(p.files.get(`${String(p.context.pkg)}/assets/README.md`) ?? '') ?? '';
      if (p.context.serverless === true) {
        expect(readme, p.combination.id).toMatch(/serverless compute for jobs enabled[^]*Unity Catalog enabled/);
        expect(readme, p.combination.id).toContain('--compute classic');
      } else if (p.context.recipes === false) {
        expect(readme, p.combination.id).toContain('--compute serverless');
      }
    }
  });

  it('keeps MLflow Recipes on classic compute and refuses serverless with it, naming both inputs', async () => {
    const recipes = (await withProject()).filter((q) => q.context.recipes === true);
    expect(recipes.length).toBeGreaterThan(0);
    for (const p of recipes) expect(p.context.input_compute).toBe('classic');
    const flags = { input_include_models_in_unity_catalog: 'no', input_include_mlflow_recipes: 'yes', input_compute: 'serverless' };
    await expect(resolveAnswers(builtinStack(), { flags })).rejects.toThrow(/input_compute.*input_include_mlflow_recipes|input_include_mlflow_recipes.*input_compute/);
  });
});

describe('MLflow', () => {
  const requirementsOf = (p: RenderedProject): string[] =>
    (textOf(p.files.get(`${String(p.context.pkg)}/requirements.txt`) ?? '') ?? '').split('\n').filter((line) => line && !line.startsWith('#'));

  it('pins MLflow 3 for the plain and Feature Store variants and the last MLflow 2 line for Recipes', async () => {
    for (const p of await withProject()) {
      const mlflow = requirementsOf(p).filter((line) => /^mlflow\b/.test(line));
      expect(mlflow, p.combination.id).toEqual([p.context.recipes === true ? 'mlflow>=2.22,<3' : 'mlflow>=3.1,<4']);
      expect(requirementsOf(p).every((line) => /[<>=~]/.test(line)), p.combination.id).toBe(true);
    }
  });

  it('uses MLflow 3 APIs: name= for logged models, the logged model URI, mlflow.models.evaluate and validate_evaluation_results', async () => {
    const problems: string[] = [];
    for (const p of (await withProject()).filter((q) => q.context.recipes === false)) {
      for (const [path, content] of p.files) {
        const text = textOf(content);
        // The unit tests name MLflow 2 URIs on purpose, to check they are refused.
        if (!path.endsWith('.py') || path.includes('/tests/') || text === undefined) continue;
        for (const call of text.match(/mlflow\.\w+\.log_model\([^)]*\)/g) ?? []) {
          if (call.includes('artifact_path=') || !call.includes('name=')) problems.push(`${path}: ${call}`);
        }
        if (/mlflow\.evaluate\(|runs:\/|baseline_model=|validation_thresholds=validation_thresholds,\n\s*evaluator_config/.test(text)) problems.push(`${path}: MLflow 2 API`);
      }
      const validation = textOf(p.files.get(`${String(p.context.pkg)}/validation/notebooks/ModelValidation.py`) ?? '') ?? '';
      expect(validation).toContain('mlflow.models.evaluate(');
      expect(validation).toContain('mlflow.validate_evaluation_results(');
    }
    expect(problems).toEqual([]);
  });
});

describe('CI sign-in (input_cicd_auth)', () => {
  const withCicd = async (platform: (p: RenderedProject) => boolean): Promise<RenderedProject[]> =>
    (await renderMatrix()).filter((p) => p.context.with_cicd === true && platform(p));
  const yamlFiles = (p: RenderedProject, folder: string): [string, Json][] =>
    [...p.files]
      .filter(([path]) => path.startsWith(folder) && /\.ya?ml$/.test(path))
      .map(([path, content]) => [path, parse(textOf(content) ?? '') as Json]);
  const callsDatabricks = (node: unknown): boolean => JSON.stringify(node ?? null).includes('databricks bundle');
  const setupGuide = (p: RenderedProject): string => textOf(p.files.get('docs/mlops-setup.md') ?? '') ?? '';

  it('GitHub: each job that calls Databricks runs in its target environment with an OIDC token and no stored credential', async () => {
    const projects = await withCicd((p) => p.context.github === true && p.context.oidc === true);
    expect(projects.length).toBeGreaterThan(0);
    for (const p of projects) {
      const environments = new Set<string>();
      for (const [path, doc] of yamlFiles(p, '.github/workflows/')) {
        for (const [name, job] of Object.entries((doc.jobs ?? {}) as Json) as [string, Json][]) {
          if (!callsDatabricks(job.steps)) continue;
          const where = `${p.combination.id} ${path} ${name}`;
          const env = { ...(doc.env as Json | undefined), ...(job.env as Json | undefined) };
          expect((job.permissions as Json | undefined)?.['id-token'], where).toBe('write');
          expect(env.DATABRICKS_AUTH_TYPE, where).toBe('github-oidc');
          expect(env.DATABRICKS_CLIENT_ID, where).toBe('${{ secrets.DATABRICKS_CLIENT_ID }}');
          expect(Object.keys(env).filter((key) => /SECRET|TOKEN|ARM_/.test(key)), where).toEqual([]);
          expect(['staging', 'prod', 'test'], where).toContain(job.environment);
          environments.add(String(job.environment));
        }
      }
      // The setup guide names the subject of each environment the workflows use.
      for (const environment of environments) expect(setupGuide(p), p.combination.id).toContain(`repo:<owner>/<repository>:environment:${environment}`);
    }
  });

  it('GitLab: each job that calls Databricks gets an ID token for env-oidc, and the guide names its subject', async () => {
    const projects = await withCicd((p) => p.context.gitlab === true && p.context.oidc === true);
    expect(projects.length).toBeGreaterThan(0);
    for (const p of projects) {
      const guide = setupGuide(p);
      for (const [path, doc] of yamlFiles(p, '.gitlab/pipelines/')) {
        for (const [name, job] of Object.entries(doc) as [string, Json][]) {
          if (!isObject(job) || !callsDatabricks(job.script)) continue;
          const where = `${p.combination.id} ${path} ${name}`;
          const variables = job.variables as Json;
          expect(((job.id_tokens as Json).DATABRICKS_OIDC_TOKEN as Json).aud, where).toBe('$CI_SERVER_URL');
          expect(variables.DATABRICKS_AUTH_TYPE, where).toBe('env-oidc');
          expect(variables.DATABRICKS_CLIENT_SECRET, where).toBeUndefined();
          const environment = (job.environment as Json).name;
          // Deployments run on the commits of one branch: their subject names it.
          const branch = { staging: p.context.input_default_branch, prod: p.context.input_release_branch }[String(environment)];
          if (branch === undefined) expect(environment, where).toBe('test');
          else expect(guide, where).toContain(JSON.stringify(`project_path:<group>/<project>:ref_type:branch:ref:${String(branch)}`));
        }
      }
      expect(guide).toContain('"subject_claim": "project_path"');
    }
  });

  it('Azure DevOps on Azure: every Databricks step runs in a workload identity service connection, with no variable group', async () => {
    const projects = await withCicd((p) => p.context.azure_devops === true && p.context.oidc === true);
    expect(projects.length).toBeGreaterThan(0);
    expect(projects.every((p) => p.context.azure === true)).toBe(true);
    for (const p of projects) {
      for (const [path, doc] of yamlFiles(p, '.azure/devops-pipelines/')) {
        const text = JSON.stringify(doc);
        expect(text, path).not.toMatch(/variable group|ARM_CLIENT_SECRET|DATABRICKS_TOKEN/);
        const steps: Json[] = [];
        const collect = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(collect);
          else if (isObject(node)) (Array.isArray(node.steps) ? steps.push(...(node.steps as Json[])) : undefined, Object.values(node).forEach(collect));
        };
        collect(doc);
        for (const step of steps.filter(callsDatabricks)) {
          const inputs = step.inputs as Json;
          expect(step.task, path).toBe('AzureCLI@2');
          expect(['databricks-staging', 'databricks-prod'], path).toContain(inputs.azureSubscription);
          expect(inputs.azureSubscription, path).toBe(String(inputs.inlineScript).includes('-t prod') ? 'databricks-prod' : 'databricks-staging');
          expect((step.env as Json).DATABRICKS_AUTH_TYPE, path).toBe('azure-cli');
        }
      }
    }
  });

  it('keeps stored secrets with the secrets choice, and refuses OIDC for Azure DevOps outside Azure, naming both inputs', async () => {
    for (const p of await withCicd((q) => q.context.oidc === false)) {
      for (const [path, content] of p.files) {
        const text = textOf(content) ?? '';
        if (/^\.(github|gitlab|azure)\//.test(path) && /\.ya?ml$/.test(path)) expect(text, path).not.toMatch(/id-token|id_tokens|github-oidc|env-oidc|AzureCLI@2/);
      }
    }
    const flags = { input_cloud: 'aws', input_cicd_platform: 'azure_devops', input_cicd_auth: 'oidc' };
    await expect(resolveAnswers(builtinStack(), { flags })).rejects.toThrow(/input_cicd_auth.*input_cicd_platform.*input_cloud|input_cicd_auth oidc needs input_cloud azure/);
    const defaults = await resolveAnswers(builtinStack(), { flags: { input_cloud: 'gcp', input_cicd_platform: 'azure_devops' } });
    expect(defaults.input_cicd_auth).toBe('secrets');
  });
});

describe('pinned versions', () => {
  const STACK_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates', 'mlops-stacks');
  const templateSources = (dir = join(STACK_DIR, 'template')): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? templateSources(path) : entry.name.endsWith('.hbs') ? [readFileSync(path, 'utf8')] : [];
    });

  it('defines each pin once, in the stack data: no template spells an action version or the CLI version', () => {
    const context = builtinStack().values;
    const pins = [context.cli_version, context.action_checkout, context.action_setup_python, context.action_setup_java, context.action_setup_node, context.action_github_script];
    for (const source of templateSources()) {
      expect(source).not.toMatch(/actions\/[a-z-]+@v\d/);
      for (const pin of pins) expect(source.includes(String(pin))).toBe(false);
    }
    expect(String(context.python_version)).toMatch(/^3\.(1[1-9])$/);
  });

  it('emits every pin quoted, at its current value', async () => {
    for (const p of (await renderMatrix()).filter((q) => q.context.github === true && q.context.with_cicd === true)) {
      for (const [path, content] of p.files) {
        const text = textOf(content);
        if (!path.startsWith('.github/workflows/') || text === undefined) continue;
        for (const line of text.split('\n').filter((l) => /^\s*-? ?uses: /.test(l))) expect(line, path).toMatch(/uses: "actions\/[a-z-]+@v\d+"$/);
        for (const line of text.split('\n').filter((l) => /(python-version|java-version|node-version|DATABRICKS_CLI_VERSION):/.test(l))) expect(line, path).toMatch(/: "[\d.]+"$/);
      }
    }
    const bundle = (await withProject())[0];
    expect(textOf(bundle?.files.get(`${String(bundle?.context.pkg)}/databricks.yml`) ?? '')).toContain(`databricks_cli_version: ">= ${String(bundle?.context.cli_version)}"`);
  });
});

describe('batch inference, inference table and labels tell one story', () => {
  it('appends every batch, joins the labels on a key the input carries, and monitors a table of its own', async () => {
    for (const p of await withProject()) {
      const pkg = String(p.context.pkg);
      const read = (path: string): string => textOf(p.files.get(`${pkg}/${path}`) ?? '') ?? '';
      const where = p.combination.id;
      // Batch inference keeps every batch, so labels arriving later still find their predictions.
      expect(read('deployment/batch_inference/predict.py'), where).toMatch(/\.mode\("append"\)/);
      expect(read('deployment/batch_inference/predict.py'), where).not.toMatch(/\.mode\("overwrite"\)/);
      const batch = parse(read('assets/batch-inference-workflow-asset.yml')) as Json;
      const parameters = ((((batch.resources as Json).jobs as Json).batch_inference_job as Json).tasks as Json[])[0]?.notebook_task as Json;
      const output = String((parameters.base_parameters as Json).output_table_name);
      const devOutput = output.replace('${var.catalog_name}', 'dev').replace('${bundle.target}', 'dev');
      // The example input and the labels share the key; the labels hold the true fare.
      const batchReadme = read('deployment/batch_inference/README.md');
      expect(batchReadme, where).toContain('withColumn("trip_id"');
      expect(batchReadme, where).toContain('trips.select("trip_id", "fare_amount")');
      const labels = /saveAsTable\(("[^"]*taxi_scoring_labels")\)/.exec(batchReadme)?.[1];
      expect(labels, where).toBeDefined();
      // The monitored table is neither the batch output nor the labels: the join of the two.
      const inferenceTable = String(p.context.input_inference_table_name);
      expect([devOutput, JSON.parse(labels ?? '""')], where).not.toContain(inferenceTable);
      const monitoringReadme = read('monitoring/README.md');
      expect(monitoringReadme, where).toContain(`spark.table(${JSON.stringify(devOutput)})`);
      expect(monitoringReadme, where).toContain(`spark.table(${labels})`);
      expect(monitoringReadme, where).toContain('F.col("fare_amount").alias("price")');
      expect(monitoringReadme, where).toContain('.join(labels, on="trip_id")');
      expect(monitoringReadme, where).toContain(`.saveAsTable(${JSON.stringify(inferenceTable)})`);
      // ... which is what the monitor watches, with the label column the join names.
      const monitor = parse(read('assets/monitoring-workflow-asset.yml')) as Json;
      const qualityMonitor = Object.values((monitor.resources as Json).quality_monitors as Json)[0] as Json;
      expect(qualityMonitor.table_name, where).toBe(inferenceTable);
      expect((qualityMonitor.inference_log as Json).label_col, where).toBe('price');
    }
  });

  it('defaults the monitored table into the schema the batch output goes to', async () => {
    const answers = await resolveAnswers(builtinStack(), { flags: { input_project_name: 'fraud-model', input_schema_name: 'scoring' } });
    expect(answers.input_inference_table_name).toBe('dev.scoring.predictions_with_labels');
  });
});

describe('docs say what the pipelines run', () => {
  /** The unit-test job of a pipeline file: its shell lines, in the folder they run in. */
  function unitTestRuns(p: RenderedProject): { cwd: string; line: string }[] {
    const runs: { cwd: string; line: string }[] = [];
    for (const [path, content] of p.files) {
      const text = textOf(content);
      if (text === undefined || !/^\.(github|gitlab|azure)\/.*\.ya?ml$/.test(path)) continue;
      const doc = parse(text) as Json;
      if (path.startsWith('.github/')) {
        const cwd = String((((doc.defaults ?? {}) as Json).run as Json | undefined)?.['working-directory'] ?? '.');
        for (const job of Object.values((doc.jobs ?? {}) as Json) as Json[]) {
          for (const step of (job.steps as Json[] | undefined) ?? []) {
            for (const line of String(step.run ?? '').split('\n')) runs.push({ cwd, line: line.trim() });
          }
        }
      } else if (path.startsWith('.azure/')) {
        const variables = new Map(((doc.variables as Json[] | undefined) ?? []).filter((v) => v.name).map((v) => [String(v.name), String(v.value)]));
        const visit = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(visit);
          else if (isObject(node)) {
            if (typeof node.script === 'string') {
              const cwd = String(node.workingDirectory ?? '.').replace(/\$\((\w+)\)/g, (whole, name: string) => variables.get(name) ?? whole);
              for (const line of node.script.split('\n')) runs.push({ cwd, line: line.trim() });
            }
            Object.values(node).forEach(visit);
          }
        };
        visit(doc);
      } else {
        const projectDir = String(((doc.variables ?? {}) as Json).PROJECT_DIR ?? '.');
        for (const job of Object.values(doc).filter(isObject)) {
          let cwd = '.';
          for (const line of ((job.script as string[] | undefined) ?? []).map(String)) {
            if (line === 'cd "$PROJECT_DIR"') cwd = projectDir;
            else runs.push({ cwd, line });
          }
        }
      }
    }
    return runs;
  }
  const folder = (path: string): string => path.replace(/^\.\//, '').replace(/\/$/, '');

  it('the project README names the exact test command CI runs, and the folder it runs in', async () => {
    const projects = (await renderMatrix()).filter((p) => p.context.cp === true);
    expect(projects.length).toBeGreaterThan(0);
    for (const p of projects) {
      const pkg = String(p.context.pkg);
      const readme = textOf(p.files.get(`${pkg}/README.md`) ?? '') ?? '';
      const command = /CI runs them in this folder too, after installing `requirements\.txt` and `\.\.\/test-requirements\.txt`:\n`([^`]+)`/.exec(readme)?.[1];
      expect(command, p.combination.id).toBeDefined();
      const runs = unitTestRuns(p).filter((run) => /\bpytest\b/.test(run.line) && !/pip/.test(run.line));
      expect(runs.map((run) => run.line), p.combination.id).toEqual([command]);
      expect(runs.map((run) => folder(run.cwd)), p.combination.id).toEqual([pkg]);
      // ... after installing both requirement files there.
      const installs = unitTestRuns(p).filter((run) => /pip install/.test(run.line));
      expect(installs.map((run) => run.line).join(' '), p.combination.id).toMatch(/-r requirements\.txt.*-r \.\.\/test-requirements\.txt/);
      expect(new Set(installs.map((run) => folder(run.cwd))), p.combination.id).toEqual(new Set([pkg]));
    }
  });

  it('GitLab calls python3 and python3 -m pip only, and its README says what an image needs', async () => {
    for (const p of (await renderMatrix()).filter((q) => q.context.gitlab === true && q.context.with_cicd === true)) {
      for (const run of unitTestRuns(p)) expect(run.line, p.combination.id).not.toMatch(/(^|[;&|(]\s*)(python|pip|pip3|pytest)(\s|$)/);
      const readme = textOf(p.files.get('.gitlab/README.md') ?? '') ?? '';
      expect(readme).toContain('must have:');
      for (const need of ['`python3`', '`python3 -m pip install', '`databricks`', 'Java']) expect(readme).toContain(need);
    }
  });
});

describe('a config file written for `databricks bundle init mlops-stacks`', () => {
  const upstream = {
    input_setup_cicd_and_project: 'CICD_and_Project',
    input_project_name: 'fraud-model',
    input_root_dir: 'fraud-model',
    input_cloud: 'aws',
    input_cicd_platform: 'azure_devops',
    input_databricks_staging_workspace_host: 'https://fraud-staging.cloud.databricks.com',
    input_databricks_prod_workspace_host: 'https://fraud-prod.cloud.databricks.com',
    input_default_branch: 'main',
    input_release_branch: 'release',
    input_read_user_group: 'users',
    input_include_models_in_unity_catalog: 'no',
    input_schema_name: 'schema',
    input_unity_catalog_read_user_group: 'account users',
    input_inference_table_name: 'dev.fraud_model.predictions',
    input_include_feature_store: 'no',
    input_include_mlflow_recipes: 'yes',
    input_docker_image: 'databricksfieldeng/mlopsstacks:latest',
  };

  it('still works unchanged: the new inputs take the defaults its choices allow', async () => {
    const answers = await resolveAnswers(builtinStack(), { file: upstream });
    expect(answers).toMatchObject({ ...upstream, input_compute: 'classic', input_cicd_auth: 'secrets' });
    const plain = await resolveAnswers(builtinStack(), { file: { ...upstream, input_cloud: 'azure', input_cicd_platform: 'github_actions', input_include_mlflow_recipes: 'no' } });
    expect([plain.input_compute, plain.input_cicd_auth]).toEqual(['serverless', 'oidc']);
  });
});
