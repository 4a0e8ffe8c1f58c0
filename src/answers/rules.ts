import { renderString } from '../render/engine.js';
import { didYouMean } from './did-you-mean.js';
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
  /** Leading and trailing whitespace is removed (and the run says so) instead of refused. */
  trim?: boolean;
  /**
   * A prefix users leave out, such as `https://`: a value that fails `pattern` but passes it with
   * the prefix (or with its own scheme replaced by it) gets a "did you mean" hint.
   */
  suggest_prefix?: string;
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

/** Characters no free-text value may hold, whatever the stack allows, each with how messages name it. */
const NEVER_CLASSES: [kind: string, characters: string][] = [
  ['control character', '\\x00-\\x1f\\x7f-\\x9f'],
  // U+2028/U+2029 end a line for YAML 1.1 parsers (PyYAML, libyaml, go-yaml) and JavaScript.
  ['line or paragraph separator', '\\u2028\\u2029'],
  // Unpaired surrogates cannot be written as UTF-8 at all; noncharacters break YAML 1.1 parsers.
  ['unpaired surrogate', '\\ud800-\\udfff'],
  ['noncharacter', `\\ufdd0-\\ufdef${Array.from({ length: 17 }, (_, plane) => `\\u{${(plane * 0x10000 + 0xfffe).toString(16)}}\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`).join('')}`],
  // Spaces other than U+0020, format characters (Unicode category Cf: soft hyphen, zero-width and
  // bidirectional controls, BOM, tags), and characters drawn as nothing (fillers, grapheme joiner).
  [
    'invisible character',
    '\\xa0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e' +
      '\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\u{110bd}\\u{110cd}\\u{13430}-\\u{1343f}' +
      '\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e007f}\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u3164\\uffa0',
  ],
];
const NEVER = new RegExp(`[${NEVER_CLASSES.map(([, characters]) => characters).join('')}]`, 'u');
const KIND_OF = NEVER_CLASSES.map(([kind, characters]): [string, RegExp] => [kind, new RegExp(`^[${characters}]$`, 'u')]);

/** How a character is named in messages: printable ones in quotes, the rest by kind and code point. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = KIND_OF.find(([, regex]) => regex.test(char))?.[0];
  return kind ? `the ${kind} ${hex}` : char === ' ' ? 'a space' : JSON.stringify(char);
}

/** Longest value quoted whole in a message; longer ones are clipped, so a huge value gives a short message. */
const SHOWN_LENGTH = 120;

/** A value as messages quote it: JSON, clipped in the middle when longer than `limit` characters, with its length. */
export function shown(value: unknown, limit = SHOWN_LENGTH): string {
  const text = String(value);
  if (text.length <= limit) return JSON.stringify(text);
  const points = [...text];
  if (points.length <= limit) return JSON.stringify(text);
  const half = Math.floor(limit / 2);
  return `${JSON.stringify(points.slice(0, half).join(''))}...${JSON.stringify(points.slice(-half).join(''))} (${points.length} characters, clipped)`;
}

/** A key as messages name it: as written when short and plain, else quoted and clipped. */
export function keyName(key: string): string {
  return /^[\x21-\x7e]{1,80}$/.test(key) ? key : shown(key, 80);
}

/** Longest file or folder name, in bytes of UTF-8: Linux (ext4, xfs, btrfs) and macOS (APFS) stop there; Windows at 255 UTF-16 units, never more bytes. */
export const SEGMENT_BYTES = 255;

/** Why `segment` cannot be a file or folder name everywhere, or undefined. */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '' || segment === '.' || segment === '..') return `must not have an empty, "." or ".." path segment`;
  if (WINDOWS_DEVICE.test(segment)) return `must not use ${shown(segment)}, a name Windows reserves for a device`;
  if (/[. ]$/.test(segment)) return `must not have a path segment ending in a dot or a space (${shown(segment)})`;
  const bytes = Buffer.byteLength(segment);
  if (bytes > SEGMENT_BYTES) return `must not have a path segment longer than ${SEGMENT_BYTES} bytes of UTF-8, the most a file name may have (${bytes} bytes: ${shown(segment)})`;
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

/** The rule every free-text value must keep, whatever its input: no invisible characters, no blank value, no whitespace at the ends. */
function freeTextProblem(value: string): string | undefined {
  if (value !== '' && value.trim() === '') return 'must not be blank (it holds only whitespace)';
  const never = NEVER.exec(value);
  if (never) return `must not contain ${describeCharacter(never[0])}`;
  const end = /^\s|\s$/.exec(value);
  if (end) return `must not ${end.index === 0 ? 'start' : 'end'} with ${describeCharacter(end[0])}`;
  return undefined;
}

/**
 * The rule `value` breaks, or undefined. The same check serves flags, the config file, prompts and
 * defaults. `answers` (those before this input) fill a `pattern_match_failure_message` that is a
 * Handlebars expression, so its example can fit them.
 */
export function ruleBroken(input: InputSpec, value: string, answers: Readonly<Record<string, string>> = {}): string | undefined {
  if (input.enum) return input.enum.includes(value) ? undefined : `must be one of: ${input.enum.join(', ')}${didYouMean(value, input.enum)}`;
  const length = [...value].length;
  if (input.minLength !== undefined && length < input.minLength) return `must be at least ${input.minLength} characters long`;
  if (input.maxLength !== undefined && length > input.maxLength) return `must be at most ${input.maxLength} characters long (it has ${length})`;
  const problem = freeTextProblem(value);
  if (problem) return problem;
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
    const message = input.pattern_match_failure_message;
    return `${patternMessage(input, input.pattern, answers)}${prefixHint(input, input.pattern, value)}`;
  }
  return undefined;
}

/** The input's `pattern_match_failure_message`, filled from the answers; without the answers it needs, the pattern. */
function patternMessage(input: InputSpec, pattern: string, answers: Readonly<Record<string, string>>): string {
  const message = input.pattern_match_failure_message;
  if (message === undefined) return `must match the pattern ${pattern}`;
  try {
    return renderString(message, answers, `pattern_match_failure_message of ${input.name}`);
  } catch {
    return `must match the pattern ${pattern}`;
  }
}

/** ` (did you mean "https://x"?)` for a value that passes the pattern once given the input's `suggest_prefix`. */
function prefixHint(input: InputSpec, pattern: string, value: string): string {
  const prefix = input.suggest_prefix;
  if (prefix === undefined) return '';
  const fixed = prefix + value.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  return fixed !== value && regexOf(pattern).test(fixed) ? ` (did you mean ${shown(fixed)}?)` : '';
}
