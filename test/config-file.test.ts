import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/answers/config-file.js';
import { expandHome } from '../src/cli/home.js';
import { createStack } from '../src/create.js';
import { CliError, InputError, UsageError } from '../src/errors.js';
import { listTree, runCli } from './support/cli.js';
import { builtinStack } from './support/matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'cms-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
/** Writes `text` to a fresh file named like `name` and returns its path. */
function file(name: string, text: string | Buffer): string {
  const path = join(dir, `${count++}-${name}`);
  writeFileSync(path, text);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

const run = (configFile: string) => createStack({ stack: builtinStack(), configFile, dryRun: true, outputDir: join(dir, 'out') });

describe('config-file keys (issue 12, item 10)', () => {
  it.each([
    ['c.json', '{"__proto__": "x"}'],
    ['c.json', '{"input_cloud": "aws", "__proto__": {"input_cloud": "gcp"}}'],
    ['c.yaml', '__proto__: x\n'],
    ['c.yaml', 'constructor: x\n'],
  ])('%s %s: an unknown key', async (name, text) => {
    const error = await failure(run(file(name, text)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^(__proto__|constructor): (unknown input|must be a string)/);
  });
});

describe('encodings', () => {
  it.each<[string, Buffer, RegExp]>([
    ['UTF-16 LE, as Windows PowerShell 5 writes with >', Buffer.from('\ufeff{"input_cloud": "aws"}', 'utf16le'), /c\.json: is UTF-16 LE text, not UTF-8; save the file as UTF-8$/],
    ['UTF-16 BE', Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]), /c\.json: is UTF-16 BE text, not UTF-8; save the file as UTF-8$/],
    ['Latin-1 after valid UTF-8 and a real U+FFFD', Buffer.concat([Buffer.from('{\n  "input_project_name": "caf\u00e9\ufffd', 'utf8'), Buffer.from([0xe9]), Buffer.from('x"}')]), /c\.json:2:31: not UTF-8 text \(the byte 0xe9\); save the file as UTF-8$/],
  ])('%s is refused, naming the encoding or where the first bad byte is', async (_, bytes, message) => {
    const error = await failure(readConfigFile(file('c.json', bytes)));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it('UTF-8 with a byte order mark is read', async () => {
    expect({ ...(await readConfigFile(file('c.json', Buffer.from('\ufeff{"input_cloud": "aws"}', 'utf8')))) }).toEqual({ input_cloud: 'aws' });
  });
});

describe('values that are not strings', () => {
  it.each([
    ['c.json', '{\n  "input_cloud": null,\n  "input_project_name": "abc",\n  "input_include_feature_store": true\n}'],
    ['c.yaml', 'input_cloud:\ninput_project_name: abc\ninput_include_feature_store: true\n'],
  ])('%s: every one is named at once, each with its line', async (name, text) => {
    const error = await failure(readConfigFile(file(name, text)));
    expect(error).toBeInstanceOf(InputError);
    const { problems } = error as InputError;
    expect(problems.map((problem) => problem.input)).toEqual(['input_cloud', 'input_include_feature_store']);
    expect(problems[0]?.message).toMatch(/^input_cloud: must be a string in --config-file .*:(1:1|2:3), but it has no value \(null\)/);
    expect(problems[1]?.message).toMatch(/^input_include_feature_store: must be a string in --config-file .*:(3:1|4:3), got the boolean true; write "yes" or "no"/);
  });
});

describe('JSON syntax errors (issue 12, item 11)', () => {
  it.each<[string, string, RegExp]>([
    ['an unquoted word', '{\n  "input_cloud": "aws",\n  "input_project_name": oops-secret-token\n}', /:3:25: not valid JSON: expected a value .*, found "o"$/],
    ['a missing comma', '{\n  "input_cloud": "aws"\n  "input_project_name": "x"\n}', /:3:3: not valid JSON: expected "," or "\}" after a value, found "\\""$/],
    ['a trailing comma', '{"input_cloud": "aws",}', /:1:23: not valid JSON: expected a key in double quotes, found "\}"$/],
    ['a cut-off file', '{"input_cloud": "aws"', /:1:22: not valid JSON: expected "," or "\}" after a value, found the end of the file$/],
    ['a raw control character', '{"input_cloud": "a\u0007ws"}', /:1:19: not valid JSON: expected no control character inside a string .*, found the control character U\+0007$/],
    ['a bad escape', '{"input_cloud": "a\\qws"}', /:1:19: not valid JSON: expected a valid escape/],
  ])('%s: the real line and column, no file bytes', async (_, text, message) => {
    const error = await failure(readConfigFile(file('c.json', text)));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('secret');
  });

  it('names a duplicate key with its position', async () => {
    const error = await failure(readConfigFile(file('c.json', '{\n  "input_cloud": "aws",\n  "input_cloud": "gcp"\n}')));
    expect(error.message).toMatch(/c\.json:3:3: not valid JSON: the key "input_cloud" appears twice in one object$/);
  });

  it.each([
    ['c.json', '{"input_cloud": "gcp"}'],
    ['c.yaml', 'input_cloud: gcp\n'],
  ])('ignores a leading byte order mark (%s)', async (name, text) => {
    const values = await readConfigFile(file(name, `\ufeff${text}`));
    expect({ ...values }).toEqual({ input_cloud: 'gcp' });
  });

  it('reports a wrong value type with the line of its key', async () => {
    const error = await failure(readConfigFile(file('c.json', '{\n  "input_cloud": "aws",\n  "input_project_name": 123\n}')));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^input_project_name: must be a string in --config-file .*c\.json:3:3, got the number 123; write it in quotes \("123"\)$/);
  });
});

describe('YAML alias bomb (issue 12, item 12)', () => {
  const bomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'input_project_name: *f',
  ].join('\n');

  it('is a config-file error with file and line, expanded never', async () => {
    const error = await failure(readConfigFile(file('bomb.yaml', bomb.split('\n').slice(0, 6).concat('input_cloud: *f').join('\n'))));
    expect((error as InputError).problems.map((problem) => problem.input)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'input_cloud']);
    expect(error.message.split('\n')[0]).toMatch(/^a: must be a string in --config-file .*bomb\.yaml:1:1, got a list; write a single value in quotes$/);
  });

  it('through the CLI: a line per key, no stack trace, exit 1', async () => {
    const result = await runCli(['--yes', '--dry-run', '--config-file', file('bomb.yaml', bomb)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^✖ a: must be a string in --config-file .*bomb\.yaml:1:1, got a list/);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatch(/^✖ \w+: must be a string in --config-file .*bomb\.yaml:\d+:1, got a list; write a single value in quotes$/);
  });

  it('an alias to a string is followed', async () => {
    const values = await readConfigFile(file('c.yaml', 'input_default_branch: &b main\ninput_release_branch: *b\n'));
    expect({ ...values }).toEqual({ input_default_branch: 'main', input_release_branch: 'main' });
  });
});

describe('config-file values and files (issue 13, item 12)', () => {
  it.each<[string, string, RegExp]>([
    ['YAML true', 'input_include_feature_store: true\n', /^input_include_feature_store: must be a string in .*:1:1, got the boolean true; write "yes" or "no" for a yes\/no input/],
    ['YAML false', 'input_include_feature_store: false\n', /got the boolean false; write "yes" or "no"/],
    ['null', 'input_project_name: null\n', /^input_project_name: must be a string in .*:1:1, but it has no value \(null\); write a value in quotes, or leave the key out/],
    ['an empty value', 'input_project_name:\n', /but it has no value \(null\)/],
    ['a list', 'input_project_name: [a, b]\n', /got a list; write a single value in quotes/],
    ['an empty file', '', /must hold an object of inputs/],
  ])('%s in YAML is refused in words', async (_, text, message) => {
    const error = await failure(readConfigFile(file('c.yaml', text)));
    expect(error.message).toMatch(message);
  });

  it('a YAML syntax error gives line and column, in one line', async () => {
    const error = await failure(readConfigFile(file('c.yaml', 'input_cloud: aws\ninput_project_name: "unterminated\n')));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/c\.yaml:\d+:\d+: Missing closing "quote$/);
  });

  it('YAML yes and no are the strings yes and no', async () => {
    const values = await readConfigFile(file('c.yaml', 'input_include_feature_store: yes\ninput_include_models_in_unity_catalog: no\n'));
    expect({ ...values }).toEqual({ input_include_feature_store: 'yes', input_include_models_in_unity_catalog: 'no' });
  });

  it('names a duplicate YAML key and both lines', async () => {
    const error = await failure(readConfigFile(file('c.yaml', 'input_cloud: aws\ninput_project_name: x\ninput_cloud: gcp\n')));
    expect(error.message).toMatch(/c\.yaml:3:1: the key "input_cloud" appears twice \(first on line 1\)$/);
  });

  it.each<[string, (path: string) => string, RegExp]>([
    ['a missing file', (path) => join(path, 'nope.json'), /--config-file .*nope\.json: not found$/],
    ['a folder', (path) => path, /: is a folder, not a file$/],
    ['a path through a file', () => join(file('plain.txt', 'x'), 'c.json'), /: not found \(a part of the path is not a folder\)$/],
  ])('%s, in words', async (_, pathOf, message) => {
    const error = await failure(readConfigFile(pathOf(dir)));
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/ENOENT|EISDIR|ENOTDIR/);
  });

  it('--config-file - reads JSON from standard input', async () => {
    const out = mkdtempSync(join(dir, 'stdin-'));
    const result = await runCli(['--yes', '--json', '--dry-run', '--config-file', '-', '--output-dir', out], { input: '{"input_project_name": "from-stdin", "input_cloud": "gcp"}' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).answers).toMatchObject({ input_project_name: 'from-stdin', input_cloud: 'gcp' });
  });

  it('--config-file - reads YAML from standard input, naming it in errors', async () => {
    const result = await runCli(['--yes', '--dry-run', '--config-file', '-'], { input: 'input_project_name: from-stdin\ninput_cloud: Mars\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/input_cloud \(--cloud\) must be one of: azure, aws, gcp; got "Mars" \(in the config file\)/);
    const broken = await runCli(['--yes', '--dry-run', '--config-file', '-'], { input: '{"input_cloud": }' });
    expect(broken.stderr).toMatch(/^✖ --config-file - \(standard input\):1:17: not valid JSON/);
  });
});

describe('--output-dir with ~ (issue 13, item 14)', () => {
  it('expands a leading ~ as the shell would', () => {
    const env = { HOME: '/home/ada' };
    expect(expandHome('--output-dir', '~/src', env)).toBe('/home/ada/src');
    expect(expandHome('--output-dir', '~', env)).toBe('/home/ada');
    expect(expandHome('--output-dir', 'src/~', env)).toBe('src/~');
    expect(expandHome('--output-dir', undefined, env)).toBeUndefined();
  });

  it('refuses ~name and a ~ without a home folder, with a hint', () => {
    expect(() => expandHome('--output-dir', '~bob/src', { HOME: '/home/ada' })).toThrow(/--output-dir ~bob\/src: "~name" is not expanded here; write the folder as a full path/);
    expect(() => expandHome('--output-dir', '~/src', {})).toThrow(/neither HOME nor USERPROFILE is set/);
  });

  it('through the CLI: --output-dir=~/src writes below the home folder, not into a folder named ~', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const result = await runCli(['--yes', '--json', '--output-dir=~/src'], { cwd, env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).projectDir).toBe(join(home, 'src', 'my-mlops-project'));
    expect(listTree(cwd)).toEqual([]);
  });
});

describe('a huge or odd key', () => {
  it('is named clipped and guessed at quickly', async () => {
    const key = `input_${'x'.repeat(5_000_000)}`;
    const started = Date.now();
    const error = await failure(run(file('c.json', JSON.stringify({ [key]: 'x' }))));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message.length).toBeLessThan(1000);
    expect(error.message).toMatch(/^"input_x+"\.\.\."x+" \(5000006 characters, clipped\): unknown input in the config file\. Known inputs: /);
  });

  it('with a line break in it is quoted, not echoed', async () => {
    const error = await failure(run(file('c.json', '{"input_cloud\\nX": "aws"}')));
    expect(error.message).toMatch(/^"input_cloud\\nX": unknown input/);
  });
});
