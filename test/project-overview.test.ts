import { describe, expect, it } from 'vitest';
import { renderMatrix } from './support/matrix.js';
import { RECORD_DIR } from '../src/update/record.js';

/** The paths a tree diagram names: each `├── name` line, nested by its column (4 per level). */
export function treePaths(markdown: string): string[] {
  const block = /contained in the following files:\n\n```\n([\s\S]*?)\n```/.exec(markdown)?.[1];
  if (!block) throw new Error('no tree diagram');
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of block.split('\n')) {
    const match = /^((?:[│ ]   )*)├── (\S+)/.exec(line);
    if (!match) continue;
    const depth = [...(match[1] as string)].length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    paths.push(stack.join('/'));
  }
  return paths;
}

describe('docs/project-overview.md', () => {
  it('names, in its tree, only paths that are generated and every top-level folder', async () => {
    let checked = 0;
    for (const { combination, files, context } of await renderMatrix()) {
      const overview = files.get('docs/project-overview.md');
      if (overview === undefined) continue;
      checked++;
      // Every run also writes its record (src/update/record.ts), which the overview names.
      const generated = new Set<string>([RECORD_DIR]);
      for (const path of files.keys()) {
        const parts = path.split('/');
        parts.forEach((_, i) => generated.add(parts.slice(0, i + 1).join('/')));
      }
      const named = treePaths(String(overview));
      expect(named.filter((p) => !generated.has(p)), `${combination.id}: named but not generated`).toEqual([]);
      const isFolder = (p: string): boolean => [...files.keys()].some((f) => f.startsWith(`${p}/`));
      const topLevel = (p: string): boolean => !p.includes('/') || (p.split('/').length === 2 && p.startsWith(`${String(context.pkg)}/`));
      const unnamed = [...generated].filter((p) => topLevel(p) && isFolder(p) && !named.includes(p));
      expect(unnamed, `${combination.id}: generated folders missing`).toEqual([]);
    }
    // CP (9 variants) and CO (2), per platform and sign-in pair: 8 pairs on Azure, 7 elsewhere.
    expect(checked).toBe((8 + 7 + 7) * (9 + 2));
  });

  it('reads a tree diagram', () => {
    const markdown = 'contained in the following files:\n\n```\nroot  <- x\n│\n├── pkg   <- y\n│   ├── a.txt  <- z\n│       ├── deep\n├── docs\n```\n';
    expect(treePaths(markdown)).toEqual(['pkg', 'pkg/a.txt', 'pkg/a.txt/deep', 'docs']);
  });
});
