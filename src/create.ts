import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { type Answers, type Ask, resolveAnswers } from './answers/answers.js';
import { readConfigFile } from './answers/config-file.js';
import { type Context, buildContext } from './render/context.js';
import { renderString } from './render/engine.js';
import { UsageError, interruptedBy } from './errors.js';
import { checkPathLengths, checkPathValues } from './render/layout.js';
import { type PlannedFile, planFiles } from './render/render.js';
import { loadBuiltinStack, loadStackFolder } from './stack/builtin.js';
import type { Stack } from './stack/stack.js';
import { withRecord } from './update/record.js';
import { type WriterFs, writeProject } from './write/write.js';

export interface CreateOptions {
  /** A stack already loaded (the CLI loads it to know its flags). */
  stack?: Stack;
  /** A stack folder; the built-in MLOps Stack when neither this nor `stack` is given. */
  templateDir?: string;
  /** Input values given as flags. */
  flags?: Answers;
  /** Path of a JSON or YAML file of input values. */
  configFile?: string;
  /** The project folder is created inside it; the current directory when absent. */
  outputDir?: string;
  force?: boolean;
  /** Resolve, render and check for conflicts, but write nothing. */
  dryRun?: boolean;
  /** Asks the questions that are not answered otherwise; without it defaults are taken. */
  ask?: Ask;
  /** SIGINT/SIGTERM: stops the run (rolling back any write) with an InterruptedError. */
  signal?: AbortSignal;
  /** For tests: the file-system calls of the writer. */
  fs?: WriterFs;
}

export interface CreateResult {
  projectDir: string;
  answers: Answers;
  /** Output paths relative to projectDir, `/`-separated, sorted by code point. */
  files: string[];
  planned: PlannedFile[];
  context: Context;
  successMessage: string;
}

/** Where the project goes: the stack's `project_dir` value, which must stay inside the output folder. */
function projectDirOf(context: Context, outputDir: string): string {
  const relativeDir = String(context.project_dir ?? '.');
  const projectDir = resolve(outputDir, relativeDir);
  const rel = relative(outputDir, projectDir);
  if (isAbsolute(relativeDir) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`project folder ${JSON.stringify(relativeDir)} must be a relative path inside the output folder ${outputDir}`);
  }
  return projectDir;
}

/**
 * The whole scaffolding run without any console or process access: load the stack, resolve the
 * answers, render every file in memory, then write them all or none.
 */
export async function createStack(options: CreateOptions = {}): Promise<CreateResult> {
  const stack = options.stack ?? (options.templateDir ? await loadStackFolder(options.templateDir) : await loadBuiltinStack());
  const file = options.configFile ? await readConfigFile(options.configFile) : {};
  const answers = await resolveAnswers(stack, { flags: options.flags, file, ask: options.ask });
  const context = buildContext(stack, answers);
  checkPathValues(stack, context);
  await stack.ready?.();
  const rendered = planFiles(stack, context);
  checkPathLengths(stack, context, rendered.map((f) => f.path));
  const outputDir = resolve(options.outputDir ?? '.');
  if (existsSync(outputDir) && !statSync(outputDir).isDirectory()) throw new UsageError(`--output-dir ${outputDir}: not a folder`);
  const projectDir = projectDirOf(context, outputDir);
  const planned = withRecord(rendered, { stack, context, answers, projectDir });
  if (options.signal?.aborted) throw interruptedBy(options.signal);
  await writeProject(projectDir, planned, {
    force: options.force ?? false,
    dryRun: options.dryRun ?? false,
    within: outputDir,
    signal: options.signal,
    fs: options.fs,
  });
  return {
    projectDir,
    answers,
    files: planned.map((f) => f.path),
    planned,
    context,
    successMessage: renderString(stack.successMessage, context, 'success_message'),
  };
}
