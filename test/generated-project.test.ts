import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Check, runCheck } from '../src/kit/check.js';
import { CHECKS } from '../src/kit/checks/all.js';
import { SCHEMA_KINDS } from '../src/kit/checks/schemas.js';
import { TOOLS, actionlintProblems } from './support/checks.js';
import { renderMatrix } from './support/matrix.js';

/**
 * The stack test kit's checks (what `create-mlops-stack test` runs for a fork) over every
 * combination of the built-in stack. A schema check runs when its schema is named in the
 * environment (.ci/run points them at ../shared/reference); every other check must run here.
 */
const SCHEMA_CHECKS: Record<string, keyof typeof SCHEMA_KINDS> = { bundle: 'bundle', gitlab: 'gitlab', azure: 'azure' };
const missingSchema = (check: Check): string | undefined => {
  const kind = SCHEMA_CHECKS[check.id];
  return kind && !process.env[SCHEMA_KINDS[kind].env] ? SCHEMA_KINDS[kind].env : undefined;
};

describe('every combination renders a valid project (the kit checks)', () => {
  it('enumerates the combinations', async () => {
    const projects = await renderMatrix();
    expect(projects.length).toBeGreaterThan(50);
    expect(new Set(projects.map((p) => p.combination.id)).size).toBe(projects.length);
  });

  for (const check of CHECKS) {
    const missing = missingSchema(check);
    if (missing) console.warn(`${missing} is not set, so "${check.title}" is skipped (.ci/run points it at ../shared/reference/).`);
    it.skipIf(missing !== undefined)(check.title, async () => {
      const result = await runCheck(check, await renderMatrix(), TOOLS);
      expect(result.problems).toEqual([]);
      expect(result.status, result.notes.join('\n')).toBe('passed');
      expect(result.checked).toBeGreaterThan(0);
    });
  }
});

describe("this repository's own workflows", () => {
  it('pass actionlint', async () => {
    const problems: string[] = [];
    for (const name of readdirSync('.github/workflows')) {
      const path = `.github/workflows/${name}`;
      problems.push(...(await actionlintProblems(path, readFileSync(path, 'utf8'))));
    }
    expect(problems).toEqual([]);
  });

  it("include the README's job for a fork's pull requests, which passes actionlint", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const job = /A GitHub Actions job for the fork's repository[^]*?```yaml\n([^]*?)```/.exec(readme)?.[1];
    expect(job).toContain('create-mlops-stack test --template-dir my-stack --require-all --report stack-report.md');
    expect(await actionlintProblems('.github/workflows/stack.yml', job as string)).toEqual([]);
  });
});
