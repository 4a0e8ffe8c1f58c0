import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';

/**
 * Reads a `--config-file`: a JSON or YAML object of input values, as `databricks bundle init
 * --config-file` takes. JSON is read by the YAML parser too (JSON is YAML 1.2), which gives line and
 * column for syntax errors and refuses duplicate keys.
 */
export async function readConfigFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--config-file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (/\.json$/i.test(path)) checkJsonSyntax(text, path);
  const yaml = await import('yaml');
  // Bundled, the CommonJS build of `yaml` is reached through `default`.
  const { LineCounter, parseDocument } = yaml.default ?? yaml;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  const problem = document.errors[0];
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0]);
    throw new UsageError(`--config-file ${path}:${line}:${col}: ${problem.message.split('\n')[0]}`);
  }
  const data: unknown = document.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`--config-file ${path}: must hold an object of inputs, like {"input_project_name": "my-project"}`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
      throw new InputError(key, `${key}: must be a string in --config-file ${path}, got ${kind} ${JSON.stringify(value)}`);
    }
    values[key] = value;
  }
  return values;
}

/** JSON.parse reports an offset; users want line and column. */
function checkJsonSyntax(text: string, path: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const col = (before[before.length - 1] ?? '').length + 1;
    throw new UsageError(`--config-file ${path}:${line}:${col}: not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
}
