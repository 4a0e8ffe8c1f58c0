import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Options, ValidateFunction } from 'ajv';
import { cacheFolder, requireCached, writeCache } from '../compile-cache.js';

/**
 * A validator of `schema`, compiled by Ajv. Compiling the big schemas takes a second or more on every
 * kit run (the bundle schema, the Azure one), so the compiled validator is kept as Ajv's standalone
 * code in the user's cache folder (src/compile-cache.ts), under the hash of Ajv's version, the
 * options and the schema, and later runs load it, through V8's code cache, in milliseconds. Any
 * problem with the cache only costs the compile it would have saved.
 */
export async function compileValidator(schema: object, options: Options, env: NodeJS.ProcessEnv = process.env): Promise<ValidateFunction> {
  const library = await import('./validator-library.js');
  const folder = cacheFolder(env);
  if (!folder) return new library.Ajv(options).compile(schema);
  const key = createHash('sha256').update(JSON.stringify([library.AJV_VERSION, options, schema])).digest('hex');
  const file = join(folder, 'validators', `${key}.cjs`);
  try {
    const cached = requireCached(file, undefined, (name) => {
      if (Object.hasOwn(library.RUNTIME, name)) return library.RUNTIME[name];
      throw new Error(`the validator requires ${name}, which is not one of Ajv's runtime modules`);
    });
    if (typeof cached === 'function') return cached as ValidateFunction;
  } catch {
    // not cached yet, or not loadable: compiled below, and cached anew
  }
  const ajv = new library.Ajv({ ...options, code: { ...options.code, source: true } });
  const validate = ajv.compile(schema);
  try {
    writeCache(folder, file, library.standaloneCode(ajv, validate));
  } catch {
    // a read-only home or a full disk: the next run compiles again
  }
  return validate;
}
