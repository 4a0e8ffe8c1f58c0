import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { type AnswerSources, type Answers, type Ask, type Settlement, resolveAnswers } from './answers/answers.js';
import { readConfigFile } from './answers/config-file.js';
import { type Context, buildContext } from './render/context.js';
import { renderString } from './render/engine.js';
import { CliError, UsageError, interruptedBy } from './errors.js';
import { checkPathLengths, checkPathValues } from './render/layout.js';
import { type PlannedFile, planFiles } from './render/render.js';
import { loadBuiltinStack, loadStackFolder } from './stack/builtin.js';
import type { InputSpec, Stack } from './stack/stack.js';
import { findConflicts } from './write/disk.js';
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
  /** Told of each input once it has its value, and how it got it (given, asked, default, skipped). */
  onAnswer?: (input: InputSpec, answers: Answers, how: Settlement) => void;
  /** Told of every answer once all are resolved, before rendering and writing: what a failure after the questions can keep. */
  onAnswers?: (answers: Answers) => void;
  /**
   * Asked, as soon as the answers fix the project folder (without `force`), when files there would be
   * overwritten (or cannot be written) if the remaining questions took their defaults: `overwrite`
   * goes on as with `force`, `rename` asks the question that fixed the folder again; throw to cancel.
   */
  confirmDestination?: (found: DestinationConflicts) => Promise<'overwrite' | 'rename'>;
}

export interface DestinationConflicts {
  projectDir: string;
  /** Files that would be overwritten. */
  existing: string[];
  /** Paths that can never be written (a folder, link or device where a file goes). */
  blocked: string[];
}

export interface CreateResult {
  projectDir: string;
  answers: Answers;
  /** Output paths relative to projectDir, `/`-separated, sorted by code point. */
  files: string[];
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
  if (isAbsolute(relativeDir) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`project folder ${JSON.stringify(relativeDir)} must be a relative path inside the output folder ${outputDir}`);
  }
  return projectDir;
}

/** Everything a run would write for complete answers, and where: rendered in memory, paths checked. */
async function planProject(stack: Stack, answers: Answers, outputDir: string): Promise<{ context: Context; planned: PlannedFile[]; projectDir: string }> {
  const context = buildContext(stack, answers);
  checkPathValues(stack, context);
  await stack.ready?.();
  const planned = planFiles(stack, context);
  checkPathLengths(stack, context, planned.map((f) => f.path));
  if (existsSync(outputDir) && !statSync(outputDir).isDirectory()) throw new UsageError(`--output-dir ${outputDir}: not a folder`);
  return { context, planned, projectDir: projectDirOf(context, outputDir) };
}

/** Thrown by the destination check to ask again from the question that fixed the folder. */
class AskAgain extends Error {
  constructor(readonly sources: AnswerSources) {
    super('ask again');
  }
}

/**
 * The answers, with the destination checked as soon as they fix the project folder: the folder is
 * known once the stack's `project_dir` value renders from the answers so far; the files are those the
 * run would write if every remaining input took its default.
 */
async function resolveWithDestinationCheck(stack: Stack, sources: AnswerSources, options: CreateOptions, outputDir: string): Promise<{ answers: Answers; force: boolean }> {
  let force = options.force ?? false;
  const confirm = options.confirmDestination;
  let current = sources;
  for (;;) {
    let checked = force || !confirm;
    let lastChosen: InputSpec | undefined;
    const settled = async (input: InputSpec, answers: Answers, how: Settlement): Promise<void> => {
      options.onAnswer?.(input, answers, how);
      if (how === 'given' || how === 'asked') lastChosen = input;
      if (checked || !confirm || !folderKnown(stack, answers)) return;
      checked = true;
      const found = await projectedConflicts(stack, { ...current, flags: { ...current.flags, ...answers }, ask: undefined }, outputDir);
      if (!found || (found.existing.length === 0 && found.blocked.length === 0)) return;
      if ((await confirm(found)) === 'overwrite') {
        force = true;
        return;
      }
      // Ask again from the input that fixed the folder, keeping the answers before it.
      const again = lastChosen ?? input;
      const kept: Answers = {};
      for (const earlier of stack.inputs) {
        if (earlier === again) break;
        kept[earlier.name] = answers[earlier.name] as string;
      }
      const { [again.name]: _flag, ...flags } = current.flags ?? {};
      const { [again.name]: _file, ...file } = current.file ?? {};
      throw new AskAgain({ ...current, flags: { ...flags, ...kept }, file });
    };
    try {
      return { answers: await resolveAnswers(stack, { ...current, settled }), force };
    } catch (error) {
      if (!(error instanceof AskAgain)) throw error;
      current = error.sources;
    }
  }
}

function folderKnown(stack: Stack, answers: Answers): boolean {
  try {
    renderString(stack.values.project_dir ?? '.', answers, 'project_dir');
    return true;
  } catch {
    return false;
  }
}

/** What stands where the run would write with the remaining inputs at their defaults; undefined when those defaults do not make a valid run. */
async function projectedConflicts(stack: Stack, sources: AnswerSources, outputDir: string): Promise<DestinationConflicts | undefined> {
  let plan: Awaited<ReturnType<typeof planProject>>;
  try {
    plan = await planProject(stack, await resolveAnswers(stack, sources), outputDir);
  } catch (error) {
    if (error instanceof CliError) return undefined;
    throw error;
  }
  return { projectDir: plan.projectDir, ...findConflicts(plan.projectDir, plan.planned) };
}

/**
 * The whole scaffolding run without any console or process access: load the stack, resolve the
 * answers, render every file in memory, then write them all or none.
 */
export async function createStack(options: CreateOptions = {}): Promise<CreateResult> {
  const stack = options.stack ?? (options.templateDir ? await loadStackFolder(options.templateDir) : await loadBuiltinStack());
  const file = options.configFile ? await readConfigFile(options.configFile) : {};
  const outputDir = resolve(options.outputDir ?? '.');
  const { answers, force } = await resolveWithDestinationCheck(stack, { flags: options.flags, file, ask: options.ask }, options, outputDir);
  options.onAnswers?.(answers);
  const { context, planned, projectDir } = await planProject(stack, answers, outputDir);
  if (options.signal?.aborted) throw interruptedBy(options.signal);
  await writeProject(projectDir, planned, {
    force,
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
    force,
  };
}
