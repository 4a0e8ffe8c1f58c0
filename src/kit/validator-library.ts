// The kit's JSON-schema validator, loaded only when a schema check runs (scripts/build.mjs bundles it
// as a module of its own): Ajv, its standalone code generator, and the runtime helpers that
// standalone code requires, by the names it requires them by.
import * as equal from 'ajv/dist/runtime/equal.js';
import * as ucs2length from 'ajv/dist/runtime/ucs2length.js';
import * as uri from 'ajv/dist/runtime/uri.js';
import * as standalone from 'ajv/dist/standalone/index.js';
import ajvPackage from 'ajv/package.json' with { type: 'json' };

export { Ajv } from 'ajv';
export const AJV_VERSION: string = ajvPackage.version;

// These are CommonJS modules with a `default` export, which each loader wraps its own way: Node's
// import puts `module.exports` in `default`, a bundler gives `module.exports` itself, Vitest a proxy
// that also shows the properties of `default`. So each value is the last one down the chain of
// `default`s that is what it should be.
function found<T>(namespace: object, is: (value: unknown) => value is T): T {
  let last: T | undefined;
  const seen = new Set<unknown>();
  for (let value: unknown = namespace; value && !seen.has(value); value = (value as { default?: unknown }).default) {
    seen.add(value);
    if (is(value)) last = value;
  }
  if (last === undefined) throw new Error('an Ajv module without the export the kit needs');
  return last;
}

type Generate = (ajv: unknown, validate: unknown) => string;
export const standaloneCode: Generate = found(standalone, (value): value is Generate => typeof value === 'function');

/** Each runtime helper says in `code` how standalone code requires it: `require("<module>").default`. */
type Helper = { code: string };
const isHelper = (value: unknown): value is Helper => (typeof value === 'function' || typeof value === 'object') && typeof (value as Helper).code === 'string';
export const RUNTIME: Readonly<Record<string, unknown>> = Object.fromEntries(
  [equal, ucs2length, uri].map((namespace) => {
    const helper = found(namespace, isHelper);
    return [/^require\("([^"]+)"\)\.default$/.exec(helper.code)?.[1] ?? helper.code, { default: helper }];
  }),
);
