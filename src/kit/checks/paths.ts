import { segmentProblem } from '../../answers/rules.js';
import type { Check } from '../check.js';
import { seenIn } from '../matrix.js';

/** Why a generated path could land outside the project or fail to check out somewhere, or undefined. */
export function pathProblem(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  if (path.includes('\\')) return 'holds a backslash';
  return path.split('/').map(segmentProblem).find(Boolean);
}

/** Every generated path stays inside the project: a path value or layout that yields `..` is a stack bug. */
export const pathsCheck: Check = {
  id: 'paths',
  title: 'Generated paths stay inside the project',
  async run(projects) {
    const seen = new Map<string, string[]>();
    for (const project of projects) for (const path of project.files.keys()) seen.set(path, [...(seen.get(path) ?? []), project.combination.id]);
    const problems: string[] = [];
    for (const [path, ids] of seen) {
      const problem = pathProblem(path);
      if (problem) problems.push(`${path}: ${problem}  ${seenIn(ids)}`);
    }
    return { checked: seen.size, problems };
  },
};
