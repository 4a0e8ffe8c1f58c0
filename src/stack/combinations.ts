import { type Answers, refusalOf } from '../answers/answers.js';
import { matches } from './condition.js';
import { renderString } from '../render/engine.js';
import type { Stack } from './stack.js';

export interface Combination {
  /** Readable and unique: the chosen values, yes/no inputs named only when yes. */
  id: string;
  /** The choice inputs that were asked, by name. */
  answers: Answers;
}

/** `input_include_feature_store` -> `feature_store`. */
const label = (name: string): string => name.replace(/^input_(include_)?/, '');

/**
 * Every distinct combination of the choice (enum) inputs the stack allows. An input whose
 * `skip_prompt_if` matches the earlier choices takes its default instead of branching, and
 * combinations an `invalid_if` rule refuses are dropped, so the list holds exactly the projects a
 * user can get by varying choices. Text inputs keep their defaults.
 */
export function enumerateCombinations(stack: Stack): Combination[] {
  const results: Combination[] = [];
  const visit = (index: number, answers: Answers, chosen: Answers, words: string[]): void => {
    const input = stack.inputs[index];
    if (!input) {
      if (!refusalOf(stack, answers)) results.push({ id: words.join('.'), answers: chosen });
      return;
    }
    const fallback = renderString(input.default, answers, `default of ${input.name}`);
    const skipped = input.skip_prompt_if !== undefined && matches(input.skip_prompt_if, answers);
    if (!input.enum || skipped) {
      visit(index + 1, { ...answers, [input.name]: fallback }, chosen, words);
      return;
    }
    for (const value of input.enum) {
      const yesNo = input.enum.length === 2 && input.enum.includes('yes') && input.enum.includes('no');
      const word = yesNo ? (value === 'yes' ? [label(input.name)] : []) : [value];
      visit(index + 1, { ...answers, [input.name]: value }, { ...chosen, [input.name]: value }, [...words, ...word]);
    }
  };
  visit(0, {}, {}, []);
  return results;
}
