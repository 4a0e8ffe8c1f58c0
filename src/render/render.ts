import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../answers/answers.js';
import { type Context, buildContext } from './context.js';
import { type Template, compile, fromSpec } from './engine.js';
import { StackError } from '../errors.js';
import { checkPathValues, fillPath, skipPredicate } from './layout.js';
import type { Stack } from '../stack/stack.js';

export const TEMPLATE_SUFFIX = '.hbs';

export interface PlannedFile {
  /** Relative to the project directory, `/`-separated. */
  path: string;
  /** Rendered text, or the bytes of a file copied as is. */
  content: string | Buffer;
  executable: boolean;
}

interface Source {
  render: Template | undefined;
  bytes: Buffer | undefined;
  executable: boolean;
}

/** Template sources by stack folder and name: a process that renders many combinations reads and compiles each once. */
const sources = new Map<string, Source>();

function sourceOf(stack: Stack, name: string): Source {
  const key = `${stack.templateRoot}\0${name}`;
  let source = sources.get(key);
  if (!source) {
    const onDisk = (): string => join(stack.templateRoot, name);
    const embedded = stack.embedded?.get(name);
    const executable = embedded ? embedded.executable : (statSync(onDisk()).mode & 0o111) !== 0;
    const render = !name.endsWith(TEMPLATE_SUFFIX)
      ? undefined
      : embedded?.spec
        ? fromSpec(embedded.spec, name)
        : compile(readFileSync(onDisk(), 'utf8'), name);
    const bytes = render ? undefined : embedded?.text !== undefined ? Buffer.from(embedded.text, 'utf8') : readFileSync(onDisk());
    source = { render, bytes, executable };
    sources.set(key, source);
  }
  return source;
}

/**
 * Plans every output file in memory: layout rules applied, path placeholders filled, `*.hbs`
 * rendered (suffix dropped), every other file copied byte for byte. Sorted by output path.
 */
export function planFiles(stack: Stack, context: Context): PlannedFile[] {
  const skip = skipPredicate(stack, context);
  const planned: PlannedFile[] = [];
  for (const name of stack.files) {
    const isTemplate = name.endsWith(TEMPLATE_SUFFIX);
    const path = fillPath(stack, isTemplate ? name.slice(0, -TEMPLATE_SUFFIX.length) : name, context);
    if (skip(path)) continue;
    const source = sourceOf(stack, name);
    let content: string | Buffer;
    try {
      content = source.render ? source.render(context) : (source.bytes as Buffer);
    } catch (error) {
      throw new StackError(`template ${(error as Error).message}`);
    }
    planned.push({ path, content, executable: source.executable });
  }
  // By code point, as the JSON contract says: UTF-8 byte order is code point order (UTF-16's is not).
  const keys = new Map(planned.map((file) => [file, Buffer.from(file.path)]));
  return planned.sort((a, b) => Buffer.compare(keys.get(a) as Buffer, keys.get(b) as Buffer));
}

/** Complete answers rendered in memory: their context (path values checked) and every planned file. */
export async function renderProject(stack: Stack, answers: Answers): Promise<{ context: Context; planned: PlannedFile[] }> {
  const context = buildContext(stack, answers);
  checkPathValues(stack, context);
  await stack.ready?.();
  return { context, planned: planFiles(stack, context) };
}
