import type { CheckResult } from './check.js';
import type { KitResult } from './kit.js';
import type { FileChange } from './snapshot-diff.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const MAX_PROBLEMS = 20;

/** One line for the whole run: what failed, what was skipped. */
export function verdict(result: KitResult): string {
  const failed = result.checks.filter((c) => c.status === 'failed').length;
  const skipped = result.checks.filter((c) => c.status === 'skipped').length + (result.snapshots.status === 'skipped' ? 1 : 0);
  const parts = [
    result.matrix.failures.length > 0 ? `${plural(result.matrix.failures.length, 'combination')} failed to render` : '',
    failed > 0 ? `${plural(failed, 'check')} failed` : '',
    result.snapshots.status === 'failed' ? `${plural(result.snapshots.changes.length, 'generated file')} differ from the snapshots` : '',
    skipped > 0 ? `${skipped} skipped${result.ok ? '' : ' (--require-all)'}` : '',
  ].filter(Boolean);
  return `${result.ok ? 'passed' : 'FAILED'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

function limited(lines: readonly string[]): string[] {
  return lines.length > MAX_PROBLEMS ? [...lines.slice(0, MAX_PROBLEMS), `... and ${lines.length - MAX_PROBLEMS} more`] : [...lines];
}

const idsLine = (ids: readonly string[], total: number): string =>
  ids.length === 0 ? 'the snapshot file itself' : ids.length === total ? `every combination (${total})` : `${ids.length} of ${total}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}`;

/** The run as terminal text: a line per check, its problems, then every snapshot difference as a unified diff. */
export function textReport(result: KitResult): string {
  const total = result.matrix.projects.length + result.matrix.failures.length;
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const out: string[] = [`${result.stackDir}: ${plural(total, 'combination')} rendered in ${seconds(result.renderMilliseconds)}, checked in ${seconds(result.milliseconds)} in all`, ''];
  for (const failure of result.matrix.failures) out.push(`FAILED  render ${failure.combination.id}: ${failure.message}`);
  for (const check of result.checks) {
    const status = { passed: 'passed ', failed: 'FAILED ', skipped: 'skipped' }[check.status];
    const detail = check.status === 'skipped' ? check.notes[0] : `${plural(check.checked, 'file')}, ${Math.round(check.milliseconds)} ms`;
    out.push(`${status} ${check.title} (${detail})`);
    for (const problem of check.problems) out.push(`          ${problem}`);
    if (check.status !== 'skipped') for (const note of check.notes) out.push(`          note: ${note}`);
  }
  const snapshots = result.snapshots;
  const where = snapshots.dir ? ` (${snapshots.dir})` : '';
  const summary = {
    passed: 'equal to the rendered files',
    skipped: snapshots.note ?? 'skipped',
    updated: snapshots.changes.length === 0 ? 'already up to date' : `rewritten: ${plural(snapshots.changes.length, 'file')} changed`,
    failed: snapshots.note ?? `${plural(snapshots.changes.length, 'generated file')} differ; run with --update after reading the diffs`,
  }[snapshots.status];
  out.push(`${{ passed: 'passed ', failed: 'FAILED ', skipped: 'skipped', updated: 'updated' }[snapshots.status]} Snapshots${where}: ${summary} (${Math.round(snapshots.milliseconds)} ms)`);
  if (snapshots.status === 'failed') {
    for (const file of snapshots.changes) {
      for (const change of file.changes) out.push('', `${file.path} (${file.kind}) in ${idsLine(change.ids, total)}`, change.diff.trimEnd());
    }
  }
  out.push('', verdict(result), '');
  return out.join('\n');
}

/** A fence longer than any run of backticks in `text`, so a diff cannot close it. */
function fenced(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.trimEnd()}\n${fence}`;
}

const escapeCell = (text: string): string => text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');

/** GitHub refuses comments over 65,536 characters; diffs past this budget are left out, saying so. */
const DIFF_BUDGET = 50_000;

function changedFilesSection(changes: readonly FileChange[], total: number): string[] {
  const out = ['### Generated files changed', '', '| file | change | combinations |', '|---|---|---|'];
  for (const file of changes) out.push(`| \`${file.path}\` | ${file.kind} | ${file.combinations} of ${total} |`);
  let budget = DIFF_BUDGET;
  for (const file of changes) {
    for (const change of file.changes) {
      const summary = `<code>${escapeCell(file.path)}</code>: ${escapeCell(idsLine(change.ids, total))}`;
      const body = change.diff.length <= budget ? fenced(change.diff, 'diff') : '_diff left out: the report would exceed the size of a comment; run `create-mlops-stack test` locally to see it_';
      budget -= Math.min(change.diff.length, budget);
      out.push('', `<details><summary>${summary}</summary>`, '', body, '', '</details>');
    }
  }
  return out;
}

function checksSection(checks: readonly CheckResult[]): string[] {
  const mark = { passed: ':white_check_mark: passed', failed: ':x: failed', skipped: ':warning: skipped' };
  const out = ['### Checks', '', '| check | result | detail |', '|---|---|---|'];
  for (const check of checks) {
    const detail = check.status === 'skipped' ? check.notes[0] ?? '' : check.status === 'failed' ? plural(check.problems.length, 'problem') : plural(check.checked, 'file');
    out.push(`| ${escapeCell(check.title)} | ${mark[check.status]} | ${escapeCell(detail)} |`);
  }
  for (const check of checks) {
    const lines = [...limited(check.problems), ...(check.status === 'skipped' ? [] : limited(check.notes).map((n) => `note: ${n}`))];
    if (lines.length === 0) continue;
    out.push('', `<details><summary>${escapeCell(check.title)}</summary>`, '', fenced(lines.join('\n'), 'text'), '', '</details>');
  }
  return out;
}

/** The run as Markdown for a pull-request comment. */
export function markdownReport(result: KitResult): string {
  const total = result.matrix.projects.length + result.matrix.failures.length;
  const changes = result.snapshots.changes;
  const out = ['## create-mlops-stack test', '', `**${verdict(result)}**`, '', `${plural(total, 'combination')} of the stack rendered; ${changes.length === 0 ? 'no generated file changed' : `${plural(changes.length, 'generated file')} changed`}.`];
  if (result.matrix.failures.length > 0) {
    out.push('', '### Combinations that failed to render', '', ...result.matrix.failures.map((f) => `- \`${f.combination.id}\`: ${escapeCell(f.message)}`));
  }
  if (changes.length > 0) out.push('', ...changedFilesSection(changes, total));
  else if (result.snapshots.status === 'skipped') out.push('', `Snapshots: ${result.snapshots.note ?? 'skipped'}.`);
  out.push('', ...checksSection(result.checks), '');
  return out.join('\n');
}
