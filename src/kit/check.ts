import type { RenderedProject } from './matrix.js';
import type { KitTools } from './tools.js';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** What a check found: problems fail it; notes are findings that do not (or why it was skipped). */
export interface CheckOutcome {
  /** How many distinct files (or projects) it looked at. */
  checked: number;
  problems: string[];
  notes?: string[];
}

export interface CheckResult extends Required<CheckOutcome> {
  id: string;
  title: string;
  status: CheckStatus;
  milliseconds: number;
}

/**
 * One family of checks over the rendered matrix. `run` returns `{ skipped }` when the tool it needs
 * (a schema, python3, actionlint) is not available: such a check is reported as skipped, never passed.
 */
export interface Check {
  id: string;
  title: string;
  run(projects: readonly RenderedProject[], tools: KitTools): Promise<CheckOutcome | { skipped: string }>;
}

export async function runCheck(check: Check, projects: readonly RenderedProject[], tools: KitTools): Promise<CheckResult> {
  const started = performance.now();
  const base = { id: check.id, title: check.title };
  let outcome: CheckOutcome | { skipped: string };
  try {
    outcome = await check.run(projects, tools);
  } catch (error) {
    outcome = { checked: 0, problems: [`the check itself failed: ${(error as Error).message}`] };
  }
  const milliseconds = performance.now() - started;
  if ('skipped' in outcome) return { ...base, status: 'skipped', checked: 0, problems: [], notes: [outcome.skipped], milliseconds };
  const status = outcome.problems.length > 0 ? 'failed' : 'passed';
  return { ...base, status, checked: outcome.checked, problems: outcome.problems, notes: outcome.notes ?? [], milliseconds };
}
