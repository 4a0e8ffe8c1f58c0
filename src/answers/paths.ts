import { InputError, UsageError } from '../errors.js';
import { type Context, buildContext } from '../render/context.js';
import { checkPathValues, fillPath, skipPredicate } from '../render/layout.js';
import { TEMPLATE_SUFFIX } from '../render/render.js';
import type { Stack } from '../stack/stack.js';
import { type Answers, flagOf } from './answers.js';
import { SEGMENT_BYTES, shown } from './rules.js';

/** The paths, relative to the project folder, of the files a run with this context writes (none rendered). */
export function outputPaths(stack: Stack, context: Context): string[] {
  const skip = skipPredicate(stack, context);
  return stack.files
    .map((name) => fillPath(stack, name.endsWith(TEMPLATE_SUFFIX) ? name.slice(0, -TEMPLATE_SUFFIX.length) : name, context))
    .filter((path) => !skip(path));
}

/**
 * The rules on what the answers derive as paths: every path value a portable name, every segment
 * of every generated path at most 255 bytes, and the longest path, root folder included, within
 * the stack's `max_path_length`, counted in UTF-16 units as Windows counts (a path within it is
 * within Linux's 4096 and macOS' 1024 bytes too). A failure blames the input the user gave that
 * makes the path (in CICD_and_Project, the project name, of which the root folder is a copy); rules
 * that an `open` input (one still to be asked) could change wait for it.
 */
export function checkPaths(stack: Stack, answers: Answers, given: ReadonlySet<string>, open: ReadonlySet<string> = new Set()): void {
  const context = buildContext(stack, answers);
  checkPathValues(stack, context);
  const shaping = [...new Set([...(stack.maxPathLength?.inputs ?? []), ...Object.values(stack.pathValues)])];
  if (shaping.some((name) => open.has(name))) return;
  const root = String(context.project_dir ?? '.');
  const paths = outputPaths(stack, context).map((path) => (root === '.' ? path : `${root}/${path}`));
  const blame = (candidates: readonly string[]): string => candidates.find((name) => given.has(name)) ?? (candidates[0] as string);

  for (const path of paths) {
    const segment = path.split('/').find((part) => Buffer.byteLength(part) > SEGMENT_BYTES);
    if (segment === undefined) continue;
    // The inputs whose value, or a name derived from it, is part of this segment.
    const makers = shaping.filter(
      (name) =>
        String(answers[name] ?? '').split('/').some((part) => part !== '' && segment.includes(part)) ||
        Object.entries(stack.pathValues).some(([value, source]) => source === name && segment.includes(String(context[value]))),
    );
    const input = blame(makers.length > 0 ? makers : shaping);
    throw new InputError(
      input,
      `${input} (${flagOf(input)}): the generated file or folder name ${shown(segment)} would be ${Buffer.byteLength(segment)} bytes of UTF-8, ` +
        `over the ${SEGMENT_BYTES} a name may have on Linux, macOS and Windows; shorten ${input}; got ${shown(answers[input])}`,
    );
  }

  if (stack.maxPathLength === undefined) return;
  const { limit, inputs } = stack.maxPathLength;
  const longest = paths.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length <= limit) return;
  // Blame the input, among those the user gave, that contributes most.
  const byLength = [...inputs].sort((a, b) => String(answers[b] ?? '').length - String(answers[a] ?? '').length);
  const input = blame(byLength);
  throw new InputError(
    input,
    `${input} (${flagOf(input)}): the generated path ${shown(longest, 2 * limit)} would be ${longest.length} characters long, ` +
      `over the ${limit} allowed (Windows paths stop at 260, the output folder included); shorten ${inputs.filter((name) => name === input || given.has(name)).join(' or ')}`,
  );
}

/** How long a whole path may be where the run writes: Windows counts UTF-16 units (MAX_PATH 260 without long-path support), macOS and Linux bytes (PATH_MAX 1024 and 4096); each limit holds the terminating NUL. */
const SYSTEM_PATH_LIMITS: Record<string, { system: string; limit: number; unit: string; size: (path: string) => number }> = {
  win32: { system: 'Windows', limit: 259, unit: 'characters', size: (path) => path.length },
  darwin: { system: 'macOS', limit: 1023, unit: 'bytes', size: (path) => Buffer.byteLength(path) },
  linux: { system: 'Linux', limit: 4095, unit: 'bytes', size: (path) => Buffer.byteLength(path) },
};

/**
 * Refuses an output folder so deep that a generated file's full path would be longer than this
 * system allows, naming `--output-dir`: the relative paths fit everywhere (checkPaths), so the
 * excess is the folder's.
 */
export function checkFullPaths(projectDir: string, paths: readonly string[], platform: string = process.platform): void {
  const rule = SYSTEM_PATH_LIMITS[platform] ?? SYSTEM_PATH_LIMITS.linux;
  if (rule === undefined) return;
  const separator = platform === 'win32' ? '\\' : '/';
  const full = paths.map((path) => `${projectDir}${separator}${platform === 'win32' ? path.split('/').join('\\') : path}`);
  const longest = full.reduce((a, b) => (rule.size(b) > rule.size(a) ? b : a), '');
  const size = rule.size(longest);
  if (size <= rule.limit) return;
  throw new UsageError(
    `--output-dir: the generated path ${shown(longest, 200)} would be ${size} ${rule.unit} long, over the ${rule.limit} ${rule.system} allows; choose an output folder less deep`,
  );
}
