import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheFolder } from '../src/compile-cache.js';
import { compileValidator } from '../src/kit/validators.js';

// Needs both runtime helpers of standalone code: ucs2length (maxLength) and equal (const of an object).
const SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 3 }, mode: { const: { kind: 'a' } } },
  required: ['name'],
  additionalProperties: false,
};
const OPTIONS = { strict: false, allErrors: false };
const DOCUMENTS = [{ name: 'abc', mode: { kind: 'a' } }, { name: 'abcd' }, { name: 'ab', mode: { kind: 'b' } }, { mode: 1 }, { name: 'x', other: 1 }, { name: '😀😀😀' }];

let cache: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'cms-validators-'));
  env = { ...process.env, CREATE_MLOPS_STACK_CACHE: cache };
});
afterEach(() => rmSync(cache, { recursive: true, force: true }));

const cachedFiles = (): string[] => readdirSync(join(cacheFolder(env) as string, 'validators'));
/** Each document's verdict and errors, as Ajv's own validator gives them. */
const verdicts = (validate: (data: unknown) => boolean) =>
  DOCUMENTS.map((document) => {
    const valid = validate(document);
    return { valid, errors: (validate as unknown as { errors: unknown }).errors ?? null };
  });
const expected = verdicts(new Ajv(OPTIONS).compile(SCHEMA));

describe('compileValidator', () => {
  it('compiles a validator that judges as Ajv does, and keeps it in the cache folder', async () => {
    expect(verdicts(await compileValidator(SCHEMA, OPTIONS, env))).toEqual(expected);
    expect(cachedFiles()).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.cjs$/)]);
  });

  it('loads the kept validator on the next run, with the runtime helpers its code requires', async () => {
    await compileValidator(SCHEMA, OPTIONS, env);
    const [file] = cachedFiles();
    const path = join(cacheFolder(env) as string, 'validators', file as string);
    // The kept code, loaded as the next run loads it, judges as Ajv does.
    expect(verdicts(await compileValidator(SCHEMA, OPTIONS, env))).toEqual(expected);
    // And it is what that run uses: a validator marked in the cache is the one returned.
    writeFileSync(path, 'module.exports = Object.assign(() => true, { fromCache: true });\n');
    expect(await compileValidator(SCHEMA, OPTIONS, env)).toHaveProperty('fromCache', true);
  });

  it('compiles again, and replaces the file, when the kept one does not load', async () => {
    await compileValidator(SCHEMA, OPTIONS, env);
    const [file] = cachedFiles();
    const path = join(cacheFolder(env) as string, 'validators', file as string);
    for (const broken of ['this is not JavaScript (', 'module.exports = 42;\n', 'require("not-a-runtime-module");\n']) {
      writeFileSync(path, broken);
      expect(verdicts(await compileValidator(SCHEMA, OPTIONS, env))).toEqual(expected);
      expect(cachedFiles()).toEqual([file]);
      writeFileSync(path, 'module.exports = Object.assign(() => true, { fromCache: true });\n');
      expect(await compileValidator(SCHEMA, OPTIONS, env)).toHaveProperty('fromCache', true);
    }
  });

  it('keeps a validator per schema and per options', async () => {
    await compileValidator(SCHEMA, OPTIONS, env);
    await compileValidator({ ...SCHEMA, required: [] }, OPTIONS, env);
    await compileValidator(SCHEMA, { ...OPTIONS, unicodeRegExp: false }, env);
    expect(cachedFiles()).toHaveLength(3);
  });

  it('writes nothing when the cache is off', async () => {
    expect(verdicts(await compileValidator(SCHEMA, OPTIONS, { ...env, CREATE_MLOPS_STACK_CACHE: 'off' }))).toEqual(expected);
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('the built validator module (dist/lazy-validator.cjs)', () => {
  it('gives standalone code each runtime helper it requires, as `require(...).default`', () => {
    const library = createRequire(import.meta.url)(resolve('dist/lazy-validator.cjs')) as typeof import('../src/kit/validator-library.js');
    const ajv = new library.Ajv({ ...OPTIONS, code: { source: true } });
    const code = library.standaloneCode(ajv, ajv.compile(SCHEMA));
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] as string);
    expect(new Set(required)).toEqual(new Set(['ajv/dist/runtime/ucs2length', 'ajv/dist/runtime/equal']));
    for (const name of required) {
      const helper = (library.RUNTIME[name] as { default: { code: string } }).default;
      expect(helper.code).toBe(`require("${name}").default`);
    }
  });
});
