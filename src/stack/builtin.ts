import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { requireCached } from '../compile-cache.js';
import { type TemplateSpec, loadCompiler, registerPrecompiled } from '../render/engine.js';
import { CODE_DIR, PACKAGE_ROOT } from '../package-root.js';
import { precompiled } from './precompiled-stack.js';
import { type EmbeddedFile, type Stack, listFiles, loadStack } from './stack.js';
import { checkSources } from './known-names.js';

export const BUILTIN_STACK = join(PACKAGE_ROOT, 'templates', 'mlops-stacks');

/**
 * The built-in stack precompiled by `npm run build`, in two parts: this one is bundled into the CLI
 * (src/precompiled-stack.ts), the files module is written beside the bundle and loaded only to
 * render, so that `--help` parses none of the templates.
 */
export interface PrecompiledStackModule {
  fingerprint: string;
  /** The SHA-1 of the files module as written beside the bundle (the key of its code cache). */
  filesHash: string;
  stack: Omit<Stack, 'dir' | 'templateRoot' | 'embedded' | 'ready'>;
  /** Input defaults, derived values, the success message. */
  specs: [source: string, spec: TemplateSpec][];
}
export interface PrecompiledFilesModule {
  files: [name: string, file: EmbeddedFile][];
}
export const FILES_MODULE = 'builtin-files.cjs';

/** Size and modification time of every file of a stack folder: cheap to compute, changes with any edit. */
export function stackFingerprint(dir: string): string {
  return listFiles(dir)
    .map((file) => {
      const stats = statSync(join(dir, file));
      return `${file}:${stats.size}:${Math.trunc(stats.mtimeMs)}`;
    })
    .join('\n');
}

function precompiledStack(): Stack | undefined {
  if (!precompiled) return undefined;
  // In a checkout (src/ beside dist/) templates may have changed since the last build.
  const checkout = existsSync(join(PACKAGE_ROOT, 'src'));
  if (checkout && precompiled.fingerprint !== stackFingerprint(BUILTIN_STACK)) return undefined;
  registerPrecompiled(new Map(precompiled.specs));
  const { filesHash } = precompiled;
  const stack: Stack = { ...precompiled.stack, dir: BUILTIN_STACK, templateRoot: join(BUILTIN_STACK, 'template') };
  stack.ready = async () => {
    if (stack.embedded) return;
    const { files } = requireCached(join(CODE_DIR, FILES_MODULE), filesHash) as PrecompiledFilesModule;
    stack.embedded = new Map(files);
  };
  return stack;
}

/** The built-in MLOps stack: precompiled when the build has it, else read and compiled from its folder. */
export async function loadBuiltinStack(): Promise<Stack> {
  const stack = precompiledStack();
  if (stack) return stack;
  await loadCompiler();
  return loadStack(BUILTIN_STACK);
}

/**
 * A stack folder given with --template-dir, compiled at run time. Every expression and template is
 * parsed here, so a syntax error in a fork, or a name it cannot see, is reported before any
 * question, naming its file.
 */
export async function loadStackFolder(dir: string): Promise<Stack> {
  const stack = loadStack(dir);
  await loadCompiler();
  checkSources(stack, dir);
  return stack;
}
