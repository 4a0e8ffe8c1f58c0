import { Option } from 'commander';
import { type Answers, flagOf } from '../answers/answers.js';
import type { InputSpec, Stack } from '../stack/stack.js';

// One flag per input of a stack, for every command that takes input values.

const camel = (flag: string): string => flag.slice(2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function inputOption(input: InputSpec): Option {
  const choices = input.enum ? ` (${input.enum.join(' | ')})` : '';
  // Defaults that depend on earlier answers are shown as such, not rendered.
  const fallback = input.default.includes('{{') ? 'derived from earlier answers' : JSON.stringify(input.default);
  return new Option(`${flagOf(input.name)} <value>`, `${input.description}${choices} [${input.name}; default: ${fallback}]`);
}

/** The input values given as flags, by input name. */
export function inputFlags(stack: Stack, options: Record<string, unknown>): Answers {
  const flags: Answers = {};
  for (const input of stack.inputs) {
    const value = options[camel(flagOf(input.name))];
    if (typeof value === 'string') flags[input.name] = value;
  }
  return flags;
}
