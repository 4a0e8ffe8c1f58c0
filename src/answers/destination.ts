import { type AnswerSources, type Answers, type Resolved, type Settlement, resolveAnswers, resolveInputs } from './answers.js';
import { CliError } from '../errors.js';
import { renderString } from '../render/engine.js';
import type { PlannedFile } from '../render/render.js';
import type { InputSpec, Stack } from '../stack/stack.js';
import { findLeftovers, leftoverFolders } from '../write/leftovers.js';
import { planWrite } from '../write/plan.js';

// The destination of an interactive run, checked as soon as the answers fix the project folder
// instead of after the last question.

export interface DestinationOptions {
  /** Overwrite files the stack produces (never other files). */
  force?: boolean;
  /** Told of each input once it has its value, and how it got it (given, asked, default, skipped). */
  onAnswer?: (input: InputSpec, answers: Answers, how: Settlement) => void;
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

/** Renders complete answers in memory: where the project goes and what it holds. */
export type Planner = (answers: Answers) => Promise<{ projectDir: string; planned: PlannedFile[] }>;

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
export async function resolveWithDestinationCheck(
  stack: Stack,
  sources: AnswerSources,
  options: DestinationOptions,
  plan: Planner,
): Promise<Resolved & { force: boolean }> {
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
      const found = await projectedConflicts(stack, { ...current, flags: { ...current.flags, ...answers }, ask: undefined }, plan);
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
      return { ...(await resolveInputs(stack, { ...current, settled })), force };
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
async function projectedConflicts(
  stack: Stack,
  sources: AnswerSources,
  plan: Planner,
): Promise<DestinationConflicts | undefined> {
  let planned: Awaited<ReturnType<Planner>>;
  try {
    planned = await plan(await resolveAnswers(stack, sources));
  } catch (error) {
    if (error instanceof CliError) return undefined;
    throw error;
  }
  // What a killed earlier run left there is offered for undoing first, by the writer; conflicts come after.
  if (findLeftovers(leftoverFolders(planned.projectDir, undefined)).length > 0) return undefined;
  const { existing, blocked } = planWrite(planned.projectDir, planned.planned, false);
  return { projectDir: planned.projectDir, existing, blocked };
}

