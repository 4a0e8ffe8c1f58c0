// Builds dist/ from src/: the CLI and the programmatic API as one CommonJS file each, with every
// runtime library bundled (the package has no runtime dependencies) except Inquirer, the YAML
// parser, the Handlebars compiler and chalk, bundled each on its own and loaded only when a run
// needs them; and the built-in stack precompiled, its data inside the bundles and its templates in a
// module beside them. CommonJS, because index.cjs loads the CLI through V8's code cache
// (src/compile-cache.ts), which Node 20 offers for scripts only.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const sha1 = (content) => createHash('sha1').update(content).digest('hex');
const dist = `${root}dist`;

/** Start-up costs that bundled libraries would pay for features this CLI never uses (see scripts/stubs/). */
const lighterStartup = {
  name: 'lighter-startup',
  setup(build) {
    build.onResolve({ filter: /^#supports-color$/ }, () => ({ path: `${root}scripts/stubs/supports-color.js` }));
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: `${root}scripts/stubs/child-process.cjs` } : undefined,
    );
  },
};

/**
 * Node's modules that cost start-up time to load (child_process alone brings net, streams and
 * dgram; crypto dozens of internals) and that many runs need late or never. The bundle gets a
 * stand-in for each that requires the real module on first use. esbuild copies an imported CommonJS
 * module's exports as getters, which stay lazy: the stand-in lists the export names (those of the
 * Node that builds) without loading anything.
 */
const LAZY_BUILTINS = ['child_process', 'crypto', 'os'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^node:(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async ({ path }) => ({
      contents: `let real;
const load = () => (real ??= require(${JSON.stringify(path)}));
const names = ${JSON.stringify(Object.keys(await import(path)).filter((name) => name !== 'default'))};
module.exports = new Proxy({}, {
  get: (_, name) => load()[name],
  has: (_, name) => names.includes(name) || name in load(),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, name) => (names.includes(name) ? { configurable: true, enumerable: true, get: () => load()[name] } : undefined),
});
`,
      loader: 'js',
    }));
  },
};

/**
 * What src/ imports dynamically (by specifier), each bundled into a module of its own,
 * dist/lazy-<name>.cjs, from its entry.
 */
const LAZY = {
  inquirer: { specifier: './inquirer.js', entry: './src/cli/inquirer.ts' },
  yaml: { specifier: 'yaml', entry: 'yaml' },
  compiler: { specifier: 'handlebars/dist/cjs/handlebars.js', entry: 'handlebars/dist/cjs/handlebars.js' },
  chalk: { specifier: 'chalk', entry: 'chalk' },
  // The stack test kit's (create-mlops-stack test).
  validator: { specifier: './validator-library.js', entry: './src/kit/validator-library.ts' },
  diff: { specifier: 'diff', entry: 'diff' },
};
const lazyImports = {
  name: 'lazy-imports',
  setup(build) {
    for (const [name, { specifier }] of Object.entries(LAZY)) {
      const filter = new RegExp(`^${specifier.replace(/[./]/g, '\\$&')}$`);
      build.onResolve({ filter }, (args) => (args.kind === 'dynamic-import' ? { path: `./lazy-${name}.cjs`, external: true } : undefined));
    }
  },
};

/** Puts the precompiled built-in stack in place of src/stack/precompiled-stack.ts, whose export is undefined. */
const withPrecompiledStack = (source) => ({
  name: 'precompiled-stack',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]stack[\\/]precompiled-stack\.ts$/ }, () => ({ contents: source, loader: 'js' }));
  },
});

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: root };
const commonjs = {
  ...common,
  format: 'cjs',
  minify: !process.env.NO_MINIFY,
  legalComments: 'none',
  // src/ locates its files from import.meta.dirname and import.meta.filename, which CommonJS spells differently.
  define: { 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
  // Dynamic imports become require() calls: code loaded through the code cache cannot import().
  supported: { 'dynamic-import': false },
};

/**
 * Type declarations of the programmatic API, dist/types/, from src/ (tsconfig.types.json). They
 * describe the CommonJS build, so that folder is marked CommonJS. `--no-types` skips them (the test
 * run's build, which the package test completes with `--types-only`).
 */
function emitTypes() {
  rmSync(`${dist}/types`, { recursive: true, force: true });
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.types.json`], { stdio: 'inherit' });
  writeFileSync(`${dist}/types/package.json`, '{ "type": "commonjs" }\n');
}
if (process.argv.includes('--types-only')) {
  emitTypes();
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// 1. Precompile the built-in stack with our own loader and engine, bundled for the occasion.
const precompiler = `${dist}/.precompile.mjs`;
await build({
  ...common,
  format: 'esm',
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  entryPoints: ['src/stack/precompile.ts'],
  outfile: precompiler,
});
let stackModule;
let wrapModule;
try {
  let precompiledStackSources;
  ({ precompiledStackSources, wrapModule } = await import(pathToFileURL(precompiler).href));
  const sources = await precompiledStackSources(`${root}templates/mlops-stacks`);
  const [[name, source]] = Object.entries(sources.files);
  const code = wrapModule((await transform(source, { minify: true, target: 'node20', legalComments: 'inline' })).code);
  writeFileSync(`${dist}/${name}`, code);
  stackModule = sources.stackModule(sha1(code));
} finally {
  rmSync(precompiler, { force: true });
}

// 2. The CLI, the API and the code-cache loader. Every output sits directly in dist/, one level
// below the package root as src/ is, so code resolves ../templates and ../package.json the same
// from either.
const plugins = [lighterStartup, lazyBuiltins, lazyImports, withPrecompiledStack(stackModule)];
for (const [name, entry] of [['cli', 'src/cli/cli.ts'], ['index', 'src/index.ts'], ['compile-cache', 'src/compile-cache.ts']]) {
  await build({ ...commonjs, entryPoints: [entry], outfile: `${dist}/${name}.cjs`, plugins });
}
// The CLI is loaded through the code cache only (dist/main.cjs), in the form that loader runs.
writeFileSync(`${dist}/cli.cjs`, wrapModule(readFileSync(`${dist}/cli.cjs`, 'utf8')));
// index.cjs (the bin) runs this: the CLI through the code cache, keyed by the CLI's content hash. The
// loader is bundled in (one module less to resolve and read at start-up).
await build({
  ...commonjs,
  stdin: {
    contents: `import { join } from 'node:path';
import { requireCached } from './src/compile-cache.ts';
requireCached(join(import.meta.dirname, 'cli.cjs'), ${JSON.stringify(sha1(readFileSync(`${dist}/cli.cjs`)))}).run();`,
    resolveDir: root,
    loader: 'ts',
  },
  outfile: `${dist}/main.cjs`,
});
for (const [name, { entry }] of Object.entries(LAZY)) {
  await build({
    ...commonjs,
    stdin: { contents: `module.exports = require(${JSON.stringify(entry)});`, resolveDir: root },
    outfile: `${dist}/lazy-${name}.cjs`,
    plugins: [lighterStartup],
  });
}

// V8 keeps a source with any non-ASCII character as a two-byte string, slower to read and twice the
// size; esbuild escapes such characters in strings but not in regular expressions. Start-up loads
// these two, so they must stay ASCII.
for (const name of ['cli.cjs', 'builtin-files.cjs']) {
  const code = readFileSync(`${dist}/${name}`, 'utf8');
  const at = code.search(/[^\x00-\x7f]/);
  if (at !== -1) throw new Error(`dist/${name} has a non-ASCII character near ${JSON.stringify(code.slice(Math.max(0, at - 40), at + 10))}: escape it in the source`);
}

if (!process.argv.includes('--no-types')) emitTypes();
