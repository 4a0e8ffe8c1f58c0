import type { Answers } from '../answers/answers.js';
import { matches } from '../stack/condition.js';
import { renderString } from './engine.js';
import type { Stack } from '../stack/stack.js';

export type Context = Record<string, string | boolean>;

/**
 * The variables templates see: every answer, then the stack's derived flags (conditions over the
 * answers), then its derived values (each may use the answers, the flags and the values before it).
 * Templates thus test `{{#if uc}}` instead of repeating `(eq input_include_models_in_unity_catalog "yes")`.
 */
export function buildContext(stack: Stack, answers: Answers): Context {
  const context: Context = { ...answers };
  for (const [name, condition] of Object.entries(stack.flags)) {
    context[name] = matches(condition, answers);
  }
  for (const [name, expression] of Object.entries(stack.values)) {
    context[name] = renderString(expression, context, `context value ${name}`);
  }
  // `<input>_is_placeholder`: the input still holds the stand-in its default is, for the to-do lists of generated docs.
  for (const input of stack.inputs) {
    if (input.default_is_placeholder) context[`${input.name}_is_placeholder`] = answers[input.name] === renderString(input.default, answers, `default of ${input.name}`);
  }
  return context;
}
