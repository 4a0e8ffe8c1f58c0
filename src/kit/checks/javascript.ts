import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';

// Made on first use: execFile at module level would load child_process in every run of the CLI.
const run = (file: string, args: string[]) => promisify(execFile)(file, args);

/** `node --check` on every distinct script: the running Node parses them as it would run them. */
export const javascriptCheck: Check = {
  id: 'javascript',
  title: 'JavaScript parses (node --check)',
  async run(projects) {
    const files = distinctFiles(projects, (path) => /\.[cm]?js$/.test(path));
    if (files.length === 0) return { checked: 0, problems: [] };
    const dir = mkdtempSync(join(tmpdir(), 'cms-kit-js-'));
    try {
      const problems = await Promise.all(
        files.map(async ({ path, text, ids }, n) => {
          const file = join(dir, `${n}${/\.[cm]?js$/.exec(path)?.[0]}`);
          writeFileSync(file, text);
          try {
            await run(process.execPath, ['--check', file]);
            return [];
          } catch (error) {
            const detail = String((error as { stderr?: string }).stderr ?? error).split('\n').find((line) => /Error/.test(line)) ?? 'does not parse';
            return [`${path}: ${detail.trim()}  ${seenIn(ids)}`];
          }
        }),
      );
      return { checked: files.length, problems: problems.flat() };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
