import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type Condition, conditionProblem } from './condition.js';
import type { TemplateSpec } from '../render/engine.js';
import { StackError } from '../errors.js';
import type { RuleKeywords } from '../answers/rules.js';

/** One input of a stack's schema, in the shape of Databricks' `databricks_template_schema.json`. */
export interface InputSpec extends RuleKeywords {
  name: string;
  description: string;
  /** A Handlebars expression over the answers to earlier inputs. */
  default: string;
  order: number;
  enum?: string[];
  /** How prompts and `--help` show each enum value: a label and a one-line description (the value stays what flags and config files take). */
  choices?: Record<string, Choice>;
  /** The default is a stand-in the user must replace (a placeholder host): the summary and the generated README list it as a to-do. */
  default_is_placeholder?: boolean;
  pattern?: string;
  pattern_match_failure_message?: string;
  /** The question is not asked (its default is taken) when the answers so far match. */
  skip_prompt_if?: Condition;
  /** The answer is an error when all answers match the condition. */
  invalid_if?: { condition: Condition; message: string }[];
}

export interface Choice {
  label: string;
  description?: string;
}

/** A template file carried inside a precompiled stack instead of read from disk. */
export interface EmbeddedFile {
  /** A template, precompiled. */
  spec?: TemplateSpec;
  /** A text file copied as is; other copied files are read from templateRoot when generated. */
  text?: string;
  executable: boolean;
}

export interface LayoutRule {
  when: Condition;
  /** Output paths (files, or folders with all below them); may hold path placeholders. */
  skip: string[];
}

export interface Stack {
  dir: string;
  welcomeMessage: string;
  successMessage: string;
  inputs: InputSpec[];
  /** Derived text values: Handlebars expressions over the answers. */
  values: Record<string, string>;
  /** Derived booleans: conditions over the answers. */
  flags: Record<string, Condition>;
  /** Values that may stand as `__name__` in template paths, each with the input it derives from. */
  pathValues: Record<string, string>;
  /**
   * The longest path (project folder and file) a run may write, and the inputs whose length makes
   * it; Windows allows 260 in all.
   */
  maxPathLength?: { limit: number; inputs: string[] };
  layout: LayoutRule[];
  templateRoot: string;
  /** Template files, relative to templateRoot, `/`-separated, sorted. */
  files: string[];
  /** Precompiled stacks carry their files; others are read from templateRoot. */
  embedded?: ReadonlyMap<string, EmbeddedFile>;
  /** Loads what rendering needs beyond the answers (a precompiled stack's files); called before planning. */
  ready?: () => Promise<void>;
}

export const SCHEMA_FILE = 'databricks_template_schema.json';
export const CONTEXT_FILE = 'context.json';
export const LAYOUT_FILE = 'layout.json';
export const TEMPLATE_FOLDER = 'template';

function readJson(dir: string, file: string, required: boolean): unknown {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    if (!required) return undefined;
    throw new StackError(`${path}: missing. A stack folder holds ${SCHEMA_FILE}, ${LAYOUT_FILE} and ${TEMPLATE_FOLDER}/.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StackError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
}

/** Every file below `root`, relative to it, `/`-separated, sorted. */
export function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return files.sort();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with an input's `choices`: labels for values of its enum, each a non-empty label and an optional description. */
function choicesProblemOf(choices: unknown, values: string[] | undefined): string | undefined {
  if (!values) return 'has choices but no enum';
  if (!isObject(choices)) return 'has choices that are not an object of {"label", "description"} by enum value';
  for (const [value, choice] of Object.entries(choices)) {
    if (!values.includes(value)) return `has a choice for ${JSON.stringify(value)}, which is not in its enum`;
    if (!isObject(choice) || typeof choice.label !== 'string' || choice.label.trim() === '') return `choice ${JSON.stringify(value)} needs a non-empty "label"`;
    if (choice.description !== undefined && typeof choice.description !== 'string') return `choice ${JSON.stringify(value)} has a "description" that is not a string`;
    const unknown = Object.keys(choice).find((key) => key !== 'label' && key !== 'description');
    if (unknown !== undefined) return `choice ${JSON.stringify(value)} has an unknown key ${JSON.stringify(unknown)} (only "label" and "description")`;
  }
  return undefined;
}

function parseInputs(schema: unknown, where: string): InputSpec[] {
  if (!isObject(schema) || !isObject(schema.properties)) throw new StackError(`${where}: needs a "properties" object`);
  const inputs: InputSpec[] = [];
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (!isObject(raw)) throw new StackError(`${where}: property ${name} must be an object`);
    const spec = { name, ...raw } as InputSpec;
    const fail = (rule: string): never => {
      throw new StackError(`${where}: property ${name} ${rule}`);
    };
    if (typeof spec.description !== 'string' || spec.description === '') fail('is missing a description');
    if (typeof spec.default !== 'string') fail('needs a string default');
    if (typeof spec.order !== 'number') fail('needs a numeric order');
    if (spec.enum !== undefined && (!Array.isArray(spec.enum) || spec.enum.some((v) => typeof v !== 'string'))) {
      fail('has an enum that is not a list of strings');
    }
    if (spec.trim !== undefined && typeof spec.trim !== 'boolean') fail('has a "trim" that is not true or false');
    if (spec.suggest_prefix !== undefined && typeof spec.suggest_prefix !== 'string') fail('has a "suggest_prefix" that is not a string');
    const choicesProblem = spec.choices === undefined ? undefined : choicesProblemOf(spec.choices, spec.enum);
    if (choicesProblem) fail(choicesProblem);
    if (spec.default_is_placeholder !== undefined && typeof spec.default_is_placeholder !== 'boolean') fail('has a default_is_placeholder that is not true or false');
    for (const key of ['pattern', 'forbidden_characters'] as const) {
      const source = spec[key];
      if (source === undefined) continue;
      try {
        new RegExp(source, 'u');
      } catch (error) {
        fail(`has an invalid ${key}: ${(error as Error).message}`);
      }
    }
    inputs.push(spec);
  }
  inputs.sort((a, b) => a.order - b.order);
  const all = new Set(inputs.map((i) => i.name));
  const names = new Set<string>();
  for (const input of inputs) {
    const problem =
      (input.skip_prompt_if && conditionProblem(input.skip_prompt_if, names)) ??
      input.invalid_if?.map((rule) => conditionProblem(rule.condition, all)).find(Boolean);
    if (problem) throw new StackError(`${where}: property ${input.name}: condition ${problem} (only earlier inputs may be named)`);
    names.add(input.name);
  }
  return inputs;
}

/** Loads and checks a stack folder: everything a malformed stack gets wrong fails here, before any prompt. */
export function loadStack(dir: string): Stack {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    throw new StackError(`stack folder ${dir}: not found`);
  }
  if (!isFolder) throw new StackError(`stack folder ${dir}: not a folder (a stack is a folder holding ${SCHEMA_FILE})`);
  const schemaPath = join(dir, SCHEMA_FILE);
  const schema = readJson(dir, SCHEMA_FILE, true) as Record<string, unknown>;
  const inputs = parseInputs(schema, schemaPath);
  const context = (readJson(dir, CONTEXT_FILE, false) ?? {}) as Record<string, unknown>;
  const values = (context.values ?? {}) as Record<string, string>;
  const flags = (context.flags ?? {}) as Record<string, Condition>;
  const pathValues = (context.path_values ?? {}) as Record<string, string>;
  const inputNames = new Set(inputs.map((i) => i.name));
  for (const [name, condition] of Object.entries(flags)) {
    const problem = conditionProblem(condition, inputNames);
    if (problem) throw new StackError(`${join(dir, CONTEXT_FILE)}: flag ${name}: ${problem}`);
  }
  for (const [name, input] of Object.entries(pathValues)) {
    if (!(name in values)) throw new StackError(`${join(dir, CONTEXT_FILE)}: path value ${name} is not among "values"`);
    if (!inputNames.has(input)) throw new StackError(`${join(dir, CONTEXT_FILE)}: path value ${name} names unknown input ${input}`);
  }
  const maxPath = context.max_path_length as Stack['maxPathLength'] | undefined;
  if (maxPath !== undefined && (typeof maxPath.limit !== 'number' || !Array.isArray(maxPath.inputs) || maxPath.inputs.some((i) => !inputNames.has(i)))) {
    throw new StackError(`${join(dir, CONTEXT_FILE)}: max_path_length needs a numeric "limit" and "inputs" naming inputs`);
  }
  const layout = (readJson(dir, LAYOUT_FILE, false) ?? []) as LayoutRule[];
  const known = new Set([...inputNames, ...Object.keys(values), ...Object.keys(flags)]);
  if (!Array.isArray(layout)) throw new StackError(`${join(dir, LAYOUT_FILE)}: must be a list of rules`);
  layout.forEach((rule, index) => {
    const problem = conditionProblem(rule.when, known) ?? (Array.isArray(rule.skip) ? undefined : 'skip must be a list');
    if (problem) throw new StackError(`${join(dir, LAYOUT_FILE)}: rule ${index + 1}: ${problem}`);
  });
  const templateRoot = join(dir, TEMPLATE_FOLDER);
  let files: string[];
  try {
    files = listFiles(templateRoot);
  } catch {
    throw new StackError(`${templateRoot}: missing; it holds the files of the generated project`);
  }
  return {
    dir,
    welcomeMessage: String(schema.welcome_message ?? ''),
    successMessage: String(schema.success_message ?? ''),
    inputs,
    values,
    flags,
    pathValues,
    maxPathLength: context.max_path_length as Stack['maxPathLength'],
    layout,
    templateRoot,
    files,
  };
}
