import { flagOf } from '../answers/answers.js';
import { matches } from '../stack/condition.js';
import { InputError } from '../errors.js';
import { segmentProblem } from '../answers/rules.js';
import type { Context } from './context.js';
import type { Stack } from '../stack/stack.js';

/** Replaces each `__name__` token of the stack's path values in a template path. */
export function fillPath(stack: Stack, path: string, context: Context): string {
  if (!path.includes('__')) return path;
  let filled = path;
  for (const name of Object.keys(stack.pathValues)) filled = filled.split(`__${name}__`).join(String(context[name]));
  return filled;
}

/**
 * Path values become file and folder names, so each must be one that works on every system; an
 * answer whose derived name does not (a project "co@n" gives the folder "con") is refused, naming
 * the input it came from.
 */
export function checkPathValues(stack: Stack, context: Context): void {
  for (const [name, input] of Object.entries(stack.pathValues)) {
    const value = String(context[name]);
    // One value is one name: a forked stack's value with a separator could climb out of the project.
    const problem = /[\\/]/.test(value) ? 'must not contain "/" or "\\" (a path value is one folder or file name)' : segmentProblem(value);
    if (problem) {
      throw new InputError(input, `${input} (${flagOf(input)}): the ${name} name ${JSON.stringify(value)} derived from it ${problem}; got ${JSON.stringify(context[input])}`);
    }
  }
}

/**
 * The layout rules that apply to these answers, as a predicate on output paths. A rule path names a
 * file or a folder; a folder covers everything below it.
 */
export function skipPredicate(stack: Stack, context: Context): (outputPath: string) => boolean {
  const skipped = stack.layout
    .filter((rule) => matches(rule.when, context))
    .flatMap((rule) => rule.skip.map((path) => fillPath(stack, path, context).replace(/\/+$/, '')));
  const folders = skipped.map((path) => `${path}/`);
  return (outputPath) => skipped.includes(outputPath) || folders.some((folder) => outputPath.startsWith(folder));
}
