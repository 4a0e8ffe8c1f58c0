import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStack } from '../src/create.js';
import { builtinStack } from './support/matrix.js';

/**
 * The generated projects' own unit tests, run with python3 as a user would: from the package folder
 * (GitHub Actions) and from the repository root (Azure DevOps, GitLab). They need only pytest; the
 * MLflow Recipes tests also pandas and scikit-learn, the Feature Store tests pyspark (skipped
 * cleanly without it). GENERATED_PROJECT_PYTHON names another interpreter to run them with.
 */
const PYTHON = process.env.GENERATED_PROJECT_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
const has = (modules: string): boolean => spawnSync(PYTHON, ['-c', `import ${modules}`]).status === 0;
const HAS_PYTEST = has('pytest');
const HAS_PANDAS = HAS_PYTEST && has('pandas, sklearn');

const out = mkdtempSync(join(tmpdir(), 'cms-pytest-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function pytest(cwd: string, args: string[]): string {
  try {
    return execFileSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`pytest failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

describe.skipIf(!HAS_PYTEST)('the generated unit tests pass with plain pytest', () => {
  async function runGeneratedTests(name: string, flags: Record<string, string>): Promise<void> {
    const outputDir = join(out, name.replace(/\W+/g, '-'));
    const { projectDir, context } = await createStack({ stack: builtinStack(), flags: { ...flags, input_project_name: 'churn-model' }, outputDir });
    const pkg = String(context.pkg);
    expect(pytest(join(projectDir, pkg), [])).toMatch(/\d+ passed/);
    expect(pytest(projectDir, [`${pkg}/tests`])).toMatch(/\d+ passed/);
  }

  it.each<[string, Record<string, string>]>([
    ['default (Unity Catalog)', {}],
    ['workspace registry', { input_include_models_in_unity_catalog: 'no' }],
    ['Feature Store', { input_include_feature_store: 'yes' }],
  ])('%s', (name, flags) => runGeneratedTests(name, flags), 120_000);

  it.skipIf(!HAS_PANDAS)('MLflow Recipes (needs pandas and scikit-learn)', () =>
    runGeneratedTests('recipes', { input_include_models_in_unity_catalog: 'no', input_include_mlflow_recipes: 'yes' }), 120_000);
});
