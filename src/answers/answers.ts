import { matches } from '../stack/condition.js';
import { renderString } from '../render/engine.js';
import { InputError } from '../errors.js';
import { ruleBroken } from './rules.js';
import type { InputSpec, Stack } from '../stack/stack.js';

export type Answers = Record<string, string>;

/** Asks one question; `validate` returns true or the message to show under the answer. */
export type Ask = (
  input: InputSpec,
  defaultValue: string,
  validate: (value: string) => true | string,
) => Promise<string>;

export interface AnswerSources {
  /** Values given as flags, by input name. */
  flags?: Answers;
  /** Values from --config-file, by input name. */
  file?: Answers;
  /** Present only when questions may be asked (a TTY without --yes). */
  ask?: Ask;
  /** Told of each input once it has its value, and how it got it; may ask more or throw to stop. */
  settled?: (input: InputSpec, answers: Answers, how: Settlement) => Promise<void>;
}

/** How an input got its value: given (flag or config file), asked, its default, or its default because the question was skipped. */
export type Settlement = 'given' | 'asked' | 'default' | 'skipped';

/** `input_cicd_platform` -> `--cicd-platform`. */
export function flagOf(inputName: string): string {
  return `--${inputName.replace(/^input_/, '').replace(/_/g, '-')}`;
}

function invalid(input: InputSpec, value: string, origin: string, rule: string): InputError {
  return new InputError(input.name, `${input.name} (${flagOf(input.name)}) ${rule}; got ${JSON.stringify(value)} (${origin})`);
}

/**
 * Resolves every input of the stack in schema order: flag > config file > prompt > default.
 * A question is asked only when `ask` is given and `skip_prompt_if` does not match the answers so
 * far; defaults are rendered against those answers. Every value, whatever its source, passes the
 * input's rule; an invalid value throws an InputError naming the input, the rule and the value.
 */
export async function resolveAnswers(stack: Stack, sources: AnswerSources): Promise<Answers> {
  const flags = sources.flags ?? {};
  const file = sources.file ?? {};
  const known = new Set(stack.inputs.map((i) => i.name));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) {
      throw new InputError(key, `${key}: unknown input in the config file. Known inputs: ${[...known].join(', ')}`);
    }
  }

  const answers: Answers = {};
  for (const input of stack.inputs) {
    const given = flags[input.name] !== undefined ? 'given as a flag' : 'in the config file';
    const value = flags[input.name] ?? file[input.name];
    if (value !== undefined) {
      const rule = ruleBroken(input, value);
      if (rule) throw invalid(input, value, given, rule);
      answers[input.name] = value;
      await sources.settled?.(input, answers, 'given');
      continue;
    }
    const fallback = renderString(input.default, answers, `default of ${input.name}`);
    const skipped = input.skip_prompt_if !== undefined && matches(input.skip_prompt_if, answers);
    if (sources.ask && !skipped) {
      answers[input.name] = await sources.ask(input, fallback, (typed) => ruleBroken(input, typed) ?? true);
      await sources.settled?.(input, answers, 'asked');
      continue;
    }
    const rule = ruleBroken(input, fallback);
    if (rule) throw invalid(input, fallback, 'its default, derived from earlier answers; set it explicitly', rule);
    answers[input.name] = fallback;
    await sources.settled?.(input, answers, skipped ? 'skipped' : 'default');
  }

  const refusal = refusalOf(stack, answers);
  if (refusal) throw refusal;
  return answers;
}

/** The error for the first `invalid_if` rule the answers together match, if any. */
export function refusalOf(stack: Stack, answers: Answers): InputError | undefined {
  for (const input of stack.inputs) {
    for (const { condition, message } of input.invalid_if ?? []) {
      if (matches(condition, answers)) {
        return new InputError(input.name, `${input.name} (${flagOf(input.name)}): ${message}; got ${JSON.stringify(answers[input.name])}`);
      }
    }
  }
  return undefined;
}
