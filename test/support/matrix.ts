import { resolveAnswers } from '../../src/answers/answers.js';
import { type Combination, enumerateCombinations } from '../../src/stack/combinations.js';
import { buildContext, type Context } from '../../src/render/context.js';
import { BUILTIN_STACK } from '../../src/stack/builtin.js';
import { planFiles } from '../../src/render/render.js';
import { loadStack, type Stack } from '../../src/stack/stack.js';
import { withRecord } from '../../src/update/record.js';

export interface RenderedProject {
  combination: Combination;
  context: Context;
  /** Output path -> content (text files as strings, copied files as Buffers). */
  files: Map<string, string | Buffer>;
}

let builtin: Stack | undefined;
export function builtinStack(): Stack {
  builtin ??= loadStack(BUILTIN_STACK);
  return builtin;
}

/** Renders one set of answers in memory, as `createStack` would, without touching the disk. */
export async function renderInMemory(stack: Stack, flags: Record<string, string>): Promise<{ context: Context; files: Map<string, string | Buffer> }> {
  const answers = await resolveAnswers(stack, { flags });
  const context = buildContext(stack, answers);
  const files = new Map(withRecord(planFiles(stack, context), { stack, context, answers, projectDir: '.' }).map((f) => [f.path, f.content] as const));
  return { context, files };
}

let matrix: Promise<RenderedProject[]> | undefined;
/** Every combination of the built-in stack, rendered once per test process. */
export function renderMatrix(): Promise<RenderedProject[]> {
  matrix ??= (async () => {
    const stack = builtinStack();
    const projects: RenderedProject[] = [];
    for (const combination of enumerateCombinations(stack)) {
      projects.push({ combination, ...(await renderInMemory(stack, combination.answers)) });
    }
    return projects;
  })();
  return matrix;
}

export const textOf = (content: string | Buffer): string | undefined => (typeof content === 'string' ? content : undefined);
