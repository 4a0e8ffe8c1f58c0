import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';

export const jsonCheck: Check = {
  id: 'json',
  title: 'JSON parses',
  async run(projects) {
    const files = distinctFiles(projects, (path) => path.endsWith('.json'));
    const problems: string[] = [];
    for (const { path, text, ids } of files) {
      try {
        JSON.parse(text);
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message.replace(/\n/g, '\\n')}  ${seenIn(ids)}`);
      }
    }
    return { checked: files.length, problems };
  },
};
