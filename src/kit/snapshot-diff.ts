import type { RenderedProject } from './matrix.js';
import { EVERY, EVERY_EXCEPT, RULE, SNAPSHOT_SUFFIX, loadDiff, snapshotFiles, variantsByPath } from './snapshots.js';

/** One way a generated file changed, with the combinations it changed in and a unified diff. */
export interface Change {
  ids: string[];
  diff: string;
}

export interface FileChange {
  /** The generated path. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  changes: Change[];
  /** In how many combinations of the current matrix the file differs. */
  combinations: number;
}

const HEADER = new RegExp(`(?:^|\\n)${RULE}\\nvariant (\\d+) of \\d+(?:, as a diff against variant (\\d+))?, rendered for ([^]*?)\\n${RULE}\\n`, 'g');

/**
 * Each combination's text of a file, read back from its snapshot: the first variant in full, the
 * others by applying their hunks to the variant they were diffed against. Undefined when the
 * snapshot is not in the format (edited by hand).
 */
export async function parseSnapshot(snapshot: string, allIds: readonly string[]): Promise<Map<string, string> | undefined> {
  const { applyPatch } = await loadDiff();
  const headers = [...snapshot.matchAll(HEADER)];
  if (headers.length === 0 || headers[0]?.index !== 0) return undefined;
  const texts: string[] = [];
  const byId = new Map<string, string>();
  for (const [n, header] of headers.entries()) {
    const start = (header.index as number) + header[0].length;
    const body = snapshot.slice(start, headers[n + 1]?.index ?? snapshot.length);
    const base = header[2] === undefined ? undefined : texts[Number(header[2]) - 1];
    let text: string | false = body;
    if (header[2] !== undefined) {
      if (base === undefined) return undefined;
      text = applyPatch(base, { hunks: parseHunks(body) } as never);
      if (text === false) return undefined;
    }
    texts.push(text);
    const lines = (header[3] as string).split('\n');
    const ids = lines[0] === EVERY ? allIds : lines[0] === EVERY_EXCEPT ? allIds.filter((id) => !lines.slice(1).some((l) => l.trim() === id)) : lines;
    for (const id of ids) byId.set(id, text);
  }
  return byId;
}

function parseHunks(body: string): { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }[] {
  const hunks: ReturnType<typeof parseHunks> = [];
  for (const line of body.split('\n')) {
    const header = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(line);
    if (header) hunks.push({ oldStart: +header[1]!, oldLines: +header[2]!, newStart: +header[3]!, newLines: +header[4]!, lines: [] });
    else if (line !== '') hunks.at(-1)?.lines.push(line);
  }
  return hunks;
}

/**
 * How the rendered matrix differs from the committed snapshots, per generated file and, within a
 * file, per distinct change (the combinations it applies to and its unified diff). Each
 * combination's text is read back from the snapshot and compared with its rendering, so no
 * snapshot needs to be regenerated to find that nothing changed.
 */
export async function compareSnapshots(committed: ReadonlyMap<string, string>, projects: readonly RenderedProject[]): Promise<FileChange[]> {
  const { createTwoFilesPatch, FILE_HEADERS_ONLY } = await loadDiff();
  const allIds = projects.map((p) => p.combination.id);
  const current = new Set(allIds);
  const rendered = variantsByPath(projects);
  const patch = (path: string, a: string | undefined, b: string | undefined): string =>
    createTwoFilesPatch(a === undefined ? '/dev/null' : `a/${path}`, b === undefined ? '/dev/null' : `b/${path}`, a ?? '', b ?? '', '', '', { context: 3, headerOptions: FILE_HEADERS_ONLY });
  const paths = [...new Set([...[...committed.keys()].map((p) => p.slice(0, -SNAPSHOT_SUFFIX.length)), ...rendered.keys()])].sort();
  const changes: FileChange[] = [];
  for (const path of paths) {
    const before = committed.get(`${path}${SNAPSHOT_SUFFIX}`);
    const now = new Map<string, string>();
    for (const [text, ids] of rendered.get(path) ?? []) for (const id of ids) now.set(id, text);
    const kind = before === undefined ? 'added' : now.size === 0 ? 'removed' : 'changed';
    const old = before === undefined ? new Map<string, string>() : await parseSnapshot(before, allIds);
    if (old === undefined) {
      // A snapshot edited by hand: show how the snapshot file itself would change.
      const after = (await snapshotFiles(projects, new Set([path]))).get(`${path}${SNAPSHOT_SUFFIX}`);
      if (after !== before) changes.push({ path, kind, changes: [{ ids: [], diff: patch(`${path}${SNAPSHOT_SUFFIX}`, before, after) }], combinations: now.size });
      continue;
    }
    const grouped = new Map<string, { was: string | undefined; is: string | undefined; ids: string[] }>();
    // Combinations the snapshot names that the stack no longer has count as changes too.
    for (const id of [...allIds, ...[...old.keys()].filter((id) => !current.has(id))]) {
      const was = old.get(id);
      const is = now.get(id);
      if (was === is) continue;
      const key = `${was === undefined ? 'none' : `=${was}`}\0${is === undefined ? 'none' : `=${is}`}`;
      const group = grouped.get(key);
      if (group) group.ids.push(id);
      else grouped.set(key, { was, is, ids: [id] });
    }
    if (grouped.size === 0) continue;
    const fileChanges = [...grouped.values()].map((g) => ({ ids: g.ids, diff: patch(path, g.was, g.is) }));
    changes.push({ path, kind, changes: fileChanges, combinations: new Set(fileChanges.flatMap((c) => c.ids)).size });
  }
  return changes;
}
