import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { enumerateCombinations } from '../src/stack/combinations.js';
import { builtinStack, renderInMemory, textOf } from './support/matrix.js';

/**
 * Path filters are glob patterns on every platform, each with its own syntax. With a project name
 * full of glob characters, every filter of every pipeline must match exactly the file or folder it
 * names, under the matching rules of its platform, and nothing else.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const literal = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** A bracket expression at `i` (just after `[`): the regex class and the index after `]`. */
function bracket(pattern: string, i: number): [string, number] {
  const end = pattern.indexOf(']', i + 1);
  if (end < 0) return [literal('['), i];
  const body = pattern.slice(i, end).replace(/\\/g, '\\\\');
  return [`[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`, end + 1];
}

/**
 * GitHub Actions filter patterns (docs: "Filter pattern cheat sheet"): `*` any characters but `/`,
 * `**` any characters, `?` zero or one of the preceding character, `+` one or more of it, `[...]`
 * one character of the set, `\` escapes the next character, and a leading `!` negates.
 */
function githubRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === '\\') (out += literal(pattern[i + 1] ?? '')), (i += 2);
    else if (pattern.startsWith('**', i)) (out += '.*'), (i += 2);
    else if (c === '*') (out += '[^/]*'), (i += 1);
    else if (c === '?' || c === '+') (out += c), (i += 1);
    else if (c === '[') [out, i] = ((r) => [out + r[0], r[1]])(bracket(pattern, i + 1));
    else (out += literal(c)), (i += 1);
  }
  return new RegExp(`^${out}$`);
}

/**
 * GitLab `rules:changes`: Ruby's File.fnmatch with FNM_PATHNAME, FNM_DOTMATCH and FNM_EXTGLOB. `*`
 * and `?` stop at `/`, `**\/` spans folders, `[...]` is a set, `{a,b}` alternatives, `\` escapes.
 */
function gitlabRegex(pattern: string): RegExp {
  let out = '';
  const groups: number[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === '\\') (out += literal(pattern[i + 1] ?? '')), (i += 2);
    else if (pattern.startsWith('**/', i)) (out += '(?:[^/]*/)*'), (i += 3);
    else if (c === '*') (out += '[^/]*'), (i += 1);
    else if (c === '?') (out += '[^/]'), (i += 1);
    else if (c === '[') [out, i] = ((r) => [out + r[0], r[1]])(bracket(pattern, i + 1));
    else if (c === '{') groups.push(i), (out += '(?:'), (i += 1);
    else if (c === ',' && groups.length > 0) (out += '|'), (i += 1);
    else if (c === '}' && groups.length > 0) groups.pop(), (out += ')'), (i += 1);
    else (out += literal(c)), (i += 1);
  }
  return new RegExp(`^${out}$`);
}

/**
 * Azure Pipelines path filters: `*` any characters but `/`, `**` any characters, `?` one character,
 * no escapes; a pattern without wildcards also matches everything below it (a folder prefix).
 */
function azureRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (pattern.startsWith('**', i)) (out += '.*'), (i += 2);
    else if (c === '*') (out += '[^/]*'), (i += 1);
    else if (c === '?') (out += '[^/]'), (i += 1);
    else (out += literal(c)), (i += 1);
  }
  return new RegExp(/[*?]/.test(pattern) ? `^${out}$` : `^${out}(/.*)?$`);
}

const PLATFORMS = {
  '.github': { regex: githubRegex, filters: (doc: Json) => Object.values((doc.on ?? {}) as Json).filter(isObject).flatMap((event) => (event.paths as string[] | undefined) ?? []) },
  '.gitlab': {
    regex: gitlabRegex,
    filters: (doc: Json) => Object.values(doc).filter(isObject).flatMap((job) => ((job.rules as Json[] | undefined) ?? []).flatMap((rule) => (rule.changes as string[] | undefined) ?? [])),
  },
  '.azure': { regex: azureRegex, filters: (doc: Json) => ((((doc.trigger as Json | undefined)?.paths as Json | undefined)?.include as string[] | undefined) ?? []) },
} as const;

/** What a filter is meant to name: a folder (`pkg/**`, `pkg/**\/*`) or one file, with escapes removed. */
function intent(filter: string): { path: string; folder: boolean } {
  const folder = /\/\*\*(\/\*)?$/.test(filter);
  return { path: filter.replace(/\/\*\*(\/\*)?$/, '').replace(/\\(.)/g, '$1'), folder };
}

/** Paths a wrong filter would match or miss: each name with a character dropped, doubled or changed. */
function nearMisses(path: string): string[] {
  const slash = path.lastIndexOf('/');
  const [dir, name] = [path.slice(0, slash + 1), path.slice(slash + 1)];
  const misses: string[] = [];
  for (let i = 0; i < name.length; i++) {
    misses.push(dir + name.slice(0, i) + name.slice(i + 1), dir + name.slice(0, i) + name[i]! + name.slice(i), dir + name.slice(0, i) + 'x' + name.slice(i + 1));
  }
  return misses.filter((miss) => miss !== path);
}

const HOSTILE = "my+proj[1]{a,b}(x)!~^'&=@";

describe('path filters match exactly what they name', () => {
  it('the hostile project name is accepted', async () => {
    await expect(renderInMemory(builtinStack(), { input_project_name: HOSTILE, input_setup_cicd_and_project: 'CICD_and_Project' })).resolves.toBeDefined();
  });

  const cases = enumerateCombinations(builtinStack()).filter((c) => c.answers.input_setup_cicd_and_project !== 'Project_Only');
  const platforms = [...new Set(cases.map((c) => c.answers.input_cicd_platform))];
  it.each(platforms)('%s, under its own matching rules', async (platform) => {
    let checked = 0;
    for (const setup of ['CICD_and_Project', 'CICD_Only']) {
      const { files } = await renderInMemory(builtinStack(), { input_project_name: HOSTILE, input_cicd_platform: String(platform), input_setup_cicd_and_project: setup });
      const paths = [...files.keys()];
      for (const [path, content] of files) {
        const folder = path.split('/', 1)[0] as keyof typeof PLATFORMS;
        const rules = PLATFORMS[folder];
        if (!rules || !/\.ya?ml$/.test(path)) continue;
        for (const filter of rules.filters(parse(textOf(content) ?? '') as Json)) {
          const regex = rules.regex(filter);
          const meant = intent(filter);
          // A folder's files and its near-miss siblings; a file cannot also be a folder, so no paths below it.
          const around = meant.folder ? [`${meant.path}/a/b.py`, `${meant.path}x/a.py`, `${meant.path}.py`] : [`${meant.path}.bak`, `x${meant.path}`];
          const candidates = [...new Set([...paths, meant.path, ...nearMisses(meant.path), ...around])];
          const expected = candidates.filter((c) => (meant.folder ? c.startsWith(`${meant.path}/`) : c === meant.path));
          expect(candidates.filter((c) => regex.test(c)), `${path}: ${filter}`).toEqual(expected);
          expect(expected.length, `${path}: ${filter}`).toBeGreaterThan(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('the matchers follow their platforms: unescaped glob characters are syntax', () => {
    expect(githubRegex('a+b.yml').test('a+b.yml')).toBe(false);
    expect(githubRegex('a+b.yml').test('aab.yml')).toBe(true);
    expect(githubRegex('a\\+b.yml').test('a+b.yml')).toBe(true);
    expect(githubRegex('x[1].yml').test('x1.yml')).toBe(true);
    expect(gitlabRegex('x{a,b}.yml').test('xa.yml')).toBe(true);
    expect(gitlabRegex('x\\{a,b\\}.yml').test('x{a,b}.yml')).toBe(true);
    expect(gitlabRegex('pkg/**/*').test('pkg/a/b/c.py')).toBe(true);
    expect(gitlabRegex('pkg/**/*').test('pkgx/a.py')).toBe(false);
    expect(azureRegex('pkg').test('pkg/a.py')).toBe(true);
  });
});
