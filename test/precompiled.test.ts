import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Api from '../src/index.js';
import { renderMatrix } from './support/matrix.js';
import { tempDir } from './support/cli.js';
import { isRecordPath } from '../src/update/record.js';

// The built package (dist/, built by the global setup) renders from templates precompiled at build
// time; the other tests render from the template sources. Both must give the same files.
// The test files of a worker share its process (isolate: false), so the cache setting is put back.
const cacheSetting = process.env.CREATE_MLOPS_STACK_CACHE;
process.env.CREATE_MLOPS_STACK_CACHE = 'off';
const api = createRequire(import.meta.url)('../dist/index.cjs') as typeof Api;
const out = tempDir();
afterAll(() => {
  process.env.CREATE_MLOPS_STACK_CACHE = cacheSetting;
  rmSync(out, { recursive: true, force: true });
});

describe('the precompiled built-in stack', () => {
  it('renders every combination exactly as the template sources do', async () => {
    const stack = await api.loadBuiltinStack();
    const fromSources = await renderMatrix();
    const combinations = api.enumerateCombinations(stack);
    expect(combinations.map((c) => c.id)).toEqual(fromSources.map((p) => p.combination.id));
    // Compared by hand and reported at once: an expect() per file (99 combinations, thousands of files) costs seconds.
    const differences: string[] = [];
    for (const [index, combination] of combinations.entries()) {
      const result = await api.createStack({ stack, flags: combination.answers, dryRun: true, outputDir: out });
      const expected = (fromSources[index] as (typeof fromSources)[number]).files;
      // The run record is the tool's, added to what the stack renders (test/update.test.ts checks it).
      expect(result.files.filter((path) => !isRecordPath(path)), combination.id).toEqual([...expected.keys()]);
      for (const file of result.planned.filter((planned) => !isRecordPath(planned.path))) {
        const source = expected.get(file.path);
        const same = typeof file.content === 'string' || typeof source === 'string' ? file.content === source : Buffer.compare(file.content, source as Buffer) === 0;
        if (!same) differences.push(`${combination.id} ${file.path}`);
      }
    }
    expect(differences).toEqual([]);
    // Rendered from the precompiled files, not from the sources (as a stale build would).
    expect(stack.embedded).toBeDefined();
  });
});
