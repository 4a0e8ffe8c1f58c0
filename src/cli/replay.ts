import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Answers, flagOf } from '../answers/answers.js';
import { renderString } from '../render/engine.js';
import type { Stack } from '../stack/stack.js';
import { shellQuote } from './shell.js';

/** The options of a run that a replay repeats besides the answers, as they were typed. */
export interface ReplayOptions {
  outputDir?: string;
  templateDir?: string;
  force?: boolean;
  dryRun?: boolean;
}

/**
 * The answers that differ from what a run without questions would take: each input's default is
 * rendered against the answers before it, as that run would.
 */
export function chosenAnswers(stack: Stack, answers: Answers): Answers {
  const chosen: Answers = {};
  for (const input of stack.inputs) {
    const value = answers[input.name];
    if (value !== undefined && value !== renderString(input.default, answers, `default of ${input.name}`)) chosen[input.name] = value;
  }
  return chosen;
}

const optionWords = (options: ReplayOptions): string[] => [
  ...(options.templateDir !== undefined ? ['--template-dir', options.templateDir] : []),
  ...(options.outputDir !== undefined ? ['--output-dir', options.outputDir] : []),
  ...(options.force ? ['--force'] : []),
  ...(options.dryRun ? ['--dry-run'] : []),
];

const commandLine = (words: string[]): string => ['npx', 'create-mlops-stack', ...words.map(shellQuote)].join(' ');

/** The one command that repeats a run without questions: `--yes`, the chosen answers as flags, the run's options. */
export function replayCommand(stack: Stack, answers: Answers, options: ReplayOptions): string {
  const flags = Object.entries(chosenAnswers(stack, answers)).flatMap(([name, value]) => [flagOf(name), value]);
  return commandLine(['--yes', ...flags, ...optionWords(options)]);
}

/**
 * Keeps the chosen answers of a run that failed after its questions in a config file in `dir`, and
 * returns its path with the command that retries from it.
 */
export function saveAnswers(stack: Stack, answers: Answers, options: ReplayOptions, dir: string): { path: string; command: string } {
  const path = join(dir, `create-mlops-stack-answers-${Date.now()}-${process.pid}.json`);
  writeFileSync(path, `${JSON.stringify(chosenAnswers(stack, answers), null, 2)}\n`);
  return { path, command: commandLine(['--yes', '--config-file', path, ...optionWords(options)]) };
}
