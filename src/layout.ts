import { matches } from './condition.js';
import type { Context } from './context.js';
import type { Stack } from './stack.js';

/** Replaces each `__name__` token of the stack's path values in a template path. */
export function fillPath(stack: Stack, path: string, context: Context): string {
  let filled = path;
  for (const name of stack.pathValues) filled = filled.split(`__${name}__`).join(String(context[name]));
  return filled;
}

/**
 * The layout rules that apply to these answers, as a predicate on output paths. A rule path names a
 * file or a folder; a folder covers everything below it.
 */
export function skipPredicate(stack: Stack, context: Context): (outputPath: string) => boolean {
  const skipped = stack.layout
    .filter((rule) => matches(rule.when, context))
    .flatMap((rule) => rule.skip.map((path) => fillPath(stack, path, context).replace(/\/+$/, '')));
  return (outputPath) => skipped.some((path) => outputPath === path || outputPath.startsWith(`${path}/`));
}
