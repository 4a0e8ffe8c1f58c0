import type { InputSpec } from '../stack/stack.js';

/**
 * The rule keywords an input may carry besides `enum` and `pattern`, each a check that names what
 * is wrong with a value (the offending character where there is one). A stack opts into them in its
 * schema, as JSON Schema does with `maxLength`.
 */
export interface RuleKeywords {
  minLength?: number;
  maxLength?: number;
  /** A regular-expression character class of characters the value must not contain. */
  forbidden_characters?: string;
  /**
   * Character sequences the value must not contain: the expression syntax of the files it lands
   * in (`${` bundle and GitHub, `$(` Azure DevOps, `{{` Databricks task references), which would
   * be evaluated instead of kept.
   */
  forbidden_sequences?: string[];
  /** Every `/`-separated segment must be a file or folder name that works on Linux, macOS and Windows. */
  portable_path?: boolean;
  /** A name git accepts for a branch (`git check-ref-format --branch`). */
  git_branch?: boolean;
}

const regexes = new Map<string, RegExp>();
/** A stack's pattern compiled once: Unicode property classes are costly to compile. */
export function regexOf(source: string): RegExp {
  let regex = regexes.get(source);
  if (!regex) regexes.set(source, (regex = new RegExp(source, 'u')));
  return regex;
}

/** Names Windows reserves for devices, with or without an extension (¹²³ escaped: see the build's ASCII check). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\..*)?$/i;

/** How a character is named in messages: printable ones in quotes, the rest by code point. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(char) ? `the control character ${hex}` : char === ' ' ? 'a space' : JSON.stringify(char);
}

/** Why `segment` cannot be a file or folder name everywhere, or undefined. */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '' || segment === '.' || segment === '..') return `must not have an empty, "." or ".." path segment`;
  if (WINDOWS_DEVICE.test(segment)) return `must not use ${JSON.stringify(segment)}, a name Windows reserves for a device`;
  if (/[. ]$/.test(segment)) return `must not have a path segment ending in a dot or a space (${JSON.stringify(segment)})`;
  return undefined;
}

function gitBranchProblem(value: string): string | undefined {
  // \x00-\x1f and \x7f-\x9f are \p{Cc}, spelled out: a Unicode property class costs a compile each run.
  const bad = /[\x00-\x1f\x7f-\x9f ~^:?*[\\]/.exec(value);
  if (bad) return `must be a valid git branch name, without ${describeCharacter(bad[0])}`;
  if (value === '' || value === '@') return 'must be a valid git branch name';
  if (value.startsWith('-')) return 'must be a valid git branch name, not starting with "-"';
  if (value.includes('..') || value.includes('@{')) return 'must be a valid git branch name, without ".." or "@{"';
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//')) return 'must be a valid git branch name, without empty "/" parts';
  if (value.endsWith('.') || value.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'must be a valid git branch name: no part may start with "." or end with ".lock", and it must not end with "."';
  }
  return undefined;
}

/** The rule `value` breaks, or undefined. The same check serves flags, the config file, prompts and defaults. */
export function ruleBroken(input: InputSpec, value: string): string | undefined {
  if (input.enum) return input.enum.includes(value) ? undefined : `must be one of: ${input.enum.join(', ')}`;
  const length = [...value].length;
  if (input.minLength !== undefined && length < input.minLength) return `must be at least ${input.minLength} characters long`;
  if (input.maxLength !== undefined && length > input.maxLength) return `must be at most ${input.maxLength} characters long (it has ${length})`;
  if (input.forbidden_characters !== undefined) {
    const bad = regexOf(input.forbidden_characters).exec(value);
    if (bad) return `must not contain ${describeCharacter(bad[0])}`;
  }
  const sequence = input.forbidden_sequences?.find((s) => value.includes(s));
  if (sequence !== undefined) return `must not contain ${JSON.stringify(sequence)}, which CI or bundle configuration would evaluate`;
  if (input.portable_path) {
    if (/^([A-Za-z]:|[/\\])/.test(value)) return 'must be a relative path inside the output folder';
    const problem = value === '.' ? undefined : value.split('/').map(segmentProblem).find(Boolean);
    if (problem) return problem;
  }
  if (input.git_branch) {
    const problem = gitBranchProblem(value);
    if (problem) return problem;
  }
  if (input.pattern !== undefined && !regexOf(input.pattern).test(value)) {
    return input.pattern_match_failure_message ?? `must match the pattern ${input.pattern}`;
  }
  return undefined;
}
