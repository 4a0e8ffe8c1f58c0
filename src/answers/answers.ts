import { matches } from '../stack/condition.js';
import { renderString } from '../render/engine.js';
import { InputError, inputErrorOf } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import { keyName, ruleBroken, shown } from './rules.js';
import type { InputSpec, Stack } from '../stack/stack.js';

export type Answers = Record<string, string>;

/** Asks one question; `validate` returns true or the message to show under the answer. */
export type Ask = (
  input: InputSpec,
  defaultValue: string,
  validate: (value: string) => true | string,
) => Promise<string>;

/**
 * Checks of what the answers together derive (folder names, path lengths): throws an InputError
 * naming the input to blame. `given` holds the inputs the user gave (flag, file or prompt), which
 * are the ones worth blaming; the others took their defaults. `open` holds inputs still to be asked,
 * whose default stands in for now: a rule they could change is left for later.
 */
export type DerivedCheck = (answers: Answers, given: ReadonlySet<string>, open?: ReadonlySet<string>) => void;

export interface AnswerSources {
  /** Values given as flags, by input name. */
  flags?: Answers;
  /** Values from --config-file, by input name. */
  file?: Answers;
  /** Present only when questions may be asked (a TTY without --yes). */
  ask?: Ask;
  /** Run on the final answers, and at each question on the answers that question completes. */
  check?: DerivedCheck;
  /** Told of each input once it has its value, and how it got it; may ask more or throw to stop. */
  settled?: (input: InputSpec, answers: Answers, how: Settlement) => Promise<void>;
}

export interface Resolved {
  answers: Answers;
  /** What was changed in a value on the user's behalf (whitespace trimmed), for the summary. */
  notes: string[];
}

/** How an input got its value: given (flag or config file), asked, its default, or its default because the question was skipped. */
export type Settlement = 'given' | 'asked' | 'default' | 'skipped';

/** `input_cicd_platform` -> `--cicd-platform`. */
export function flagOf(inputName: string): string {
  return `--${inputName.replace(/^input_/, '').replace(/_/g, '-')}`;
}

function invalid(input: InputSpec, value: string, origin: string, rule: string): InputError {
  return new InputError(input.name, `${input.name} (${flagOf(input.name)}) ${rule}; got ${shown(value)} (${origin})`);
}

/**
 * A default derived from earlier answers that breaks its input's rule. When the run never asks that
 * input (`skip_prompt_if`), the user gave only the answer it derives from, so that one is blamed:
 * in CICD_and_Project the root folder is the project name, and a name too long for it is the name's fault.
 */
function invalidDefault(stack: Stack, input: InputSpec, fallback: string, rule: string, users: ReadonlySet<string>, answers: Answers): InputError {
  const source = stack.inputs.find((i) => users.has(i.name) && new RegExp(`\\b${i.name}\\b`).test(input.default));
  if (source === undefined) return invalid(input, fallback, 'its default, derived from earlier answers; set it explicitly', rule);
  return new InputError(
    source.name,
    `${source.name} (${flagOf(source.name)}): the ${input.name} derived from it (${shown(fallback)}) breaks its rule: it ${rule}; got ${shown(answers[source.name])}`,
  );
}

/**
 * Resolves every input of the stack in schema order: flag > config file > prompt > default.
 * A question is asked only when `ask` is given and `skip_prompt_if` does not match the answers so
 * far; defaults are rendered against those answers. Every value, whatever its source, passes the
 * input's rule; an invalid value throws an InputError naming the input, the rule and the value.
 */
export async function resolveAnswers(stack: Stack, sources: AnswerSources): Promise<Answers> {
  return (await resolveInputs(stack, sources)).answers;
}

/**
 * `resolveAnswers`, with the notes of what was trimmed. Every check that can be made early is:
 * flag and file values (and what they derive) before the first question, and each typed answer,
 * with what it derives, at its question, so no answer is refused questions later.
 */
export async function resolveInputs(stack: Stack, sources: AnswerSources): Promise<Resolved> {
  const flags = sources.flags ?? {};
  const file = sources.file ?? {};
  const known = stack.inputs.map((i) => i.name);
  // Every problem with the given values is reported at once, so a script or config file is fixed in one go.
  const problems = Object.keys(file)
    .filter((key) => !known.includes(key))
    .map((key) => new InputError(keyName(key), `${keyName(key)}: unknown input in the config file${didYouMean(key, known)}. Known inputs: ${known.join(', ')}`));
  const notes: string[] = [];
  const given = new Map<string, string>();
  const ends = (input: InputSpec, value: string, origin: string): string => {
    if (!input.trim || value.trim() === value || value.trim() === '') return value;
    notes.push(`${input.name} (${flagOf(input.name)}): whitespace removed from the ends of ${shown(value)} (${origin})`);
    return value.trim();
  };
  // Given values are checked before anything is asked, each against the values before it (given or default).
  const before: Answers = {};
  for (const input of stack.inputs) {
    const origin = flags[input.name] !== undefined ? 'given as a flag' : 'in the config file';
    const raw = flags[input.name] ?? file[input.name];
    if (raw === undefined) {
      before[input.name] = renderString(input.default, before, `default of ${input.name}`);
      continue;
    }
    const value = ends(input, raw, origin);
    const rule = ruleBroken(input, value, before);
    if (rule) {
      // Later values are checked against this input's default in its place.
      problems.push(invalid(input, value, origin, rule));
      before[input.name] = renderString(input.default, before, `default of ${input.name}`);
      continue;
    }
    given.set(input.name, value);
    before[input.name] = value;
  }
  const problem = inputErrorOf(problems);
  if (problem) throw problem;
  // What the given values alone decide is refused before the first question.
  if (sources.check && sources.ask) derivedProblem(stack, sources.check, {}, given, undefined);

  const answers: Answers = {};
  const asked = new Set<string>();
  for (const input of stack.inputs) {
    const value = given.get(input.name);
    if (value !== undefined) {
      answers[input.name] = value;
      await sources.settled?.(input, answers, 'given');
      continue;
    }
    const fallback = renderString(input.default, answers, `default of ${input.name}`);
    const skipped = input.skip_prompt_if !== undefined && matches(input.skip_prompt_if, answers);
    if (sources.ask && !skipped) {
      const validate = (typed: string): true | string => {
        const value = input.trim ? typed.trim() : typed;
        const rule = ruleBroken(input, value, answers);
        if (rule) return rule;
        const check = sources.check;
        const derived = check && derivedProblem(stack, check, { ...answers, [input.name]: value }, given, input.name, asked);
        return derived ?? true;
      };
      const typed = await sources.ask(input, fallback, validate);
      answers[input.name] = ends(input, typed, 'typed at the prompt');
      asked.add(input.name);
      await sources.settled?.(input, answers, 'asked');
      // An answer may decide that a given value fails (a setup mode in which a flag's name is too long): say so now.
      if (sources.check) derivedProblem(stack, sources.check, answers, given, undefined, asked);
      continue;
    }
    const rule = ruleBroken(input, fallback, answers);
    if (rule) throw invalidDefault(stack, input, fallback, rule, skipped ? new Set([...given.keys(), ...asked]) : new Set(), answers);
    answers[input.name] = fallback;
    await sources.settled?.(input, answers, skipped ? 'skipped' : 'default');
  }

  const refusal = refusalOf(stack, answers);
  if (refusal) throw refusal;
  sources.check?.(answers, new Set([...given.keys(), ...asked]));
  return { answers, notes };
}

/** More completions than this are not tried: the check waits for more answers. */
const MAX_COMPLETIONS = 1000;

/**
 * Runs `check` on every way the run could still complete `known`: later inputs take their given
 * value, each choice still to be asked each of its values, other inputs their default (and count as
 * open, so the check can leave alone what they may change). A failure counts only when every valid
 * completion fails, blaming `blamed` (at a question) or a given input (before the questions);
 * anything else is checked again at a later question or at the end. At a question the message is
 * returned; before the questions the error is thrown.
 */
function derivedProblem(
  stack: Stack,
  check: DerivedCheck,
  known: Answers,
  given: ReadonlyMap<string, string>,
  blamed: string | undefined,
  asked: ReadonlySet<string> = new Set(),
): string | undefined {
  const open = new Set<string>();
  const completions: Answers[] = [];
  const complete = (index: number, answers: Answers): boolean => {
    const input = stack.inputs[index];
    if (input === undefined) return completions.push(answers) <= MAX_COMPLETIONS;
    const value = answers[input.name] ?? given.get(input.name);
    if (value !== undefined) return complete(index + 1, { ...answers, [input.name]: value });
    const asks = input.skip_prompt_if === undefined || !matches(input.skip_prompt_if, answers);
    if (asks && input.enum) return input.enum.every((choice) => complete(index + 1, { ...answers, [input.name]: choice }));
    if (asks) open.add(input.name);
    return complete(index + 1, { ...answers, [input.name]: renderString(input.default, answers, `default of ${input.name}`) });
  };
  if (!complete(0, known)) return undefined;
  const users = new Set([...given.keys(), ...asked, ...(blamed === undefined ? [] : [blamed])]);
  let first: InputError | undefined;
  for (const completion of completions) {
    if (refusalOf(stack, completion)) continue;
    try {
      check(completion, users, open);
      return undefined;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      if (blamed === undefined ? !given.has(error.input) : error.input !== blamed) return undefined;
      first ??= error;
    }
  }
  if (first === undefined) return undefined;
  if (blamed === undefined) throw first;
  return first.message;
}

/** The error for the first `invalid_if` rule the answers together match, if any. */
export function refusalOf(stack: Stack, answers: Answers): InputError | undefined {
  for (const input of stack.inputs) {
    for (const { condition, message } of input.invalid_if ?? []) {
      if (matches(condition, answers)) {
        return new InputError(input.name, `${input.name} (${flagOf(input.name)}): ${message}; got ${shown(answers[input.name])}`);
      }
    }
  }
  return undefined;
}
