import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { type Answers, type Ask, type DerivedCheck, resolveInputs } from './answers/answers.js';
import { readConfigFile } from './answers/config-file.js';
import { checkFullPaths, checkPaths } from './answers/paths.js';
import type { Context } from './render/context.js';
import { renderString } from './render/engine.js';
import { type DestinationOptions, resolveWithDestinationCheck } from './answers/destination.js';
import { UsageError, interruptedBy } from './errors.js';
import { type PlannedFile, renderProject } from './render/render.js';
import { loadBuiltinStack, loadStackFolder } from './stack/builtin.js';
import type { Stack } from './stack/stack.js';
import { withRecord } from './update/record.js';
import { type FileStatus, type WriterFs, writeProject } from './write/write.js';

export interface CreateOptions extends DestinationOptions {
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
  /** Resolve, render and check for conflicts, but write nothing. */
  dryRun?: boolean;
  /** Asks the questions that are not answered otherwise; without it defaults are taken. */
  ask?: Ask;
  /** SIGINT/SIGTERM: stops the run (rolling back any write) with an InterruptedError. */
  signal?: AbortSignal;
  /** Asks a yes/no question: whether to undo what an interrupted earlier run left behind. */
  confirm?: (question: string) => Promise<boolean>;
  /** For tests: the file-system calls of the writer. */
  fs?: WriterFs;
  /** Told of every answer once all are resolved, before rendering and writing: what a failure after the questions can keep. */
  onAnswers?: (answers: Answers) => void;
}

export interface CreateResult {
  projectDir: string;
  answers: Answers;
  /** What was changed in the given values on the user's behalf (whitespace trimmed from hosts and branches), one line each. */
  notes: string[];
  /** Output paths relative to projectDir, `/`-separated, sorted by code point. */
  files: string[];
  /** What the run did to each file (with dryRun: would do), keyed and ordered as `files`. */
  statuses: Record<string, FileStatus>;
  /** A line for each leftover of an interrupted earlier run that was undone first. */
  recovered: string[];
  planned: PlannedFile[];
  context: Context;
  successMessage: string;
  /** Whether files of the stack were allowed to be overwritten (`force`, or chosen at the destination check). */
  force: boolean;
}

/** Where the project goes: the stack's `project_dir` value, which must stay inside the output folder. */
function projectDirOf(context: Context, outputDir: string): string {
  const relativeDir = String(context.project_dir ?? '.');
  const projectDir = resolve(outputDir, relativeDir);
  const rel = relative(outputDir, projectDir);
  if (isAbsolute(relativeDir) || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError(`project folder ${JSON.stringify(relativeDir)} must be a relative path inside the output folder ${outputDir}`);
  }
  return projectDir;
}

/** Everything a run would write for complete answers, and where: rendered in memory, paths checked. */
async function planProject(stack: Stack, answers: Answers, outputDir: string): Promise<{ context: Context; planned: PlannedFile[]; projectDir: string }> {
  const { context, planned: rendered } = await renderProject(stack, answers);
  if (existsSync(outputDir) && !statSync(outputDir).isDirectory()) throw new UsageError(`--output-dir ${outputDir}: not a folder`);
  const projectDir = projectDirOf(context, outputDir);
  const planned = withRecord(rendered, { stack, context, answers, projectDir });
  checkFullPaths(projectDir, planned.map((f) => f.path));
  return { context, planned, projectDir };
}

/**
 * The whole scaffolding run without any console or process access: load the stack, resolve the
 * answers, render every file in memory, then write them all or none.
 */
export async function createStack(options: CreateOptions = {}): Promise<CreateResult> {
  const stack = options.stack ?? (options.templateDir ? await loadStackFolder(options.templateDir) : await loadBuiltinStack());
  const file = options.configFile ? await readConfigFile(options.configFile) : {};
  const outputDir = resolve(options.outputDir ?? '.');
  const plan = (answers: Answers): ReturnType<typeof planProject> => planProject(stack, answers, outputDir);
  const check: DerivedCheck = (values, given, open) => checkPaths(stack, values, given, open);
  const sources = { flags: options.flags, file, ask: options.ask, check };
  const { answers, notes, force } = await resolveWithDestinationCheck(stack, sources, options, plan);
  options.onAnswers?.(answers);
  const { context, planned, projectDir } = await plan(answers);
  if (options.signal?.aborted) throw interruptedBy(options.signal);
  const written = await writeProject(projectDir, planned, {
    force,
    dryRun: options.dryRun ?? false,
    within: outputDir,
    signal: options.signal,
    confirm: options.confirm,
    fs: options.fs,
  });
  return {
    projectDir,
    answers,
    notes,
    files: planned.map((f) => f.path),
    statuses: Object.fromEntries(written.statuses),
    recovered: written.recovered,
    planned,
    context,
    successMessage: renderString(stack.successMessage, context, 'success_message'),
    force,
  };
}
