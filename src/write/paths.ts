import { StackError } from '../errors.js';
import type { PlannedFile } from '../render/render.js';

/**
 * Why a planned path could land anywhere but below the project folder, or undefined. Whatever a
 * (forked) stack says, a path is relative, `/`-separated, and made of real names.
 */
export function escapeProblem(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  if (path.includes('\\')) return 'holds a backslash, a separator on Windows';
  const segment = path.split('/').find((part) => part === '' || part === '.' || part === '..');
  return segment === undefined ? undefined : `has an empty, "." or ".." segment`;
}

/** Refuses the whole write when any planned path would leave the project folder. */
export function checkPlannedPaths(files: readonly PlannedFile[]): void {
  for (const file of files) {
    const problem = escapeProblem(file.path);
    if (problem) {
      throw new StackError(`the stack plans the file ${JSON.stringify(file.path)}, which ${problem}: every file must stay inside the project folder. Nothing was written.`);
    }
  }
}
