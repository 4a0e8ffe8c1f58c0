import { interruptedBy } from '../errors.js';
import type { Stack } from '../stack/stack.js';
import { type CheckResult, runCheck } from './check.js';
import { CHECKS } from './checks/all.js';
import { type Matrix, renderMatrix } from './matrix.js';
import { type FileChange, compareSnapshots } from './snapshot-diff.js';
import { readSnapshots, snapshotFiles, writeSnapshots } from './snapshots.js';
import type { KitTools } from './tools.js';

export interface KitOptions extends KitTools {
  stack: Stack;
  /** The snapshot folder; without it snapshots are not compared (reported as skipped). */
  snapshots?: string;
  /** Rewrite the snapshots instead of comparing them. */
  update?: boolean;
  /** A skipped check (or snapshot comparison) fails the run. */
  requireAll?: boolean;
  /** Stops the run between steps. */
  signal?: AbortSignal;
}

export interface SnapshotResult {
  status: 'passed' | 'failed' | 'skipped' | 'updated';
  dir?: string;
  /** How the rendered files differ from the snapshots (for `updated`: what the update changed). */
  changes: FileChange[];
  note?: string;
  milliseconds: number;
}

export interface KitResult {
  stackDir: string;
  matrix: Matrix;
  renderMilliseconds: number;
  checks: CheckResult[];
  snapshots: SnapshotResult;
  ok: boolean;
  milliseconds: number;
}

/** Renders every combination of a stack, checks every generated project and compares (or updates) the snapshots. */
export async function runKit(options: KitOptions): Promise<KitResult> {
  const started = performance.now();
  const stop = (): void => {
    if (options.signal?.aborted) throw interruptedBy(options.signal);
  };
  const matrix = await renderMatrix(options.stack);
  const renderMilliseconds = performance.now() - started;
  const checks: CheckResult[] = [];
  for (const check of CHECKS) {
    stop();
    checks.push(await runCheck(check, matrix.projects, options));
  }
  stop();
  const snapshotsStarted = performance.now();
  const snapshots = { ...(await snapshotStep(matrix, options)), milliseconds: performance.now() - snapshotsStarted };
  const skipped = checks.some((c) => c.status === 'skipped') || snapshots.status === 'skipped';
  const ok = matrix.failures.length === 0 && checks.every((c) => c.status !== 'failed') && snapshots.status !== 'failed' && !(options.requireAll && skipped);
  return { stackDir: options.stack.dir, matrix, renderMilliseconds, checks, snapshots, ok, milliseconds: performance.now() - started };
}

async function snapshotStep(matrix: Matrix, options: KitOptions): Promise<Omit<SnapshotResult, 'milliseconds'>> {
  const dir = options.snapshots;
  if (dir === undefined) return { status: 'skipped', changes: [], note: 'no snapshot folder: pass --snapshots <dir>' };
  const committed = readSnapshots(dir);
  const changes = await compareSnapshots(committed, matrix.projects);
  if (options.update) {
    writeSnapshots(dir, await snapshotFiles(matrix.projects), committed);
    return { status: 'updated', dir, changes };
  }
  if (committed.size === 0) return { status: 'failed', dir, changes, note: `no snapshots in ${dir}: run with --update to write them` };
  return { status: changes.length === 0 ? 'passed' : 'failed', dir, changes };
}
