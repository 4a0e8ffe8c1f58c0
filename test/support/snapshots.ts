import { createHash } from 'node:crypto';
import type { RenderedProject } from './matrix.js';

/**
 * Snapshots of the whole option matrix, one file per generated path. A path's file holds each
 * distinct rendered content once, headed by the combinations that produce it (or, when shorter,
 * those that do not). So identical files are stored once, and a one-line template change shows up
 * as a one-line diff in the snapshot of the file it changes, nowhere else.
 */
export const SNAPSHOT_DIR = 'test/snapshots';
export const SNAPSHOT_SUFFIX = '.snap';

const RULE = '='.repeat(78);

function describeContent(content: string | Buffer): string {
  if (typeof content === 'string') return content;
  const sha = createHash('sha256').update(content).digest('hex');
  return `<binary file: ${content.length} bytes, sha256 ${sha}>\n`;
}

/** Snapshot file path (relative to SNAPSHOT_DIR, `/`-separated) -> snapshot text. */
export function snapshotFiles(projects: readonly RenderedProject[]): Map<string, string> {
  const allIds = projects.map((p) => p.combination.id);
  const byPath = new Map<string, Map<string, string[]>>();
  for (const project of projects) {
    for (const [path, content] of project.files) {
      const variants = byPath.get(path) ?? new Map<string, string[]>();
      const text = describeContent(content);
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
      const title = `${RULE}\nvariant ${index + 1} of ${variants.length}, rendered for ${header.join('\n')}\n${RULE}\n`;
      return title + text;
    });
    snapshots.set(`${path}${SNAPSHOT_SUFFIX}`, blocks.join('\n'));
  }
  return snapshots;
}
