import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../answers/answers.js';
import { segmentProblem } from '../answers/rules.js';
import { StackError, UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Context } from '../render/context.js';
import type { PlannedFile } from '../render/render.js';
import { BUILTIN_STACK } from '../stack/builtin.js';
import type { Stack } from '../stack/stack.js';
import { contentHash } from './hash.js';
import { type StackIdentity, forkIdentity } from './stack-identity.js';

// The run record: one JSON file per run inside the generated tree, so that `update`, `check` and
// `diff` know what a run generated, from which version, with which answers.

/** The folder of the records, at the top of the folder a run writes into. */
export const RECORD_DIR = '.mlops-stack';
/** The context value a stack names its record by (a monorepo holds one record per run); `project` without it. */
export const RECORD_NAME_VALUE = 'record_name';
export const RECORD_FORMAT = 1;
export const TOOL_NAME = 'create-mlops-stack';

export interface RunRecord {
  format: number;
  tool: { name: string; version: string };
  stack: StackIdentity;
  /** Every input of the stack, as resolved. */
  answers: Answers;
  /** Path relative to the record's project folder -> `sha256:<hex>` of what the run wrote. */
  files: Record<string, string>;
}

let toolVersion: string | undefined;
/** This package's version (read once: only a run that records pays for it). */
export function currentToolVersion(): string {
  toolVersion ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return toolVersion;
}


export const isRecordPath = (path: string): boolean => path.startsWith(`${RECORD_DIR}/`);

/** The record's path, relative to the project folder: `.mlops-stack/<record name>.json`. */
export function recordPathOf(context: Context): string {
  const name = String(context[RECORD_NAME_VALUE] ?? 'project');
  const problem = /[\\/]/.test(name) ? 'must be a file name, not a path' : segmentProblem(name);
  if (problem) throw new StackError(`context value ${RECORD_NAME_VALUE} ${JSON.stringify(name)} ${problem}`);
  return `${RECORD_DIR}/${name}.json`;
}

/** JSON with every object's keys sorted, two-space indented, ending in a newline: the same record for the same run. */
export function stableJson(value: unknown): string {
  const sorted = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sorted);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.keys(node)
        .sort()
        .map((key) => [key, sorted((node as Record<string, unknown>)[key])]),
    );
  };
  return `${JSON.stringify(sorted(value), null, 2)}\n`;
}

export function identityOf(stack: Stack, projectDir: string): StackIdentity {
  return stack.dir === BUILTIN_STACK ? { name: 'mlops-stacks', version: currentToolVersion() } : forkIdentity(stack.dir, projectDir);
}

/**
 * The planned files with the run's record added (sorted into place): the record is written by the
 * same all-or-nothing writer as the files it describes.
 */
export function withRecord(planned: PlannedFile[], record: { stack: Stack; context: Context; answers: Answers; projectDir: string }): PlannedFile[] {
  const files = Object.fromEntries(planned.map((file) => [file.path, contentHash(file.content)]));
  const content: RunRecord = {
    format: RECORD_FORMAT,
    tool: { name: TOOL_NAME, version: currentToolVersion() },
    stack: identityOf(record.stack, record.projectDir),
    answers: record.answers,
    files,
  };
  const path = recordPathOf(record.context);
  const all = [...planned, { path, content: stableJson(content), executable: false }];
  const keys = new Map(all.map((file) => [file, Buffer.from(file.path)]));
  return all.sort((a, b) => Buffer.compare(keys.get(a) as Buffer, keys.get(b) as Buffer));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringMap = (value: unknown): value is Record<string, string> => isObject(value) && Object.values(value).every((v) => typeof v === 'string');

/** Reads a record, refusing one this version cannot use, naming the file and what is wrong. */
export function parseRecord(text: string, where: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where}: not a valid run record: ${(error as Error).message}`);
  }
  const problem = !isObject(value)
    ? 'not a JSON object'
    : value.format !== RECORD_FORMAT
      ? `format ${JSON.stringify(value.format)}, this version reads format ${RECORD_FORMAT} (a newer create-mlops-stack wrote it?)`
      : !isObject(value.tool) || typeof value.tool.version !== 'string'
        ? 'no tool version'
        : !isObject(value.stack)
          ? 'no stack'
          : !isStringMap(value.answers)
            ? 'answers must map input names to strings'
            : !isStringMap(value.files)
              ? 'files must map paths to hashes'
              : undefined;
  if (problem) throw new UsageError(`${where}: not a valid run record: ${problem}`);
  return value as unknown as RunRecord;
}
