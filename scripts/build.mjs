// Builds dist/: the CLI bundled with every runtime library (no runtime dependencies), split so that
// Inquirer, the YAML parser and the Handlebars compiler load only when a run needs them, plus
// the built-in stack precompiled into two modules beside it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const banner = {
  // CommonJS libraries inside an ESM bundle still call require() for Node built-ins.
  js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
};
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
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner,
  absWorkingDir: root,
  plugins: [lighterStartup],
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: dist,
  splitting: true,
  // Chunks sit beside the entries, one level below the package root as src/ is: code resolves
  // ../templates, ../package.json and ./builtin-stack.js the same from either.
  chunkNames: 'chunk-[name]-[hash]',
  minify: true,
  legalComments: 'linked',
});

// Precompiling runs our own TypeScript (the stack loader and the engine), bundled for the occasion.
const precompiler = `${dist}/.precompile.mjs`;
await build({ ...common, entryPoints: ['src/precompile.ts'], outfile: precompiler });
try {
  const { precompiledStackSources } = await import(pathToFileURL(precompiler).href);
  const modules = await precompiledStackSources(`${root}templates/mlops-stacks`);
  for (const [name, source] of Object.entries(modules)) {
    const { code } = await transform(source, { minify: true, format: 'esm', target: 'node20', legalComments: 'inline' });
    writeFileSync(`${dist}/${name}`, code);
  }
} finally {
  rmSync(precompiler, { force: true });
}
