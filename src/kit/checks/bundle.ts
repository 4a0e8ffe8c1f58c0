import { posix } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Check } from '../check.js';
import { seenIn } from '../matrix.js';
import { type Yaml, loadYaml } from '../yaml-parser.js';
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

/** A bundle `include` entry (a path or a glob: `*`, `**`, `?`) as a pattern over generated paths. */
function globPattern(glob: string): RegExp {
  const source = glob.replace(/\*\*\/|\*\*|\*|\?|[.+^${}()|[\]\\]/g, (token) =>
    token === '**/' ? '(?:.*/)?' : token === '**' ? '.*' : token === '*' ? '[^/]*' : token === '?' ? '[^/]' : `\\${token}`,
  );
  return new RegExp(`^${source}$`);
}

type Parsed = Map<string, Json>;

/** A YAML file of the project, parsed once per text (the matrix repeats most files); callers get a copy to merge into. */
function reader(yaml: Yaml, files: ReadonlyMap<string, unknown>, parsed: Parsed): (path: string) => Json {
  return (path) => {
    const text = String(files.get(path));
    let document = parsed.get(text);
    if (!document) parsed.set(text, (document = yaml.parse(text, { merge: true }) as Json));
    return structuredClone(document);
  };
}

/**
 * What a bundle is made of: the files its `include` globs match, and every file of an `assets`
 * folder (assets left out of `include`, as the monitoring asset is until its table exists, must be
 * valid too). An include that matches nothing is a problem.
 */
function bundleSources(files: ReadonlyMap<string, unknown>, bundleDir: string, root: Json): { sources: string[]; problems: string[] } {
  const rootPath = posix.join(bundleDir, BUNDLE_FILE);
  const prefix = bundleDir === '.' ? '' : `${bundleDir}/`;
  const candidates = [...files.keys()].filter((p) => p.startsWith(prefix) && p !== rootPath && /\.ya?ml$/.test(p));
  const sources = new Set<string>();
  const problems: string[] = [];
  for (const include of (root.include as string[] | undefined) ?? []) {
    const pattern = globPattern(posix.join(bundleDir, include));
    const matched = candidates.filter((path) => pattern.test(path));
    if (matched.length === 0) problems.push(`${rootPath}: include ${JSON.stringify(include)} names no generated file`);
    matched.forEach((path) => sources.add(path));
  }
  for (const path of candidates) if (/(^|\/)assets\//.test(path.slice(prefix.length))) sources.add(path);
  return { sources: [...sources], problems };
}

/**
 * Loads `<bundleDir>/databricks.yml` with the files it includes and its asset files, merged as the
 * Databricks CLI merges includes, validates the result against the bundle schema, and checks that
 * every include and every `notebook_path` names a generated file.
 */
export function bundleProblems(yaml: Yaml, files: ReadonlyMap<string, unknown>, bundleDir: string, validate: ValidateFunction, parsed: Parsed = new Map()): string[] {
  const read = reader(yaml, files, parsed);
  const rootPath = posix.join(bundleDir, BUNDLE_FILE);
  const merged = read(rootPath);
  const { sources, problems } = bundleSources(files, bundleDir, merged);
  for (const path of sources) {
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
    const parsed: Parsed = new Map();
    for (const { project, dir } of bundles) {
      const rootPath = posix.join(dir, BUNDLE_FILE);
      const { sources } = bundleSources(project.files, dir, reader(yaml, project.files, parsed)(rootPath));
      const key = [rootPath, ...sources].map((p) => `${p}\0${String(project.files.get(p))}`).join('\0');
      const entry = seen.get(key);
      if (entry) entry.ids.push(project.combination.id);
      else seen.set(key, { problems: bundleProblems(yaml, project.files, dir, validate, parsed), ids: [project.combination.id] });
    }
    return { checked: seen.size, problems: [...seen.values()].flatMap(({ problems, ids }) => problems.map((p) => `${p}  ${seenIn(ids)}`)) };
  },
};
