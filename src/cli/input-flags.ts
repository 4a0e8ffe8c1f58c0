import { Option } from 'commander';
import { type Answers, flagOf } from '../answers/answers.js';
import type { InputSpec, Stack } from '../stack/stack.js';
import { inputHelp } from './help.js';

// One flag per input of a stack, for every command that takes input values.

const camel = (flag: string): string => flag.slice(2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function inputOption(input: InputSpec): Option {
  return new Option(`${flagOf(input.name)} <value>`, inputHelp(input));
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
