import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../src/answers/answers.js';
import { buildContext } from '../src/render/context.js';
import { skipPredicate } from '../src/render/layout.js';
import { planFiles } from '../src/render/render.js';
import { loadStack } from '../src/stack/stack.js';
import { builtinStack, renderMatrix } from './support/matrix.js';

const mini = loadStack('test/fixtures/mini-stack');

async function plan(flags: Record<string, string>) {
  const context = buildContext(mini, await resolveAnswers(mini, { flags }));
  return planFiles(mini, context);
}

describe('planFiles', () => {
  it('renders .hbs files, drops the suffix, fills path placeholders and sorts', async () => {
    const files = await plan({ input_name: 'my-app' });
    expect(files.map((f) => f.path)).toEqual(['logo.png', 'my_app/README.md', 'my_app/raw.txt']);
    expect(files.find((f) => f.path === 'my_app/README.md')?.content).toBe(
      '# my-app (my_app)\nTopping: my-app-sprinkles\nLiteral: {{ not rendered }}\n',
    );
  });

  it('copies other files byte for byte', async () => {
    const files = await plan({});
    expect(files.find((f) => f.path === 'demo_app/raw.txt')?.content.toString()).toBe('copied {{as is}}\n');
    const logo = files.find((f) => f.path === 'logo.png')?.content;
    expect(Buffer.isBuffer(logo)).toBe(true);
    expect([...(logo as Buffer).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('applies layout rules from the answers', async () => {
    const files = await plan({ input_flavour: 'fancy', input_topping: 'nuts' });
    expect(files.map((f) => f.path)).toContain('demo_app/docs/fancy.md');
    expect(files.find((f) => f.path === 'demo_app/docs/fancy.md')?.content).toBe('Fancy nuts\n');
  });
});

describe('layout rules of the built-in stack', () => {
  const stack = builtinStack();
  async function skipFor(flags: Record<string, string>) {
    return skipPredicate(stack, buildContext(stack, await resolveAnswers(stack, { flags })));
  }

  it('a folder rule covers everything below it, and nothing beside it', async () => {
    const skip = await skipFor({ input_setup_cicd_and_project: 'CICD_Only' });
    expect(skip('my_mlops_project/databricks.yml')).toBe(true);
    expect(skip('my_mlops_project')).toBe(true);
    expect(skip('my_mlops_project_other/x')).toBe(false);
    expect(skip('.github/workflows/my-mlops-project-run-tests.yml')).toBe(true);
    expect(skip('.github/workflows/deploy-cicd.yml')).toBe(false);
  });

  it('keeps exactly one CI folder', async () => {
    const skip = await skipFor({ input_cicd_platform: 'azure_devops' });
    expect([skip('.github/x'), skip('.azure/x'), skip('.gitlab/x')]).toEqual([true, false, true]);
  });

  it('drops CI and root docs for Project_Only', async () => {
    const skip = await skipFor({ input_setup_cicd_and_project: 'Project_Only' });
    expect(['README.md', 'docs/x.md', '.github/x', 'my_mlops_project/README.md'].map(skip)).toEqual([true, true, true, false]);
  });
});

describe('layout per stack variant, over the whole matrix', () => {
  /** A path of the package and the flag expression that decides whether it exists. */
  const RULES: [string, (c: Record<string, unknown>) => boolean][] = [
    ['training/notebooks/Train.py', (c) => Boolean(c.delta)],
    ['training/notebooks/TrainWithFeatureStore.py', (c) => Boolean(c.fs)],
    ['feature_engineering/features/pickup_features.py', (c) => Boolean(c.fs)],
    ['assets/feature-engineering-workflow-asset.yml', (c) => Boolean(c.fs)],
    ['tests/feature_engineering/pickup_features_test.py', (c) => Boolean(c.fs)],
    ['training/notebooks/TrainWithMLflowRecipes.py', (c) => Boolean(c.recipes)],
    ['training/recipe.yaml', (c) => Boolean(c.recipes)],
    ['training/steps/train.py', (c) => Boolean(c.recipes)],
    ['tests/training/train_test.py', (c) => Boolean(c.recipes)],
    ['utils.py', (c) => !c.uc],
    ['databricks.yml', () => true],
    ['tests/training/test_notebooks.py', () => true],
  ];

  it('generates each variant file exactly for its variant', async () => {
    let checked = 0;
    for (const { combination, context, files } of await renderMatrix()) {
      if (!context.with_project) {
        expect([...files.keys()].some((p) => p.startsWith(`${String(context.pkg)}/`)), combination.id).toBe(false);
        continue;
      }
      for (const [path, exists] of RULES) {
        expect(files.has(`${String(context.pkg)}/${path}`), `${combination.id}: ${path}`).toBe(exists(context));
        checked++;
      }
    }
    // CICD_and_Project per platform and sign-in pair (8 on Azure, 7 elsewhere) and Project_Only, 9 variants each.
    expect(checked).toBe(RULES.length * ((8 + 7 + 7) * 9 + 3 * 9));
  });
});

describe('file order', () => {
  it('sorts paths by code point, beyond the Basic Multilingual Plane too', async () => {
    const context = buildContext(mini, await resolveAnswers(mini, { flags: {} }));
    const stack = { ...mini, files: ['\u{1F680}.txt', '\uFB01.txt', 'a.txt'], embedded: new Map([['\u{1F680}.txt', { text: '', executable: false }], ['\uFB01.txt', { text: '', executable: false }], ['a.txt', { text: '', executable: false }]]) };
    // UTF-16 order would put U+1F680 (surrogates D83D..) before U+FB01.
    expect(planFiles(stack, context).map((f) => f.path)).toEqual(['a.txt', '\uFB01.txt', '\u{1F680}.txt']);
  });
});
