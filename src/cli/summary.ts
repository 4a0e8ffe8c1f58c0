import { relative } from 'node:path';
import { flagOf } from '../answers/answers.js';
import type { CreateResult } from '../create.js';
import { shellQuote } from './shell.js';
import type { PlaceholderTodo } from './todos.js';

export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  yellow(text: string): string;
}

const asIs = (text: string): string => text;
const PLAIN: Painter = { bold: asIs, dim: asIs, red: asIs, green: asIs, cyan: asIs, yellow: asIs };

/**
 * Colors only for a terminal, never with NO_COLOR (https://no-color.org); FORCE_COLOR forces them.
 * Chalk is loaded only then: a run without colors skips its start-up.
 */
export async function painterFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Promise<Painter> {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (!forced && !(stream.isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb')) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

/** Top-level entries of the file list with how many files each holds. */
function groups(files: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const file of files) {
    const slash = file.indexOf('/');
    const key = slash === -1 ? file : `${file.slice(0, slash)}/`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts];
}

const filesCount = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;

/** The head line: how many files were created, or, when some existed, how many were created and overwritten (unchanged ones are not written). */
function headline(result: CreateResult, dryRun: boolean): string {
  const counts = { created: 0, overwritten: 0, unchanged: 0 };
  for (const status of Object.values(result.statuses)) counts[status]++;
  if (counts.created === result.files.length) return `${dryRun ? 'Would create' : 'Created'} ${filesCount(result.files.length)}`;
  const identical = counts.unchanged > 0 ? `; ${counts.unchanged} identical, left unchanged` : '';
  return `${dryRun ? 'Would write' : 'Wrote'} ${filesCount(counts.created + counts.overwritten)} (${counts.created} created, ${counts.overwritten} overwritten${identical})`;
}

export interface SummaryDetails {
  /** The folder the user ran in: the first step changes from it to the project. */
  cwd: string;
  /** The project folder is inside a git repository already (no `git init` step). */
  inRepository: boolean;
  todos: readonly PlaceholderTodo[];
  /** The command that repeats the run without questions (interactive runs). */
  replay?: string;
}

/** The steps after a run, as commands: into the project, `git init` where needed, then the stack's own steps. */
function nextSteps(result: CreateResult, details: SummaryDetails): string[] {
  // The shorter way there: `fraud-model` below the current folder, `/tmp/x/fraud-model` rather than `../../tmp/x/fraud-model`.
  const below = relative(details.cwd, result.projectDir);
  const where = below.length <= result.projectDir.length ? below : result.projectDir;
  return [
    ...(where === '' ? [] : [`cd ${shellQuote(where)}`]),
    ...(details.inRepository ? [] : ['git init']),
    ...result.successMessage.split('\n').filter((line) => line.trim() !== ''),
  ];
}

/** The short report after a run: where the project went, what it holds, what is left to do, what to do next. */
export function summary(result: CreateResult, dryRun: boolean, paint: Painter, details: SummaryDetails): string {
  const lines = [
    ...result.recovered.map((line) => paint.dim(line)),
    ...result.notes.map((line) => `${paint.yellow('!')} ${line}`),
    `${paint.green('✔')} ${headline(result, dryRun)} in ${paint.bold(result.projectDir)}`,
  ];
  for (const [entry, n] of groups(result.files)) {
    lines.push(`  ${paint.cyan(entry)}${n > 1 || entry.endsWith('/') ? paint.dim(` ${n} file${n === 1 ? '' : 's'}`) : ''}`);
  }
  if (details.todos.length > 0) {
    lines.push('', paint.bold('To do:'));
    for (const todo of details.todos) {
      lines.push(`  replace the placeholder ${todo.value} (${flagOf(todo.input)}) in:`, `    ${todo.files.join(', ')}`);
    }
  }
  if (dryRun) lines.push('', paint.dim('Dry run: nothing was written.'));
  else lines.push('', paint.bold('Next steps:'), ...nextSteps(result, details).map((step) => `  ${step}`));
  if (details.replay) lines.push('', paint.dim('Replay without questions:'), `  ${details.replay}`);
  return `${lines.join('\n')}\n`;
}
