import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { type RenderedProject, textOf } from './matrix.js';

/**
 * Snapshots of the whole option matrix, one file per generated path. A path's file holds its first
 * distinct rendering in full and every other one as a diff against the nearest earlier one, each
 * headed by the combinations that produce it (or, when shorter, those that do not). So identical
 * files are stored once, and a one-line template change shows up as a one-line change in the
 * snapshot of the file it changes (in the full text, or in the one diff it touches), nowhere else.
 */
export const SNAPSHOT_SUFFIX = '.snap';
export const RULE = '='.repeat(78);
export const EVERY = 'every combination';
export const EVERY_EXCEPT = 'every combination except:';

type Diff = typeof import('diff');
let diffModule: Promise<Diff> | undefined;
/** The diff library, a module of its own in the package. */
export const loadDiff = (): Promise<Diff> => (diffModule ??= import('diff'));

/** A file's text, or for a binary file its size and hash. */
export function describeContent(content: string | Buffer): string {
  const text = textOf(content);
  if (text !== undefined) return text;
  const sha = createHash('sha256').update(content).digest('hex');
  return `<binary file: ${content.length} bytes, sha256 ${sha}>\n`;
}

/** Generated path -> (text -> combinations that render it), in matrix order. */
export function variantsByPath(projects: readonly RenderedProject[]): Map<string, Map<string, string[]>> {
  const byPath = new Map<string, Map<string, string[]>>();
  for (const project of projects) {
    for (const [path, content] of project.files) {
      let variants = byPath.get(path);
      if (!variants) byPath.set(path, (variants = new Map()));
      const text = describeContent(content);
      const ids = variants.get(text);
      if (ids) ids.push(project.combination.id);
      else variants.set(text, [project.combination.id]);
    }
  }
  return byPath;
}

/** Snapshot file path (relative to the snapshot folder, `/`-separated) -> snapshot text; of every generated path, or of `only`. */
export async function snapshotFiles(projects: readonly RenderedProject[], only?: ReadonlySet<string>): Promise<Map<string, string>> {
  const diffAgainst = hunkDiff(await loadDiff());
  const allIds = projects.map((p) => p.combination.id);
  const byPath = variantsByPath(projects);
  const snapshots = new Map<string, string>();
  for (const path of [...byPath.keys()].sort()) {
    if (only && !only.has(path)) continue;
    const variants = [...(byPath.get(path) as Map<string, string[]>)];
    const texts = variants.map(([text]) => text);
    const lines = texts.map(lineCounts);
    const blocks = variants.map(([text, ids], index) => {
      const members = new Set(ids);
      const others = allIds.filter((id) => !members.has(id));
      const header = others.length === 0 ? [EVERY] : others.length < ids.length ? [EVERY_EXCEPT, ...others.map((id) => `  ${id}`)] : ids;
      const nearest = nearestEarlier(index, lines, (i) => diffAgainst(texts[i] as string, text));
      const relation = nearest ? `, as a diff against variant ${nearest.index + 1}` : '';
      const title = `${RULE}\nvariant ${index + 1} of ${variants.length}${relation}, rendered for ${header.join('\n')}\n${RULE}\n`;
      return title + (nearest ? nearest.diff : text);
    });
    snapshots.set(`${path}${SNAPSHOT_SUFFIX}`, blocks.join('\n'));
  }
  return snapshots;
}

/** The hunks that turn `base` into `text`, with two lines of context, as a snapshot holds them. */
export const hunkDiff =
  ({ structuredPatch }: Diff) =>
  (base: string, text: string): string =>
    structuredPatch('', '', base, text, '', '', { context: 2 })
      .hunks.map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join('\n')}\n`)
      .join('');

/**
 * Of the variants before `index`, the one the shortest diff turns into it (the first of equals).
 * Diffing is the slow part (a file can have over a hundred variants), so candidates are tried from
 * the smallest floor of their diff's length up, and those whose floor rules them out are not diffed.
 */
export function nearestEarlier(index: number, lines: readonly Map<string, number>[], diffFrom: (i: number) => string): { index: number; diff: string } | undefined {
  const target = lines[index] as Map<string, number>;
  const candidates = Array.from({ length: index }, (_, i) => ({ i, floor: diffLengthFloor(lines[i] as Map<string, number>, target) }));
  candidates.sort((a, b) => a.floor - b.floor || a.i - b.i);
  let nearest: { index: number; diff: string } | undefined;
  for (const { i, floor } of candidates) {
    if (nearest && (floor > nearest.diff.length || (floor === nearest.diff.length && i > nearest.index))) continue;
    const diff = diffFrom(i);
    if (!nearest || diff.length < nearest.diff.length || (diff.length === nearest.diff.length && i < nearest.index)) nearest = { index: i, diff };
  }
  return nearest;
}

/** How often each line occurs in a text: the lines as the line diff sees them, without their `\n`. */
export function lineCounts(text: string): Map<string, number> {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/**
 * A length no diff from `base` to `text` (as written by `snapshotFiles`) can be shorter than: any
 * line diff removes each line `base` has more often than `text`, and adds each converse one, and
 * writes every such line as `-line` or `+line` and a newline.
 */
export function diffLengthFloor(base: ReadonlyMap<string, number>, text: ReadonlyMap<string, number>): number {
  let floor = 0;
  for (const [line, count] of base) floor += Math.max(0, count - (text.get(line) ?? 0)) * (line.length + 2);
  for (const [line, count] of text) floor += Math.max(0, count - (base.get(line) ?? 0)) * (line.length + 2);
  return floor;
}

/** The snapshot files below `dir` (relative, `/`-separated -> text); empty when it does not exist. */
export function readSnapshots(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(SNAPSHOT_SUFFIX)) found.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

/** Makes `dir` hold exactly `snapshots`: stale snapshot files (and folders they leave empty) go; other files stay. */
export function writeSnapshots(dir: string, snapshots: ReadonlyMap<string, string>, committed: ReadonlyMap<string, string> = readSnapshots(dir)): void {
  for (const path of committed.keys()) {
    if (snapshots.has(path)) continue;
    rmSync(join(dir, path), { force: true });
    for (let folder = dirname(join(dir, path)); relative(dir, folder) !== '' && !relative(dir, folder).startsWith('..'); folder = dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  }
  for (const [path, text] of snapshots) {
    if (committed.get(path) === text) continue;
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
