import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Ask, flagOf, resolveAnswers, resolveInputs } from '../src/answers/answers.js';
import { checkFullPaths } from '../src/answers/paths.js';
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
    ['enum', { input_cloud: 'mars' }, 'input_cloud', /^input_cloud \(--cloud\) must be one of: azure, aws, gcp; got "mars" \(given as a flag\)$/],
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
      /^input_root_dir \(--root-dir\): the generated path "r{90}\/s{90}\/p{60}\/.*" would be \d+ characters long, over the 240 allowed .*shorten input_root_dir or input_project_name$/,
    );
  });

  it('accepts long names that still fit', async () => {
    const flags = { input_setup_cicd_and_project: 'Project_Only', input_root_dir: 'r'.repeat(60), input_project_name: 'p'.repeat(60) };
    await expect(createStack({ stack: builtinStack(), flags, dryRun: true, outputDir: '/nonexistent' })).resolves.toBeTruthy();
  });
});

/** The first error of a dry run into a folder that does not exist. */
const dryRun = (flags: Record<string, string>, ask?: Ask) =>
  createStack({ stack: builtinStack(), flags, ask, dryRun: true, outputDir: '/nonexistent-output' });

describe('characters no free-text input may hold (issue 12, items 7 and 14)', () => {
  const inputs: [string, Record<string, string>][] = [
    ['input_project_name', {}],
    ['input_default_branch', {}],
    ['input_release_branch', {}],
    ['input_read_user_group', {}],
    ['input_staging_catalog_name', {}],
    ['input_unity_catalog_read_user_group', {}],
    ['input_root_dir', { input_setup_cicd_and_project: 'Project_Only' }],
  ];
  const characters: [string, string, RegExp][] = [
    ['U+2028', '\u2028', /the line or paragraph separator U\+2028/],
    ['U+2029', '\u2029', /the line or paragraph separator U\+2029/],
    ['U+FFFE', '\ufffe', /the noncharacter U\+FFFE/],
    ['U+FFFF', '\uffff', /the noncharacter U\+FFFF/],
    ['U+FDD0', '\ufdd0', /the noncharacter U\+FDD0/],
    ['U+10FFFF', '\u{10ffff}', /the noncharacter U\+10FFFF/],
    ['an unpaired surrogate', '\ud800', /the unpaired surrogate U\+D800/],
    ['a tag character', '\u{e0041}', /the invisible character U\+E0041/],
    ['U+3000', '\u3000', /the invisible character U\+3000/],
    ['U+00A0', '\u00a0', /the invisible character U\+00A0/],
    ['U+2007', '\u2007', /the invisible character U\+2007/],
    ['the Hangul filler', '\u3164', /the invisible character U\+3164/],
  ];
  it.each(inputs.flatMap(([input, extra]) => characters.map(([label, char, message]): [string, string, Record<string, string>, string, RegExp] => [input, label, extra, char, message])))(
    '%s refuses %s, naming it by code point',
    async (input, _, extra, char, message) => {
      const error = await errorOf(resolveAnswers(stack, { flags: { ...extra, [input]: `ab${char}cd` } }));
      expect(error.input).toBe(input);
      expect(error.message).toMatch(message);
    },
  );

  it('clips a huge value in the message', async () => {
    const error = await errorOf(resolveAnswers(stack, { flags: { input_read_user_group: 'x'.repeat(5_000_000) } }));
    expect(error.message).toMatch(/at most 255 characters long \(it has 5000000\); got "x{60}"\.\.\."x{60}" \(5000000 characters, clipped\)/);
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('whitespace (issue 13, item 5)', () => {
  it.each(['input_read_user_group', 'input_unity_catalog_read_user_group', 'input_staging_catalog_name', 'input_schema_name', 'input_docker_image'])(
    'refuses a whitespace-only %s',
    async (input) => {
      const error = await errorOf(resolveAnswers(stack, { flags: { input_cicd_platform: 'gitlab', [input]: '   ' } }));
      expect(error.input).toBe(input);
      expect(error.message).toMatch(/must not be blank \(it holds only whitespace\); got " {3}"/);
    },
  );

  it('refuses a group with whitespace at an end, naming it', async () => {
    const error = await errorOf(resolveAnswers(stack, { flags: { input_read_user_group: 'data team ' } }));
    expect(error.message).toMatch(/must not end with a space; got "data team "/);
  });

  it('trims hosts and branch names, and notes each trim', async () => {
    const resolved = await resolveInputs(stack, {
      flags: { input_databricks_staging_workspace_host: ' https://staging.cloud.databricks.com ', input_release_branch: 'release/v1\t' },
      file: { input_default_branch: ' develop' },
    });
    expect(resolved.answers).toMatchObject({
      input_databricks_staging_workspace_host: 'https://staging.cloud.databricks.com',
      input_default_branch: 'develop',
      input_release_branch: 'release/v1',
    });
    expect(resolved.notes).toEqual([
      'input_databricks_staging_workspace_host (--databricks-staging-workspace-host): whitespace removed from the ends of " https://staging.cloud.databricks.com " (given as a flag)',
      'input_default_branch (--default-branch): whitespace removed from the ends of " develop" (in the config file)',
      'input_release_branch (--release-branch): whitespace removed from the ends of "release/v1\\t" (given as a flag)',
    ]);
  });

  it('trims a typed branch name and validates what is kept', async () => {
    const verdicts: (string | true)[] = [];
    const ask: Ask = async (input, fallback, validate) => {
      if (input.name !== 'input_default_branch') return fallback;
      verdicts.push(validate('dev '), validate(' '));
      return 'dev ';
    };
    const resolved = await resolveInputs(stack, { ask });
    expect(verdicts).toEqual([true, 'must be a valid git branch name']);
    expect(resolved.answers.input_default_branch).toBe('dev');
    expect(resolved.notes).toEqual(['input_default_branch (--default-branch): whitespace removed from the ends of "dev " (typed at the prompt)']);
  });

  it.each([
    ['my-workspace.cloud.databricks.com', 'https://my-workspace.cloud.databricks.com'],
    ['http://my-workspace.cloud.databricks.com/', 'https://my-workspace.cloud.databricks.com/'],
  ])('suggests https:// for the host %s', async (host, suggestion) => {
    const error = await errorOf(resolveAnswers(stack, { flags: { input_databricks_prod_workspace_host: host } }));
    expect(error.message).toContain(`(did you mean ${JSON.stringify(suggestion)}?)`);
  });

  it.each([
    ['azure', 'https://adb-1234567890123456.7.azuredatabricks.net'],
    ['aws', 'https://my-workspace.cloud.databricks.com'],
    ['gcp', 'https://1234567890123456.7.gcp.databricks.com'],
  ])('gives an example host of the chosen cloud (%s)', async (cloud, example) => {
    const error = await errorOf(resolveAnswers(stack, { flags: { input_cloud: cloud, input_databricks_staging_workspace_host: 'https://bad host' } }));
    expect(error.message).toContain(`must be an https URL such as ${example};`);
  });
});

describe('did you mean (issue 13, item 12)', () => {
  it.each([
    ['input_cloud', 'AWS', 'aws'],
    ['input_setup_cicd_and_project', 'project_only', 'Project_Only'],
    ['input_setup_cicd_and_project', 'cicd-only', 'CICD_Only'],
    ['input_cicd_platform', 'gitlb', 'gitlab'],
    ['input_cloud', 'asw', 'aws'],
    ['input_include_feature_store', 'Yes', 'yes'],
  ])('%s: %s -> %s', async (input, value, meant) => {
    const error = await errorOf(resolveAnswers(stack, { file: { [input]: value } }));
    expect(error.message).toContain(`(did you mean ${JSON.stringify(meant)}?); got ${JSON.stringify(value)} (in the config file)`);
  });

  it.each([
    ['input_clod', 'input_cloud'],
    ['cloud', 'input_cloud'],
    ['input_project-name', 'input_project_name'],
    ['input_colud', 'input_cloud'],
    ['input_cluod', 'input_cloud'],
  ])('an unknown key %s -> %s', async (key, meant) => {
    const error = await errorOf(resolveAnswers(stack, { file: { [key]: 'x' } }));
    expect(error.message).toContain(`${key}: unknown input in the config file (did you mean "${meant}"?)`);
  });

  it('guesses nothing for a word unlike any choice', async () => {
    const error = await errorOf(resolveAnswers(stack, { file: { input_cloud: 'mars' } }));
    expect(error.message).not.toContain('did you mean');
  });
});

describe('every problem with the given values at once', () => {
  it('names each bad key and value, keys first, then values in schema order, with one line each', async () => {
    const file = { input_colud: 'aws', input_release_branch: 'bad branch', input_cloud: 'AWS' };
    const flags = { input_read_user_group: '   ' };
    const error = await errorOf(resolveAnswers(stack, { file, flags }));
    expect(error.problems.map((problem) => problem.input)).toEqual(['input_colud', 'input_cloud', 'input_release_branch', 'input_read_user_group']);
    expect(error.input).toBe('input_colud');
    expect(error.message.split('\n')).toEqual(error.problems.map((problem) => problem.message));
    expect(error.problems[1]?.message).toBe('input_cloud (--cloud) must be one of: azure, aws, gcp (did you mean "aws"?); got "AWS" (in the config file)');
    expect(error.problems[3]?.message).toContain('must not be blank');
  });

  it('checks the values after a bad one against its default in its place', async () => {
    // The example host is the chosen cloud's; with the cloud refused it is the default cloud's (azure).
    const error = await errorOf(resolveAnswers(stack, { flags: { input_cloud: 'mars', input_databricks_staging_workspace_host: 'https://bad host' } }));
    expect(error.problems.map((problem) => problem.input)).toEqual(['input_cloud', 'input_databricks_staging_workspace_host']);
    expect(error.problems[1]?.message).toContain('such as https://adb-1234567890123456.7.azuredatabricks.net');
  });

  it('keeps a single problem as it was: the message is its own, problems holds it alone', async () => {
    const error = await errorOf(resolveAnswers(stack, { flags: { input_cloud: 'mars' } }));
    expect(error.problems).toEqual([{ input: 'input_cloud', message: error.message }]);
  });

  it('asks nothing when a given value is bad', async () => {
    const { ask, asked } = recorder();
    await errorOf(resolveAnswers(stack, { flags: { input_cloud: 'mars', input_default_branch: 'a b' }, ask }));
    expect(asked).toEqual([]);
  });
});

describe('checked at the question that decides it (issue 13, item 1)', () => {
  /** An `ask` that answers from a script and keeps what `validate` says of each typed answer. */
  function scripted(script: Record<string, string[]>): { ask: Ask; asked: string[]; verdicts: Record<string, (string | true)[]> } {
    const asked: string[] = [];
    const verdicts: Record<string, (string | true)[]> = {};
    const ask: Ask = async (input, fallback, validate) => {
      asked.push(input.name);
      const tries = script[input.name] ?? [fallback];
      verdicts[input.name] = tries.map((typed) => validate(typed));
      return tries[tries.length - 1] as string;
    };
    return { ask, asked, verdicts };
  }

  it('refuses at the project-name question a name whose package folder is not portable', async () => {
    const { ask, verdicts } = scripted({ input_project_name: ['co@n', 'fraud-model'] });
    await dryRun({}, ask);
    expect(verdicts.input_project_name?.[0]).toMatch(/^input_project_name \(--project-name\): the pkg name "con" derived from it must not use "con"/);
    expect(verdicts.input_project_name?.[1]).toBe(true);
  });

  it('refuses at the project-name question a name that makes a path too long (CICD_and_Project)', async () => {
    const { ask, verdicts } = scripted({ input_project_name: ['p'.repeat(100), 'p'.repeat(80)] });
    await dryRun({}, ask);
    expect(verdicts.input_project_name?.[0]).toMatch(/^input_project_name \(--project-name\): the generated path ".*" would be \d+ characters long, over the 240 allowed/);
    expect(verdicts.input_project_name?.[1]).toBe(true);
  });

  it('leaves the path length to the root-dir question when the root dir is still to be asked (Project_Only)', async () => {
    const { ask, verdicts } = scripted({ input_project_name: ['p'.repeat(100)], input_root_dir: ['r'.repeat(100), '.'] });
    await dryRun({ input_setup_cicd_and_project: 'Project_Only' }, ask);
    expect(verdicts.input_project_name).toEqual([true]);
    expect(verdicts.input_root_dir?.[0]).toMatch(/^input_root_dir \(--root-dir\): the generated path/);
    expect(verdicts.input_root_dir?.[1]).toBe(true);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a bad flag value', { input_release_branch: 'bad branch' }, 'input_release_branch'],
    ['a flag whose derived package folder is not portable', { input_project_name: 'co@n' }, 'input_project_name'],
    ['a flag whose paths would be too long', { input_setup_cicd_and_project: 'CICD_and_Project', input_project_name: 'p'.repeat(100) }, 'input_project_name'],
  ])('refuses %s before the first question', async (_, flags, input) => {
    const { ask, asked } = scripted({});
    const error = await errorOf(dryRun(flags, ask));
    expect(error.input).toBe(input);
    expect(asked).toEqual([]);
  });

  it('refuses a given value as soon as an answer decides it fails', async () => {
    // 100 characters may fit in Project_Only (root dir "."), not in CICD_and_Project.
    const { ask, asked } = scripted({ input_setup_cicd_and_project: ['CICD_and_Project'] });
    const error = await errorOf(dryRun({ input_project_name: 'p'.repeat(100) }, ask));
    expect(error.input).toBe('input_project_name');
    expect(error.message).toMatch(/would be \d+ characters long, over the 240 allowed/);
    expect(asked).toEqual(['input_setup_cicd_and_project']);
  });

  it('does not refuse at a question what a later answer could still fix', async () => {
    // 100 characters of project name fit once the root dir (asked later) is ".".
    const { ask, verdicts } = scripted({ input_project_name: ['p'.repeat(100)], input_root_dir: ['.'] });
    const result = await dryRun({ input_setup_cicd_and_project: 'Project_Only' }, ask);
    expect(verdicts.input_project_name).toEqual([true]);
    expect(result.answers.input_root_dir).toBe('.');
  });
});

describe('path limits of every file system (issue 12, item 8; issue 13, item 13)', () => {
  // 80 characters, 317 bytes: within the 100-character rule, over every file system's name limit.
  const longName = `a${'\u{1d518}'.repeat(79)}`;

  it('refuses a project name that, as a folder name, exceeds 255 bytes of UTF-8', async () => {
    const error = await errorOf(dryRun({ input_project_name: longName, input_root_dir: 'repo' }));
    expect(error.input).toBe('input_project_name');
    expect(error.message).toMatch(/the project name ".*" derived from it must not have a path segment longer than 255 bytes of UTF-8/);
  });

  it('refuses a project name whose generated file names exceed 255 bytes of UTF-8', async () => {
    // 241 bytes of name, 263 with the workflow file's suffix.
    const error = await errorOf(dryRun({ input_project_name: `a${'\u{1d518}'.repeat(60)}`, input_root_dir: 'repo' }));
    expect(error.input).toBe('input_project_name');
    expect(error.message).toMatch(/the generated file or folder name ".*-bundle-.*" would be \d+ bytes of UTF-8, over the 255 a name may have/);
  });

  it('blames the project name for the root folder it names in CICD_and_Project', async () => {
    const error = await errorOf(dryRun({ input_project_name: longName }));
    expect(error.input).toBe('input_project_name');
    expect(error.message).toMatch(
      /^input_project_name \(--project-name\): the input_root_dir derived from it \(".*"\) breaks its rule: it must not have a path segment longer than 255 bytes of UTF-8/,
    );
  });

  it('refuses a root dir segment over 255 bytes at its own rule', async () => {
    const error = await errorOf(resolveAnswers(stack, { flags: { input_setup_cicd_and_project: 'Project_Only', input_root_dir: `src/${'é'.repeat(130)}` } }));
    expect(error.input).toBe('input_root_dir');
    expect(error.message).toMatch(/path segment longer than 255 bytes of UTF-8, the most a file name may have \(260 bytes: "é+"\.\.\./);
  });

  it('counts path length in UTF-16 units, as Windows does', async () => {
    // 130 code points of root dir, but 250 UTF-16 units.
    const root = `${'\u{1d518}'.repeat(60)}/${'\u{1d518}'.repeat(60)}`.slice(0, 250) + 'abcdefghij';
    const error = await errorOf(dryRun({ input_setup_cicd_and_project: 'Project_Only', input_root_dir: root, input_project_name: 'abc' }));
    expect(error.input).toBe('input_root_dir');
    expect(error.message).toMatch(/would be \d+ characters long, over the 240 allowed/);
  });

  it('blames the project name, not the root dir that CICD_and_Project never asks', async () => {
    const error = await errorOf(dryRun({ input_project_name: 'p'.repeat(100) }));
    expect(error.input).toBe('input_project_name');
    expect(error.message).toMatch(/^input_project_name \(--project-name\): the generated path .* shorten input_project_name$/);
  });
});

describe('root dir "..a" (issue 12, item 14)', () => {
  it('is a folder inside the output folder, accepted and written as the rule says', async () => {
    const outputDir = mkdtempSync(join(tmpdir(), 'cms-dotdot-'));
    try {
      const result = await createStack({ stack: builtinStack(), flags: { input_setup_cicd_and_project: 'Project_Only', input_root_dir: '..a' }, outputDir });
      expect(result.projectDir).toBe(join(outputDir, '..a'));
      expect(readdirSync(outputDir)).toEqual(['..a']);
      expect(existsSync(join(outputDir, '..a', 'my_mlops_project', 'databricks.yml'))).toBe(true);
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  });
});

describe('no user value in a query or filter text (issue 12, item 9)', () => {
  it.each(['yes', 'no'])('MLflow searches interpolate only MLflow-made ids (Unity Catalog: %s)', async (uc) => {
    const result = await dryRun({ input_project_name: "o'neil-model", input_include_models_in_unity_catalog: uc, input_include_feature_store: 'yes' });
    const python = result.planned.filter((f) => f.path.endsWith('.py')).map((f) => String(f.content));
    const searches = python.flatMap((text) => [...text.matchAll(/\.search_\w+\(\s*(f?"[^"]*")/g)].map((m) => m[1] as string));
    expect(searches.length).toBeGreaterThan(0);
    for (const filter of searches) {
      expect([...filter.matchAll(/\{(\w+)\}/g)].map((m) => m[1])).toEqual(filter.startsWith('f') ? ['run_id'] : []);
    }
  });
});

describe('whole paths as this system limits them (issue 12, item 8)', () => {
  it.each([
    ['win32', 'C:\\Users\\ada\\' + 'd'.repeat(200), /over the 259 Windows allows/],
    ['darwin', `/Users/ada/${'é'.repeat(480)}`, /\d+ bytes long, over the 1023 macOS allows/],
    ['linux', `/home/ada/${'d/'.repeat(2040)}`, /\d+ bytes long, over the 4095 Linux allows/],
  ])('%s', (platform, projectDir, message) => {
    expect(() => checkFullPaths(projectDir, ['my_mlops_project/deployment/model_deployment/notebooks/ModelDeployment.py'], platform)).toThrow(message);
    expect(() => checkFullPaths('/short', ['my_mlops_project/databricks.yml'], platform)).not.toThrow();
  });

  it('refuses an output folder too deep for the generated paths, naming --output-dir, before writing', async () => {
    const outputDir = `/nonexistent-output/${'d'.repeat(200)}/`.repeat(20);
    await expect(createStack({ stack: builtinStack(), dryRun: true, outputDir })).rejects.toThrow(/^--output-dir: the generated path .* would be \d+ bytes long, over the \d+ \w+ allows/);
  });
});
