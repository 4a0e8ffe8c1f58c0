import { readFileSync } from 'node:fs';
import { InputError, UsageError, inputErrorOf } from '../errors.js';
import { checkJson } from './json-syntax.js';
import { describeCharacter, keyName, shown } from './rules.js';

/** `--config-file -`: the inputs come from standard input. */
export const STDIN = '-';

/** One key of the file's object, where it stands, and its value (a YAML list or object only as its kind). */
interface Entry {
  key: unknown;
  value: unknown;
  line: number;
  col: number;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'not found',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'not found (a part of the path is not a folder)',
};

/**
 * Reads a `--config-file` (`-` for standard input): a JSON or YAML object of input values, as
 * `databricks bundle init --config-file` takes. A leading BOM is ignored. Every problem names the
 * file with line and column, and never quotes the file's bytes beyond a clipped key or value. The
 * values come back in an object without a prototype, so a key such as `__proto__` stays a key
 * (and is refused as an unknown input).
 */
export async function readConfigFile(path: string): Promise<Record<string, string>> {
  const name = path === STDIN ? '--config-file - (standard input)' : `--config-file ${path}`;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === STDIN ? 0 : path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`${name}: ${READ_ERRORS[code] ?? `cannot be read (${code || (error as Error).message})`}`);
  }
  let text = decodeUtf8(bytes, name);
  if (text.startsWith('\ufeff')) text = text.slice(1);
  const position = (offset: number): string => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${[...(before[before.length - 1] ?? '')].length + 1}`;
  };
  const json = path === STDIN ? /^\s*[{[]/.test(text) : /\.json$/i.test(path);
  const entries = json ? jsonEntries(text, name, position) : await yamlEntries(text, name);
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const problems: InputError[] = [];
  for (const { key, value, line, col } of entries) {
    const where = `${name}:${line}:${col}`;
    if (typeof key !== 'string') throw new UsageError(`${where}: keys must be input names, got ${describeValue(key)}`);
    if (typeof value === 'string') values[key] = value;
    else problems.push(new InputError(keyName(key), `${keyName(key)}: must be a string in ${where}, ${valueProblem(value)}`));
  }
  const problem = inputErrorOf(problems);
  if (problem) throw problem;
  return values;
}

/** UTF-16 byte order marks: what Windows PowerShell 5's `>` writes. */
const UTF16_MARKS: [bytes: number[], name: string][] = [
  [[0xff, 0xfe], 'UTF-16 LE'],
  [[0xfe, 0xff], 'UTF-16 BE'],
];

/** The file's text; a file that is not UTF-8 is refused, naming its encoding or the first bad byte. */
function decodeUtf8(bytes: Buffer, name: string): string {
  for (const [mark, encoding] of UTF16_MARKS) {
    if (mark.every((byte, index) => bytes[index] === byte)) throw new UsageError(`${name}: is ${encoding} text, not UTF-8; save the file as UTF-8`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const lines = bytes.subarray(0, offset).toString('utf8').split('\n');
    const where = `${lines.length}:${[...(lines[lines.length - 1] ?? '')].length + 1}`;
    throw new UsageError(`${name}:${where}: not UTF-8 text (the byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}); save the file as UTF-8`);
  }
}

/** The offset of the first byte that is not part of valid UTF-8: where the lenient decoder first put U+FFFD for bytes other than its own encoding. */
function firstInvalidUtf8(bytes: Buffer): number {
  let offset = 0;
  for (const char of bytes.toString('utf8')) {
    if (char === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    offset += Buffer.byteLength(char);
  }
  return offset;
}

const OBJECT_EXAMPLE = 'like {"input_project_name": "my-project"}';

function jsonEntries(text: string, name: string, position: (offset: number) => string): Entry[] {
  const checked = checkJson(text);
  if ('problem' in checked) throw new UsageError(`${name}:${position(checked.problem.offset)}: not valid JSON: ${checked.problem.problem}`);
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${name}: must hold an object of inputs, ${OBJECT_EXAMPLE}`);
  const record = data as Record<string, unknown>;
  return checked.keys.map(({ key, offset }) => {
    const [line, col] = position(offset).split(':').map(Number) as [number, number];
    return { key, value: record[key], line, col };
  });
}

async function yamlEntries(text: string, name: string): Promise<Entry[]> {
  const yaml = await import('yaml');
  // Bundled, the CommonJS build of `yaml` is reached through `default`.
  const { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq } = yaml.default ?? yaml;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter });
  const at = (node: { range?: [number, number, number] | null } | null | undefined): { line: number; col: number } =>
    lineCounter.linePos(node?.range?.[0] ?? 0);
  const problem = document.errors[0];
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0]);
    throw new UsageError(`${name}:${line}:${col}: ${printable(problem.message.split('\n')[0] ?? '')}`);
  }
  const contents = document.contents;
  if (!isMap(contents)) throw new UsageError(`${name}: must hold an object of inputs, ${OBJECT_EXAMPLE}`);
  const seen = new Map<string, number>();
  return contents.items.map((pair) => {
    const keyNode = pair.key as { range?: [number, number, number] } | null;
    const { line, col } = at(keyNode);
    const key = isScalar(pair.key) ? pair.key.value : pair.key === null ? null : { kind: 'a list or object' };
    if (typeof key === 'string') {
      const first = seen.get(key);
      if (first !== undefined) throw new UsageError(`${name}:${line}:${col}: the key ${shown(key)} appears twice (first on line ${first})`);
      seen.set(key, line);
    }
    // An alias is followed once, to its node: a value must be a scalar, so nothing is ever expanded.
    const node = isAlias(pair.value) ? pair.value.resolve(document) : pair.value;
    const value = isScalar(node) ? node.value : isSeq(node) ? [] : isMap(node) ? {} : node === null || node === undefined ? null : node;
    return { key, value, line, col };
  });
}

/** A parser's message with any control character named instead of echoed. */
function printable(message: string): string {
  const clipped = [...message].slice(0, 200).join('');
  return clipped.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (char) => describeCharacter(char));
}

function describeValue(value: unknown): string {
  if (value === null) return 'an empty key';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a list or object';
  return `the ${typeof value} ${shown(value)}`;
}

/** What is wrong with a value that is not a string, and how to write it. */
function valueProblem(value: unknown): string {
  if (value === null || value === undefined) return 'but it has no value (null); write a value in quotes, or leave the key out to take the default';
  if (typeof value === 'boolean') {
    return `got the boolean ${value}; write "yes" or "no" for a yes/no input (in quotes), or quote the value`;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return `got the number ${String(value)}; write it in quotes ("${String(value)}")`;
  return `got ${Array.isArray(value) ? 'a list' : 'an object'}; write a single value in quotes`;
}
