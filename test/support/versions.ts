import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A file edit of the stack: its path below the package, and what it becomes (undefined: deleted). */
export type StackEdit = [path: string, change: ((text: string) => string) | undefined];

/**
 * Another version of this package, built as a user would get it: the sources copied, changed,
 * built with the project's build script, then only the published files kept (no src/).
 */
export function buildVersion(version: string, edits: readonly StackEdit[]): string {
  const root = mkdtempSync(join(tmpdir(), `cms-version-${version}-`));
  for (const entry of ['src', 'scripts', 'templates', 'package.json', 'index.cjs']) cpSync(resolve(entry), join(root, entry), { recursive: true });
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ ...pkg, version }, null, 2)}\n`);
  for (const [path, change] of edits) {
    const file = join(root, path);
    if (change === undefined) rmSync(file);
    else {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        // a new file
      }
      writeFileSync(file, change(text));
    }
  }
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { cwd: root, stdio: 'inherit' });
  for (const entry of ['src', 'scripts', 'node_modules']) rmSync(join(root, entry), { recursive: true, force: true });
  return root;
}

/** Replaces one exact piece of text, failing loudly when the template no longer has it. */
export const replacing = (from: string, to: string) => (text: string): string => {
  if (!text.includes(from)) throw new Error(`edit: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
};
