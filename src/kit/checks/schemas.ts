import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type { KitTools } from '../tools.js';
import { findOnPath } from '../tools.js';
import { compileValidator } from '../validators.js';

/** A JSON schema the kit validates generated files against: which option names it, and how ajv must read it. */
interface SchemaKind {
  what: string;
  option: string;
  env: string;
  tool: keyof Pick<KitTools, 'bundleSchema' | 'gitlabSchema' | 'azureSchema'>;
  ajv: Options;
  /** A command that prints the schema when no file is named. */
  command?: [string, ...string[]];
}

// Draft-07 with vendor keywords: strict off. The Azure schema's patterns are not valid with the `u` flag.
export const SCHEMA_KINDS = {
  bundle: { what: 'Databricks bundle', option: '--bundle-schema', env: 'DATABRICKS_BUNDLE_SCHEMA', tool: 'bundleSchema', ajv: {}, command: ['databricks', 'bundle', 'schema'] },
  gitlab: { what: 'GitLab CI', option: '--gitlab-schema', env: 'GITLAB_CI_SCHEMA', tool: 'gitlabSchema', ajv: {} },
  azure: { what: 'Azure Pipelines', option: '--azure-schema', env: 'AZURE_PIPELINES_SCHEMA', tool: 'azureSchema', ajv: { unicodeRegExp: false } },
} satisfies Record<string, SchemaKind>;

export interface SchemaDocument {
  schema: Record<string, unknown>;
  /** Where it came from: the key of its compiled validators. */
  source: string;
  kind: SchemaKind;
}

const documents = new Map<string, SchemaDocument>();
const validators = new Map<string, Promise<ValidateFunction>>();

function documentOf(source: string, kind: SchemaKind, text: () => string): SchemaDocument {
  let document = documents.get(source);
  if (!document) documents.set(source, (document = { schema: JSON.parse(text()) as Record<string, unknown>, source, kind }));
  return document;
}

/**
 * The schema named by its option, else by its environment variable, else printed by its command
 * (`databricks bundle schema`) when that is on PATH; `{ skipped }` when none is. A schema named but
 * unreadable is an error, not a skip.
 */
export function loadSchema(kind: SchemaKind, tools: KitTools): SchemaDocument | { skipped: string } {
  const file = tools[kind.tool] ?? tools.env[kind.env];
  if (file) {
    return documentOf(`file:${file}`, kind, () => {
      try {
        return readFileSync(file, 'utf8');
      } catch (error) {
        throw new Error(`${kind.option} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    });
  }
  const command = kind.command;
  if (command && findOnPath(command[0], tools.env)) {
    return documentOf(`command:${command.join(' ')}`, kind, () => execFileSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  }
  const how = command ? `, or put the \`${command[0]}\` CLI on PATH` : '';
  return { skipped: `no ${kind.what} schema: name it with ${kind.option} <file> or ${kind.env}${how}` };
}

/**
 * The validator of a schema (src/kit/validators.ts, once per process), or of a reduced form of it that
 * `variant` names (the Azure schema without the task branches no file uses: compiling all of
 * them costs seconds).
 */
export function validatorOf(document: SchemaDocument, variant?: { name: string; schema: Record<string, unknown> }): Promise<ValidateFunction> {
  const key = `${document.source}\0${variant?.name ?? ''}`;
  let validator = validators.get(key);
  if (!validator) {
    validator = compileValidator(variant?.schema ?? document.schema, { strict: false, allErrors: false, validateFormats: false, ...document.kind.ajv });
    validators.set(key, validator);
  }
  return validator;
}

/** Of the findings about one value, those that name what is wrong come first; a missing property of another branch last. */
const KEYWORD_RANK: Record<string, number> = { additionalProperties: 0, enum: 1, const: 1, pattern: 1, required: 3 };
const depth = (path: string): number => (path === '' ? 0 : path.split('/').length);

/**
 * Ajv's findings, one line each, at most `limit`, the most specific first. A schema whose fields
 * are `oneOf` a type and an interpolation string reports every branch; the branch errors that say
 * only "must be <type>" are folded into one line, and dropped where a deeper or other finding
 * explains the same value, and "must match a schema in oneOf" lines are left out when anything else
 * is said.
 */
export function schemaErrors(errors: readonly ErrorObject[] | null | undefined, limit = 5): string[] {
  const all = errors ?? [];
  const specific = all.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword));
  const found = specific.length > 0 ? specific : all;
  const explained = (path: string): boolean => found.some((e) => e.keyword !== 'type' && (e.instancePath === path || e.instancePath.startsWith(`${path}/`)));
  const lines: [path: string, rank: number, line: string][] = [];
  const types = new Map<string, string[]>();
  for (const error of found) {
    const path = error.instancePath;
    if (error.keyword === 'type') {
      if (!explained(path)) types.set(path, [...(types.get(path) ?? []), String((error.params as { type: unknown }).type)]);
    } else lines.push([path, KEYWORD_RANK[error.keyword] ?? 2, `${path || '/'} ${error.message ?? error.keyword}${paramsOf(error)}`]);
  }
  for (const [path, names] of types) lines.push([path, 2, `${path || '/'} must be ${[...new Set(names)].join(' or ')}`]);
  lines.sort((a, b) => depth(b[0]) - depth(a[0]) || a[1] - b[1]);
  const unique = [...new Set(lines.map(([, , line]) => line))];
  return unique.length > limit ? [...unique.slice(0, limit), `... and ${unique.length - limit} more`] : unique;
}

function paramsOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if ('additionalProperty' in params) return `: ${JSON.stringify(params.additionalProperty)}`;
  if ('allowedValues' in params) return `: ${JSON.stringify(params.allowedValues).slice(0, 120)}`;
  return '';
}
