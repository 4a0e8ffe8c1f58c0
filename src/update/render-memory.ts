import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answers, Ask } from '../answers/answers.js';
import type { CreateOptions, CreateResult } from '../create.js';
import type { Context } from '../render/context.js';
import type { PlannedFile } from '../render/render.js';
import type { Stack } from '../stack/stack.js';
import { isRecordPath } from './record.js';

/** `createStack` of this package or of another version of it (the old package's API has the same shape). */
export type CreateStack = (options: CreateOptions) => Promise<CreateResult>;

export interface Rendered {
  answers: Answers;
  context: Context;
  /** The generated files, records left out. */
  files: Map<string, PlannedFile>;
}

/**
 * One render held in memory: a dry run into an empty scratch folder, so nothing on disk can conflict
 * and nothing is written.
 */
export async function renderInMemory(
  createStack: CreateStack,
  options: { stack?: Stack; templateDir?: string; flags: Answers; configFile?: string; ask?: Ask; signal?: AbortSignal },
): Promise<Rendered> {
  const scratch = mkdtempSync(join(tmpdir(), 'create-mlops-stack-render-'));
  try {
    const result = await createStack({ ...options, outputDir: scratch, dryRun: true, force: true });
    const files = new Map(result.planned.filter((file) => !isRecordPath(file.path)).map((file) => [file.path, file] as const));
    return { answers: result.answers, context: result.context, files };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
