import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { enumerateCombinations } from '../src/stack/combinations.js';
import { type CreateResult, createStack } from '../src/create.js';
import { InputError } from '../src/errors.js';
import {
  SCHEMA_ENV,
  actionlintProblems,
  bundleProblems,
  isRecipeYaml,
  leftoverProblems,
  pythonProblems,
  yamlProblems,
} from './support/checks.js';
import { builtinStack } from './support/matrix.js';
import { workspaceHost } from '../src/render/helpers.js';

/**
 * Property: for random values of every text input, drawn from characters that break YAML, Python,
 * shell and Markdown, a run either refuses the value naming the input, or renders a project in
 * which every YAML file parses, every Python file compiles, every workflow passes actionlint, the
 * bundle validates, nothing is left as template text, and the value reads back verbatim.
 */
const stack = builtinStack();
const combinations = enumerateCombinations(stack);
const TEXT_INPUTS = stack.inputs.filter((i) => !i.enum).map((i) => i.name);

const HOSTILE = [
  ...`'"\\$\`#:{}&<>|;%=*?[]!~^@()+,-_./ \t`, 'é', 'ß', 'Ж', '日', '🚀', '\u00a0', '{{', '}}', '${{', '${', '\n',
  // Line and paragraph separators, NEL, noncharacters, an unpaired surrogate, invisible ones: YAML 1.1 parsers trip on these.
  '\u2028', '\u2029', '\u0085', '\ufffe', '\uffff', '\ufdd0', '\u{10ffff}', '\ud800', '\u{e0041}', '\u3000', '\u200b', '\ufeff',
];
const PLAIN = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
/** Characters of 2 to 4 bytes in UTF-8 (the last two UTF-16 surrogate pairs): few characters, many bytes. */
const WIDE = ['é', '日', '\u{1d518}', '🚀'];
const piece = fc.oneof({ arbitrary: fc.constantFrom(...PLAIN), weight: 4 }, { arbitrary: fc.constantFrom(...HOSTILE), weight: 1 });
const text = fc.oneof(
  { arbitrary: fc.array(piece, { minLength: 1, maxLength: 24 }).map((parts) => parts.join('')), weight: 8 },
  { arbitrary: fc.array(piece, { minLength: 90, maxLength: 300 }).map((parts) => parts.join('')), weight: 1 },
  // Names long in bytes: within the length rules in characters, near or over 255 bytes per file name.
  { arbitrary: fc.tuple(fc.constantFrom(...PLAIN), fc.array(fc.constantFrom(...WIDE, ...PLAIN), { minLength: 40, maxLength: 99 })).map(([first, rest]) => first + rest.join('')), weight: 1 },
);

/** YAML files, Jinja placeholders of MLflow Recipes files masked, as a YAML 1.1 parser (PyYAML, go-yaml) would read them. */
function yaml11Problems(path: string, text: string): string[] {
  const masked = isRecipeYaml(path) ? text.replace(/\{\{[^{}]*\}\}/g, 'JINJA') : text;
  const document = parseDocument(masked, { version: '1.1', uniqueKeys: true, merge: true });
  return document.errors.map((e) => `${path} (YAML 1.1): ${e.message.split('\n')[0]}`);
}

/**
 * Where each input's value must read back verbatim in the parsed project, read by a YAML 1.2 and a
 * YAML 1.1 parser alike: every text input the combination uses.
 */
function readBacks(result: CreateResult, version: '1.1' | '1.2'): [string, unknown, string][] {
  const { files, answers, context } = { files: new Map(result.planned.map((f) => [f.path, f.content])), answers: result.answers, context: result.context };
  const yaml = (path: string): any => parse(String(files.get(path)), { merge: true, version });
  const checks: [string, unknown, string][] = [];
  const pkg = String(context.pkg);
  const project = answers.input_project_name as string;
  const root = answers.input_root_dir as string;
  checks.push(['input_root_dir', result.projectDir, root === '.' ? '/nonexistent-output' : `/nonexistent-output/${root}`]);
  if (context.with_project) {
    const bundle = yaml(`${pkg}/databricks.yml`);
    checks.push(['input_project_name', bundle.bundle.name, project]);
    const artifacts = yaml(`${pkg}/assets/ml-artifacts-asset.yml`);
    const groups = JSON.stringify(artifacts);
    checks.push(['input_read_user_group', groups.includes(JSON.stringify(answers.input_read_user_group)), 'true']);
    if (context.uc) {
      checks.push(['input_unity_catalog_read_user_group', groups.includes(JSON.stringify(answers.input_unity_catalog_read_user_group)), 'true']);
      checks.push(['input_schema_name', artifacts.resources.registered_models.model.schema_name, answers.input_schema_name as string]);
    }
    const monitoring = yaml(`${pkg}/assets/monitoring-workflow-asset.yml`);
    checks.push(['input_inference_table_name', JSON.stringify(monitoring).includes(JSON.stringify(answers.input_inference_table_name)), 'true']);
    if (context.cp) {
      checks.push(['input_databricks_staging_workspace_host', bundle.targets.staging.workspace.host, workspaceHost(answers.input_databricks_staging_workspace_host as string)]);
      checks.push(['input_databricks_prod_workspace_host', bundle.targets.prod.workspace.host, workspaceHost(answers.input_databricks_prod_workspace_host as string)]);
    }
    if (context.cp && context.uc) {
      checks.push(['input_staging_catalog_name', bundle.targets.staging.variables.catalog_name, answers.input_staging_catalog_name as string]);
      checks.push(['input_prod_catalog_name', bundle.targets.prod.variables.catalog_name, answers.input_prod_catalog_name as string]);
      checks.push(['input_test_catalog_name', bundle.targets.test.variables.catalog_name, answers.input_test_catalog_name as string]);
    }
  }
  if (context.cp) {
    const branches = JSON.stringify([answers.input_default_branch, answers.input_release_branch]);
    if (context.github) {
      const unglob = (pattern: string): string => pattern.replace(/\\(.)/g, '$1');
      // A YAML 1.1 parser reads the key `on` as true; GitHub reads it as "on".
      const pushed = (path: string): string[] => { const workflow = yaml(path); return (workflow.on ?? workflow.true).push.branches.map(unglob); };
      const staging = pushed(`.github/workflows/${project}-bundle-cd-staging.yml`);
      const prod = pushed(`.github/workflows/${project}-bundle-cd-prod.yml`);
      checks.push(['input_default_branch / input_release_branch', JSON.stringify([...staging, ...prod]), branches]);
    }
    if (context.azure_devops) {
      checks.push(['input_default_branch / input_release_branch', JSON.stringify(yaml(`.azure/devops-pipelines/${project}-bundle-cicd.yml`).trigger.branches.include), branches]);
    }
    if (context.gitlab) {
      const { variables } = yaml(`.gitlab/pipelines/${project}-triggers-cicd.yml`);
      checks.push(['input_default_branch / input_release_branch', JSON.stringify([variables.MLOPS_DEFAULT_BRANCH, variables.MLOPS_RELEASE_BRANCH]), branches]);
      checks.push(['input_docker_image', yaml(`.gitlab/pipelines/${project}-bundle-ci.yml`).image, answers.input_docker_image as string]);
    }
  }
  return checks;
}

describe('hostile input (property-based)', () => {
  it('every accepted value yields a valid project; every refused one names its input', async () => {
    let accepted = 0;
    let refused = 0;
    const python = new Map<string, string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...combinations),
        fc.dictionary(fc.constantFrom(...TEXT_INPUTS), text, { minKeys: 1, maxKeys: 3 }),
        async (combination, values) => {
          let result: CreateResult;
          try {
            result = await createStack({ stack, flags: { ...combination.answers, ...values }, dryRun: true, outputDir: '/nonexistent-output' });
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            expect(Object.keys(values)).toContain((error as InputError).input);
            expect((error as Error).message).toContain((error as InputError).input);
            refused++;
            return;
          }
          accepted++;
          // Braces and entities a value brings are its own; without such values none may appear.
          const bracesFree = !Object.values(result.answers).some((v) => /[{}&]/.test(v));
          const problems: string[] = [];
          for (const file of result.planned) {
            if (typeof file.content !== 'string') continue;
            if (/\.ya?ml$/.test(file.path)) problems.push(...yamlProblems(file.path, file.content), ...yaml11Problems(file.path, file.content));
            if (file.path.endsWith('.py')) python.set(`${combination.id} ${JSON.stringify(values)} ${file.path}`, file.content);
            if (/^\.github\/workflows\/.*\.yml$/.test(file.path)) problems.push(...(await actionlintProblems(file.path, file.content)));
            if (bracesFree) problems.push(...leftoverProblems(file.path, file.content));
          }
          if (problems.length === 0 && process.env[SCHEMA_ENV] && result.context.with_project) {
            const files = new Map(result.planned.map((f) => [f.path, f.content]));
            problems.push(...bundleProblems(files, String(result.context.pkg)));
          }
          expect(problems, `${combination.id} with ${JSON.stringify(values)}`).toEqual([]);
          for (const version of ['1.2', '1.1'] as const) {
            for (const [input, actual, expected] of readBacks(result, version)) {
              expect(String(actual), `${input} reads back verbatim in YAML ${version} (${combination.id} with ${JSON.stringify(values)})`).toBe(expected);
            }
          }
        },
      ),
      { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20261126) },
    );
    expect(pythonProblems(python)).toEqual([]);
    console.log(`hostile input: ${accepted} accepted, ${refused} refused`);
    // The property must have been exercised both ways.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(20);
  });
});
