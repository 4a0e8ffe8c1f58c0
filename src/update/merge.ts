import { diffArrays } from 'diff';

// A line-based three-way merge, as `git merge-file` does: the changes from `base` to `theirs` are
// applied to `ours`; where both sides changed the same lines differently, the result holds both,
// between conflict markers.

/** Base lines [start, end) replaced by `lines`. */
interface Hunk {
  start: number;
  end: number;
  lines: string[];
}

/** Lines with their endings, so that a file without a final newline merges back without one. */
export const linesOf = (text: string): string[] => (text === '' ? [] : text.split(/(?<=\n)/));

function hunksBetween(base: string[], other: string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let at = 0;
  let open: Hunk | undefined;
  for (const change of diffArrays(base, other)) {
    if (change.added || change.removed) {
      open ??= { start: at, end: at, lines: [] };
      if (change.removed) {
        at += change.count;
        open.end = at;
      } else open.lines.push(...change.value);
      continue;
    }
    if (open) hunks.push(open);
    open = undefined;
    at += change.count;
  }
  if (open) hunks.push(open);
  return hunks;
}

/** `base[start, end)` with the hunks (all inside that range) applied. */
function applyWithin(base: string[], start: number, end: number, hunks: readonly Hunk[]): string[] {
  const out: string[] = [];
  let at = start;
  for (const hunk of hunks) {
    out.push(...base.slice(at, hunk.start), ...hunk.lines);
    at = hunk.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

export interface Conflict {
  /** 1-based line of the base where the conflicting region starts, and its length there. */
  baseLine: number;
  base: string[];
  ours: string[];
  theirs: string[];
}

export interface MergeResult {
  /** The merged text; each conflict as markers around both versions, or as ours with `markers: false`. */
  text: string;
  conflicts: Conflict[];
}

export interface MergeLabels {
  ours: string;
  theirs: string;
}

const withNewline = (lines: string[]): string[] => {
  const last = lines.at(-1);
  return last === undefined || last.endsWith('\n') ? lines : [...lines.slice(0, -1), `${last}\n`];
};

/**
 * Merges `base -> theirs` into `ours`. Changes of the two sides that overlap or touch form one
 * region; a region both sides changed, to different results, is a conflict.
 */
export function merge3(base: string, ours: string, theirs: string, labels: MergeLabels, options: { markers: boolean } = { markers: true }): MergeResult {
  const baseLines = linesOf(base);
  const tagged = [
    ...hunksBetween(baseLines, linesOf(ours)).map((hunk) => ({ hunk, side: 'ours' as const })),
    ...hunksBetween(baseLines, linesOf(theirs)).map((hunk) => ({ hunk, side: 'theirs' as const })),
  ].sort((a, b) => a.hunk.start - b.hunk.start || a.hunk.end - b.hunk.end);

  const out: string[] = [];
  const conflicts: Conflict[] = [];
  let at = 0;
  for (let i = 0; i < tagged.length; ) {
    const first = tagged[i] as (typeof tagged)[number];
    const start = first.hunk.start;
    let end = first.hunk.end;
    const group = [first];
    for (i++; i < tagged.length; i++) {
      const next = tagged[i] as (typeof tagged)[number];
      // Touching changes conflict too (as in git): an insertion at a changed region's edge has no order.
      if (next.hunk.start > end) break;
      group.push(next);
      end = Math.max(end, next.hunk.end);
    }
    out.push(...baseLines.slice(at, start));
    at = end;
    const side = (name: 'ours' | 'theirs'): Hunk[] => group.filter((g) => g.side === name).map((g) => g.hunk);
    const ourHunks = side('ours');
    const theirHunks = side('theirs');
    const oursText = applyWithin(baseLines, start, end, ourHunks);
    const theirsText = applyWithin(baseLines, start, end, theirHunks);
    if (theirHunks.length === 0 || oursText.join('') === theirsText.join('')) {
      out.push(...oursText);
    } else if (ourHunks.length === 0) {
      out.push(...theirsText);
    } else {
      conflicts.push({ baseLine: start + 1, base: baseLines.slice(start, end), ours: oursText, theirs: theirsText });
      if (options.markers) {
        out.push(`<<<<<<< ${labels.ours}\n`, ...withNewline(oursText), '=======\n', ...withNewline(theirsText), `>>>>>>> ${labels.theirs}\n`);
      } else out.push(...oursText);
    }
  }
  out.push(...baseLines.slice(at));
  return { text: out.join(''), conflicts };
}

/** The conflicts as the hunks of a patch that could not be applied (a `.rej` file): base -> theirs. */
export function rejectsOf(path: string, conflicts: readonly Conflict[]): string {
  const lines = [`--- a/${path}`, `+++ b/${path}`];
  for (const conflict of conflicts) {
    lines.push(`@@ -${conflict.baseLine},${conflict.base.length} +${conflict.baseLine},${conflict.theirs.length} @@`);
    for (const line of conflict.base) lines.push(`-${line.replace(/\n$/, '')}`);
    for (const line of conflict.theirs) lines.push(`+${line.replace(/\n$/, '')}`);
  }
  return `${lines.join('\n')}\n`;
}
