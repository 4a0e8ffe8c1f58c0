import { posix } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Check } from '../check.js';
import { seenIn } from '../matrix.js';
import { type Yaml, loadYaml } from '../tools.js';
import { SCHEMA_KINDS, loadSchema, schemaErrors, validatorOf } from './schemas.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeInto(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) mergeInto(existing, value);
    else target[key] = value;
  }
}

/** Every value under a key named `key`. */
function collect(node: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((item) => collect(item, key, found));
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) found.push(v);
      collect(v, key, found);
    }
  }
  return found;
}

const BUNDLE_FILE = 'databricks.yml';

/** The files a bundle's check reads: its root and every YAML file below it. */
function bundleFiles(files: ReadonlyMap<string, unknown>, bundleDir: string): string[] {
  const prefix = bundleDir === '.' ? '' : `${bundleDir}/`;
  return [...files.keys()].filter((p) => p.startsWith(prefix) && /\.ya?ml$/.test(p));
}

/**
 * Loads `<bundleDir>/databricks.yml` with the files it includes and every other asset file (merged
 * as the Databricks CLI merges includes), validates the result against the bundle schema, and
 * checks that every include and every `notebook_path` names a generated file.
 */
export function bundleProblems(yaml: Yaml, files: ReadonlyMap<string, unknown>, bundleDir: string, validate: ValidateFunction, parsed = new Map<string, Json>()): string[] {
  const problems: string[] = [];
  /** Parsed once per text (the matrix repeats most files); merging works on a copy. */
  const read = (path: string): Json => {
    const text = String(files.get(path));
    let document = parsed.get(text);
    if (!document) parsed.set(text, (document = yaml.parse(text, { merge: true }) as Json));
    return structuredClone(document);
  };
  const rootPath = posix.join(bundleDir, BUNDLE_FILE);
  const root = read(rootPath);
  const merged: Json = root;
  const included = ((root.include as string[] | undefined) ?? []).map((include) => posix.join(bundleDir, include));
  for (const path of included) if (!files.has(path)) problems.push(`${rootPath}: includes ${path}, which is not generated`);
  // Assets left out of `include` (the monitoring asset until its table exists) must be valid too.
  const assets = bundleFiles(files, bundleDir).filter((p) => p.includes('/assets/'));
  for (const path of new Set([...included.filter((p) => files.has(p)), ...assets])) {
    const asset = read(path);
    for (const notebook of collect(asset, 'notebook_path')) {
      const target = posix.normalize(posix.join(posix.dirname(path), String(notebook)));
      if (!files.has(target) && !files.has(`${target}.py`)) problems.push(`${path}: notebook_path ${String(notebook)} is not generated`);
    }
    mergeInto(merged, asset);
  }
  if (!validate(merged)) problems.push(...schemaErrors(validate.errors).map((e) => `${rootPath} (merged): ${e}`));
  return problems;
}

export const bundleCheck: Check = {
  id: 'bundle',
  title: 'Bundle config validates against the Databricks bundle schema',
  async run(projects, tools) {
    const bundles = projects.flatMap((project) =>
      [...project.files.keys()].filter((p) => p === BUNDLE_FILE || p.endsWith(`/${BUNDLE_FILE}`)).map((p) => ({ project, dir: posix.dirname(p) })),
    );
    if (bundles.length === 0) return { checked: 0, problems: [] };
    const schema = loadSchema(SCHEMA_KINDS.bundle, tools);
    if ('skipped' in schema) return schema;
    const validate = await validatorOf(schema);
    const yaml = await loadYaml();
    // Bundles whose files are the same are checked once.
    const seen = new Map<string, { problems: string[]; ids: string[] }>();
    const parsed = new Map<string, Record<string, unknown>>();
    for (const { project, dir } of bundles) {
      const key = bundleFiles(project.files, dir).map((p) => `${p}\0${String(project.files.get(p))}`).join('\0');
      const entry = seen.get(key);
      if (entry) entry.ids.push(project.combination.id);
      else seen.set(key, { problems: bundleProblems(yaml, project.files, dir, validate, parsed), ids: [project.combination.id] });
    }
    return { checked: seen.size, problems: [...seen.values()].flatMap(({ problems, ids }) => problems.map((p) => `${p}  ${seenIn(ids)}`)) };
  },
};
