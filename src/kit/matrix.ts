import { resolveAnswers } from '../answers/answers.js';
import type { Context } from '../render/context.js';
import { checkPaths } from '../answers/paths.js';
import { renderProject } from '../render/render.js';
import { type Combination, enumerateCombinations } from '../stack/combinations.js';
import type { Stack } from '../stack/stack.js';

export interface RenderedProject {
  combination: Combination;
  context: Context;
  /** Output path -> content (text files as strings, copied files as Buffers). */
  files: Map<string, string | Buffer>;
}

/** A combination the stack refused or failed to render: a fork's bug the kit reports. */
export interface RenderFailure {
  combination: Combination;
  message: string;
}

export interface Matrix {
  projects: RenderedProject[];
  failures: RenderFailure[];
}

/** Renders one set of answers in memory, with the checks `createStack` makes before writing. */
export async function renderInMemory(stack: Stack, flags: Record<string, string>): Promise<Omit<RenderedProject, 'combination'>> {
  const answers = await resolveAnswers(stack, { flags });
  checkPaths(stack, answers, new Set(Object.keys(flags)));
  const { context, planned } = await renderProject(stack, answers);
  return { context, files: new Map(planned.map((f) => [f.path, f.content] as const)) };
}

/** Every combination of the stack's choice inputs, rendered in memory. */
export async function renderMatrix(stack: Stack): Promise<Matrix> {
  const matrix: Matrix = { projects: [], failures: [] };
  for (const combination of enumerateCombinations(stack)) {
    try {
      matrix.projects.push({ combination, ...(await renderInMemory(stack, combination.answers)) });
    } catch (error) {
      matrix.failures.push({ combination, message: (error as Error).message });
    }
  }
  return matrix;
}

/** A file's text: rendered text as it is, copied bytes when they are UTF-8 without NUL; undefined for binary files. */
export function textOf(content: string | Buffer): string | undefined {
  if (typeof content === 'string') return content;
  const text = content.toString('utf8');
  return !text.includes('\u0000') && Buffer.from(text, 'utf8').equals(content) ? text : undefined;
}

/** One generated text, with the combinations that render it. */
export interface DistinctFile {
  path: string;
  text: string;
  ids: string[];
}

/** Each distinct (path, text) of the matrix once, copied files included: a check runs once per version of a file, not per combination. */
export function distinctFiles(projects: readonly RenderedProject[], filter: (path: string) => boolean): DistinctFile[] {
  const distinct = new Map<string, DistinctFile>();
  for (const project of projects) {
    for (const [path, content] of project.files) {
      const text = textOf(content);
      if (text === undefined || !filter(path)) continue;
      const key = `${path}\0${text}`;
      const entry = distinct.get(key);
      if (entry) entry.ids.push(project.combination.id);
      else distinct.set(key, { path, text, ids: [project.combination.id] });
    }
  }
  return [...distinct.values()];
}

/** `[first-id +n]`: where a problem shows up, short enough for one line. */
export const seenIn = (ids: readonly string[]): string => `[${ids[0]}${ids.length > 1 ? ` +${ids.length - 1}` : ''}]`;
