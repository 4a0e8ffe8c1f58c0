import { createHash } from 'node:crypto';
import { structuredPatch } from 'diff';
import { isRecordPath } from '../../src/update/record.js';
import type { RenderedProject } from './matrix.js';

/**
 * Snapshots of the whole option matrix, one file per generated path. A path's file holds its first
 * distinct rendering in full and every other one as a diff against it, each headed by the
 * combinations that produce it (or, when shorter, those that do not). So identical files are
 * stored once, and a one-line template change shows up as a one-line change in the snapshot of the
 * file it changes (in the full text, or in the one diff it touches), nowhere else.
 */
export const SNAPSHOT_DIR = 'test/snapshots';
export const SNAPSHOT_SUFFIX = '.snap';

const RULE = '='.repeat(78);

/** Text as it is; bytes as text when they are UTF-8 without NUL (files copied as is), else by hash. */
function describeContent(content: string | Buffer): string {
  if (typeof content === 'string') return content;
  const text = content.toString('utf8');
  if (!text.includes('\u0000') && Buffer.from(text, 'utf8').equals(content)) return text;
  const sha = createHash('sha256').update(content).digest('hex');
  return `<binary file: ${content.length} bytes, sha256 ${sha}>\n`;
}

/**
 * A run record with its file hashes blanked: the record's snapshot shows its shape, answers and file
 * list, and does not change with every template change (test/update.test.ts checks the hashes).
 */
const withoutHashes = (text: string): string => text.replace(/"sha256:[0-9a-f]{64}"/g, '"sha256:(hash of the file)"');

/** Snapshot file path (relative to SNAPSHOT_DIR, `/`-separated) -> snapshot text. */
export function snapshotFiles(projects: readonly RenderedProject[]): Map<string, string> {
  const allIds = projects.map((p) => p.combination.id);
  const byPath = new Map<string, Map<string, string[]>>();
  for (const project of projects) {
    for (const [path, content] of project.files) {
      const variants = byPath.get(path) ?? new Map<string, string[]>();
      const text = isRecordPath(path) ? withoutHashes(describeContent(content)) : describeContent(content);
      variants.set(text, [...(variants.get(text) ?? []), project.combination.id]);
      byPath.set(path, variants);
    }
  }
  const snapshots = new Map<string, string>();
  for (const path of [...byPath.keys()].sort()) {
    const variants = [...(byPath.get(path) as Map<string, string[]>)];
    const blocks = variants.map(([text, ids], index) => {
      const others = allIds.filter((id) => !ids.includes(id));
      const header =
        others.length === 0
          ? ['every combination']
          : others.length < ids.length
            ? ['every combination except:', ...others.map((id) => `  ${id}`)]
            : ids;
      const nearest = index === 0 ? undefined : nearestEarlier(variants.map(([t]) => t), index);
      const relation = nearest ? `, as a diff against variant ${nearest.index + 1}` : '';
      const title = `${RULE}\nvariant ${index + 1} of ${variants.length}${relation}, rendered for ${header.join('\n')}\n${RULE}\n`;
      return title + (nearest ? nearest.diff : text);
    });
    snapshots.set(`${path}${SNAPSHOT_SUFFIX}`, blocks.join('\n'));
  }
  return snapshots;
}

/** Of the variants before `index`, the one the smallest diff turns into variant `index`, with that diff. */
function nearestEarlier(texts: string[], index: number): { index: number; diff: string } {
  let best: { index: number; diff: string } | undefined;
  for (let i = 0; i < index; i++) {
    const diff = diffAgainst(texts[i] as string, texts[index] as string);
    if (!best || diff.length < best.diff.length) best = { index: i, diff };
  }
  return best as { index: number; diff: string };
}

/** The hunks that turn `base` into `text`, with two lines of context. */
function diffAgainst(base: string, text: string): string {
  const { hunks } = structuredPatch('', '', base, text, '', '', { context: 2 });
  return hunks.map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join('\n')}\n`).join('');
}
