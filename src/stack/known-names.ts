import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean } from '../answers/did-you-mean.js';
import { StackError } from '../errors.js';
import { type TemplateNode, parseTemplate, precompileSource } from '../render/engine.js';
import { variablesOf } from '../render/template-variables.js';
import { TEMPLATE_SUFFIX } from '../render/render.js';
import { CONTEXT_FILE, SCHEMA_FILE, type Stack } from './stack.js';

/** A Handlebars source of a stack, where it is (for messages), and the variables it may read. */
export interface NamedSource {
  where: string;
  source: string;
  known: ReadonlySet<string>;
}

/**
 * Every expression of a stack (defaults, failure messages, derived values, the success message, in
 * that order) and the given templates, with the variables each renders against: a default sees the
 * inputs before it, a failure message those and its own, a derived value the inputs, the flags and
 * the values before it, and the templates and success message the whole context.
 */
export function namedSources(stack: Stack, templates: [name: string, source: string][] = []): NamedSource[] {
  const inputs = stack.inputs.map((input) => input.name);
  const placeholders = stack.inputs.filter((input) => input.default_is_placeholder).map((input) => `${input.name}_is_placeholder`);
  const values = Object.keys(stack.values);
  const context = new Set([...inputs, ...Object.keys(stack.flags), ...values, ...placeholders]);
  return [
    ...stack.inputs.map((input, index) => ({ where: `${SCHEMA_FILE}: default of ${input.name}`, source: input.default, known: new Set(inputs.slice(0, index)) })),
    ...stack.inputs.flatMap((input, index) =>
      input.pattern_match_failure_message === undefined
        ? []
        : [{ where: `${SCHEMA_FILE}: pattern_match_failure_message of ${input.name}`, source: input.pattern_match_failure_message, known: new Set(inputs.slice(0, index + 1)) }],
    ),
    ...values.map((name, index) => ({
      where: `${CONTEXT_FILE}: value ${name}`,
      source: stack.values[name] as string,
      known: new Set([...inputs, ...Object.keys(stack.flags), ...values.slice(0, index)]),
    })),
    { where: `${SCHEMA_FILE}: success_message`, source: stack.successMessage, known: context },
    ...templates.map(([name, source]) => ({ where: name, source, known: context })),
  ];
}

/**
 * What is wrong with a source, to follow its place in a message: a syntax error (`: ...`), or a
 * name it cannot see (`:<line>:<column>: ...`), which Handlebars would render in `{{#if x}}` as false
 * without a word. Undefined when nothing is. Needs the compiler loaded.
 */
function sourceProblem({ source, known }: NamedSource): string | undefined {
  let tree: TemplateNode;
  try {
    tree = parseTemplate(source);
    precompileSource(tree);
  } catch (error) {
    return `: ${(error as Error).message.split('\n')[0]}`;
  }
  const unknown = variablesOf(tree).find((use) => !known.has(use.name));
  if (!unknown) return undefined;
  return `:${unknown.line}:${unknown.column}: names ${JSON.stringify(unknown.name)}, which is not an input, flag or value it can see${didYouMean(unknown.name, [...known])}`;
}

/**
 * Checks every expression and template of a stack folder before anything renders: a syntax error,
 * or a name a source cannot see, is a StackError naming the file (and line and column).
 */
export function checkSources(stack: Stack, dir: string): void {
  const templates = stack.files
    .filter((name) => name.endsWith(TEMPLATE_SUFFIX))
    .map((name): [string, string] => [`template/${name}`, readFileSync(join(stack.templateRoot, name), 'utf8')]);
  for (const named of namedSources(stack, templates)) {
    const problem = sourceProblem(named);
    if (problem) throw new StackError(`${join(dir, named.where)}${problem}`);
  }
}
