import { describe, expect, it } from 'vitest';
import { type Ask, flagOf, resolveAnswers } from '../src/answers/answers.js';
import { createStack } from '../src/create.js';
import { InputError } from '../src/errors.js';
import { builtinStack } from './support/matrix.js';

const stack = builtinStack();

/** An `ask` that records the questions and answers from a script (default when the script is silent). */
function recorder(script: Record<string, string> = {}): { ask: Ask; asked: string[] } {
  const asked: string[] = [];
  const ask: Ask = async (input, fallback, validate) => {
    asked.push(input.name);
    const answer = script[input.name] ?? fallback;
    const verdict = validate(answer);
    if (verdict !== true) throw new Error(`test answered ${input.name} with an invalid value: ${verdict}`);
    return answer;
  };
  return { ask, asked };
}

async function errorOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('defaults (cli-contract.md)', () => {
  it('resolves every input with the contract defaults', async () => {
    expect(await resolveAnswers(stack, {})).toEqual({
      input_setup_cicd_and_project: 'CICD_and_Project',
      input_project_name: 'my-mlops-project',
      input_root_dir: 'my-mlops-project',
      input_cloud: 'azure',
      input_cicd_platform: 'github_actions',
      input_databricks_staging_workspace_host: 'https://adb-xxxx.xx.azuredatabricks.net',
      input_databricks_prod_workspace_host: 'https://adb-xxxx.xx.azuredatabricks.net',
      input_default_branch: 'main',
      input_release_branch: 'release',
      input_read_user_group: 'users',
      input_include_models_in_unity_catalog: 'yes',
      input_staging_catalog_name: 'staging',
      input_prod_catalog_name: 'prod',
      input_test_catalog_name: 'test',
      input_schema_name: 'my_mlops_project',
      input_unity_catalog_read_user_group: 'account users',
      input_inference_table_name: 'dev.my_mlops_project.predictions_with_labels',
      input_include_feature_store: 'no',
      input_include_mlflow_recipes: 'no',
      input_docker_image: 'databricksfieldeng/mlopsstacks:latest',
      input_compute: 'serverless',
      input_cicd_auth: 'oidc',
    });
  });

  it.each([
    ['aws', 'https://your-staging-workspace.cloud.databricks.com', 'https://your-prod-workspace.cloud.databricks.com'],
    ['gcp', 'https://your-staging-workspace.gcp.databricks.com', 'https://your-prod-workspace.gcp.databricks.com'],
  ])('derives the %s workspace hosts from the cloud', async (cloud, staging, prod) => {
    const answers = await resolveAnswers(stack, { flags: { input_cloud: cloud } });
    expect([answers.input_databricks_staging_workspace_host, answers.input_databricks_prod_workspace_host]).toEqual([staging, prod]);
  });

  it('derives root dir, schema and inference table from the project name', async () => {
    const answers = await resolveAnswers(stack, { flags: { input_project_name: 'fraud-model' } });
    expect([answers.input_root_dir, answers.input_schema_name, answers.input_inference_table_name]).toEqual([
      'fraud-model',
      'fraud_model',
      'dev.fraud_model.predictions_with_labels',
    ]);
  });

  it('uses "schema" as schema default without Unity Catalog', async () => {
    const answers = await resolveAnswers(stack, { flags: { input_include_models_in_unity_catalog: 'no' } });
    expect(answers.input_schema_name).toBe('schema');
  });

  it('satisfies every rule with every default', async () => {
    for (const mode of ['CICD_and_Project', 'Project_Only', 'CICD_Only']) {
      await expect(resolveAnswers(stack, { flags: { input_setup_cicd_and_project: mode } })).resolves.toBeTruthy();
    }
  });
});

describe('which questions are asked', () => {
  const always = ['input_setup_cicd_and_project', 'input_cloud', 'input_include_models_in_unity_catalog'];
  it.each<[string, Record<string, string>, string[]]>([
    [
      'CICD_and_Project with Unity Catalog',
      {},
      [
        'input_setup_cicd_and_project', 'input_project_name', 'input_cloud', 'input_cicd_platform',
        'input_databricks_staging_workspace_host', 'input_databricks_prod_workspace_host', 'input_default_branch',
        'input_release_branch', 'input_read_user_group', 'input_include_models_in_unity_catalog',
        'input_staging_catalog_name', 'input_prod_catalog_name', 'input_test_catalog_name', 'input_schema_name',
        'input_unity_catalog_read_user_group', 'input_inference_table_name', 'input_include_feature_store',
        'input_compute', 'input_cicd_auth',
      ],
    ],
    [
      'Project_Only without Unity Catalog',
      { input_setup_cicd_and_project: 'Project_Only', input_include_models_in_unity_catalog: 'no' },
      [
        'input_setup_cicd_and_project', 'input_project_name', 'input_root_dir', 'input_cloud', 'input_read_user_group',
        'input_include_models_in_unity_catalog', 'input_inference_table_name', 'input_include_feature_store',
        'input_include_mlflow_recipes', 'input_compute',
      ],
    ],
    [
      'CICD_Only on GitLab',
      { input_setup_cicd_and_project: 'CICD_Only', input_cicd_platform: 'gitlab' },
      [
        'input_setup_cicd_and_project', 'input_root_dir', 'input_cloud', 'input_cicd_platform',
        'input_databricks_staging_workspace_host', 'input_databricks_prod_workspace_host', 'input_default_branch',
        'input_release_branch', 'input_include_models_in_unity_catalog', 'input_staging_catalog_name',
        'input_prod_catalog_name', 'input_test_catalog_name', 'input_docker_image', 'input_cicd_auth',
      ],
    ],
  ])('%s', async (_, script, expected) => {
    const { ask, asked } = recorder(script);
    await resolveAnswers(stack, { ask });
    expect(asked).toEqual(expected);
    for (const name of always) expect(asked).toContain(name);
  });

  it('does not ask what a flag or the config file answered', async () => {
    const { ask, asked } = recorder();
    await resolveAnswers(stack, { ask, flags: { input_cloud: 'gcp' }, file: { input_project_name: 'from-file' } });
    expect(asked).not.toContain('input_cloud');
    expect(asked).not.toContain('input_project_name');
  });

  it('offers defaults computed from earlier answers', async () => {
    const offered: Record<string, string> = {};
    const ask: Ask = async (input, fallback) => {
      offered[input.name] = fallback;
      return input.name === 'input_project_name' ? 'churn-model' : fallback;
    };
    await resolveAnswers(stack, { ask, flags: { input_cloud: 'aws' } });
    expect(offered.input_schema_name).toBe('churn_model');
    expect(offered.input_databricks_staging_workspace_host).toBe('https://your-staging-workspace.cloud.databricks.com');
  });
});

describe('precedence: flag > config file > prompt > default', () => {
  it.each<[string, Record<string, string> | undefined, Record<string, string> | undefined, string | undefined, string]>([
    ['flag wins over everything', { input_cloud: 'gcp' }, { input_cloud: 'aws' }, 'azure', 'gcp'],
    ['config file wins over the prompt', undefined, { input_cloud: 'aws' }, 'gcp', 'aws'],
    ['prompt wins over the default', undefined, undefined, 'gcp', 'gcp'],
    ['default last', undefined, undefined, undefined, 'azure'],
  ])('%s', async (_, flags, file, typed, expected) => {
    const { ask } = recorder(typed ? { input_cloud: typed } : {});
    const answers = await resolveAnswers(stack, { flags, file, ask: typed ? ask : undefined });
    expect(answers.input_cloud).toBe(expected);
  });
});

describe('validation names the input, the rule and the value', () => {
  it.each<[string, Record<string, string>, string, RegExp]>([
    ['enum', { input_cloud: 'azur' }, 'input_cloud', /^input_cloud \(--cloud\) must be one of: azure, aws, gcp; got "azur" \(given as a flag\)$/],
    ['project name with a space', { input_project_name: 'my project' }, 'input_project_name', /must not contain a space; got "my project"/],
    ['project name too short', { input_project_name: 'ab' }, 'input_project_name', /at least 3 characters/],
    ['project name too long', { input_project_name: 'x'.repeat(101) }, 'input_project_name', /at most 100 characters long \(it has 101\)/],
    ['project name with a dot', { input_project_name: 'a.bc' }, 'input_project_name', /must not contain "\."; got "a\.bc"/],
    ['project name with a colon', { input_project_name: 'a:bc' }, 'input_project_name', /must not contain ":"/],
    ['project name with a newline', { input_project_name: 'ab\ncd' }, 'input_project_name', /must not contain the control character U\+000A/],
    ['project name without a package character', { input_project_name: '@@@' }, 'input_project_name', /must contain a letter, digit, _ or -/],
    ['schema with a dash', { input_schema_name: 'my-schema' }, 'input_schema_name', /must not contain "-"; got "my-schema"/],
    ['catalog with a backtick', { input_staging_catalog_name: 'a`b' }, 'input_staging_catalog_name', /must not contain "`"/],
    ['branch with a space', { input_default_branch: 'my branch' }, 'input_default_branch', /valid git branch name, without a space/],
    ['branch with ..', { input_release_branch: 'rel..1' }, 'input_release_branch', /without "\.\." or "@\{"/],
    ['branch ending in .lock', { input_release_branch: 'release.lock' }, 'input_release_branch', /end with "\.lock"/],
    ['docker image with a space', { input_docker_image: 'my image' }, 'input_docker_image', /Docker image reference/],
    ['root dir that is a Windows device name', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'projects/CON' }, 'input_root_dir', /"CON", a name Windows reserves/],
    ['root dir with a trailing dot', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'proj.' }, 'input_root_dir', /ending in a dot or a space/],
    ['root dir with a trailing space', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'a /b' }, 'input_root_dir', /ending in a dot or a space \("a "\)/],
    ['over-long root dir', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'a/'.repeat(150) + 'b' }, 'input_root_dir', /at most 200 characters/],
    ['inference table with two parts', { input_inference_table_name: 'a.b' }, 'input_inference_table_name', /catalog\.schema\.table/],
    ['host without https', { input_databricks_staging_workspace_host: 'http://x.com' }, 'input_databricks_staging_workspace_host', /https URL/],
    ['root dir leaving the output dir', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: '../x' }, 'input_root_dir', /".." path segment/],
    ['root dir with .. inside', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'a/../../x' }, 'input_root_dir', /".." path segment/],
    ['root dir with a drive letter', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'C:/x' }, 'input_root_dir', /must not contain ":"/],
    ['absolute root dir', { input_setup_cicd_and_project: 'Project_Only', input_root_dir: '/tmp/x' }, 'input_root_dir', /relative path/],
    [
      'recipes with Unity Catalog',
      { input_include_mlflow_recipes: 'yes' },
      'input_include_mlflow_recipes',
      /MLflow Recipes cannot be used with Unity Catalog models.*; got "yes"/,
    ],
    [
      'recipes with feature store',
      { input_include_models_in_unity_catalog: 'no', input_include_feature_store: 'yes', input_include_mlflow_recipes: 'yes' },
      'input_include_mlflow_recipes',
      /cannot be combined with the Feature Store/,
    ],
  ])('%s', async (_, flags, input, message) => {
    const error = await errorOf(resolveAnswers(stack, { flags }));
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
  });

  it('checks defaults derived from earlier answers with the same rules', async () => {
    const stack = builtinStack();
    const strict = { ...stack, inputs: stack.inputs.map((i) => (i.name === 'input_schema_name' ? { ...i, maxLength: 5 } : i)) };
    const error = await errorOf(resolveAnswers(strict, { flags: { input_project_name: 'long-name' } }));
    expect(error.input).toBe('input_schema_name');
    expect(error.message).toBe(
      'input_schema_name (--schema-name) must be at most 5 characters long (it has 9); got "long_name" (its default, derived from earlier answers; set it explicitly)',
    );
  });

  it('says a bad value came from the config file', async () => {
    const error = await errorOf(resolveAnswers(stack, { file: { input_cloud: 'mars' } }));
    expect(error.message).toContain('got "mars" (in the config file)');
  });

  it('refuses unknown config-file keys, naming the key', async () => {
    const error = await errorOf(resolveAnswers(stack, { file: { input_clod: 'aws' } }));
    expect(error.input).toBe('input_clod');
    expect(error.message).toMatch(/input_clod: unknown input/);
  });

  it('validates typed answers with the same rule', async () => {
    const verdicts: (string | true)[] = [];
    const ask: Ask = async (input, fallback, validate) => {
      if (input.name === 'input_project_name') verdicts.push(validate('a b'), validate('good-name'));
      return fallback;
    };
    await resolveAnswers(stack, { ask });
    expect(verdicts).toEqual(['must not contain a space', true]);
  });
});

describe('flagOf', () => {
  it('turns input names into kebab-case flags', () => {
    expect(flagOf('input_cicd_platform')).toBe('--cicd-platform');
    expect(stack.inputs.map((i) => flagOf(i.name))).toContain('--include-models-in-unity-catalog');
  });
});

describe('derived folder names', () => {
  it('refuses a project whose package folder would be a Windows device name', async () => {
    const error = await errorOf(createStack({ stack: builtinStack(), flags: { input_project_name: 'co@n' }, dryRun: true, outputDir: '/nonexistent' }));
    expect(error.input).toBe('input_project_name');
    expect(error.message).toMatch(/the pkg name "con" derived from it must not use "con", a name Windows reserves/);
  });
});

describe('path lengths', () => {
  it('refuses a project whose longest path would not fit on Windows', async () => {
    const flags = { input_setup_cicd_and_project: 'Project_Only', input_root_dir: `${'r'.repeat(90)}/${'s'.repeat(90)}`, input_project_name: 'p'.repeat(60) };
    await expect(createStack({ stack: builtinStack(), flags, dryRun: true, outputDir: '/nonexistent' })).rejects.toThrow(
      /^input_root_dir \(--root-dir\): the generated path ".*" would be \d+ characters long, over the 240 allowed .*shorten input_root_dir or input_project_name$/,
    );
  });

  it('accepts long names that still fit', async () => {
    const flags = { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'r'.repeat(60), input_project_name: 'p'.repeat(60) };
    await expect(createStack({ stack: builtinStack(), flags, dryRun: true, outputDir: '/nonexistent' })).resolves.toBeTruthy();
  });
});
