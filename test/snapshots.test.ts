import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMatrix } from './support/matrix.js';
import { SNAPSHOT_DIR, SNAPSHOT_SUFFIX, snapshotFiles } from './support/snapshots.js';

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

function committedSnapshots(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(SNAPSHOT_SUFFIX)) found.set(relative(SNAPSHOT_DIR, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(SNAPSHOT_DIR);
  return found;
}

describe('rendered matrix snapshots (update with `npm run snapshots:update`)', async () => {
  const expected = snapshotFiles(await renderMatrix());

  if (UPDATE) {
    it('rewrites the snapshots', () => {
      rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
      for (const [path, text] of expected) {
        const target = join(SNAPSHOT_DIR, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
      expect(committedSnapshots().size).toBe(expected.size);
    });
    return;
  }

  const committed = committedSnapshots();
  it('covers exactly the generated paths', () => {
    expect([...committed.keys()].sort(), 'a generated path was added or removed').toEqual([...expected.keys()].sort());
  });

  it.each([...expected.keys()])('%s', (path) => {
    expect(committed.get(path), `snapshot ${path} differs from the rendered files`).toBe(expected.get(path));
  });
});

describe('snapshotFiles', () => {
  const project = (id: string, files: Record<string, string>) =>
    ({ combination: { id, answers: {} }, context: {}, files: new Map(Object.entries(files)) }) as never;
  const lines = (n: number, ...changed: number[]) => Array.from({ length: n }, (_, i) => (changed.includes(i) ? `changed ${i}` : `line ${i}`)).join('\n');

  it('stores identical files once and other versions as diffs against the nearest', () => {
    const snaps = snapshotFiles([project('a', { 'x.txt': lines(30) }), project('b', { 'x.txt': lines(30) }), project('c', { 'x.txt': lines(30, 20) })]);
    const text = snaps.get('x.txt.snap') as string;
    expect(text.match(/^variant/gm)).toHaveLength(2);
    expect(text).toContain('variant 1 of 2, rendered for every combination except:\n  c\n');
    expect(text).toContain('variant 2 of 2, as a diff against variant 1, rendered for c\n');
    expect(text).toContain('-line 20\n+changed 20\n');
  });

  it('shows a one-line template change as a one-line change of one snapshot', () => {
    // Line 30 is common text of x.txt in both variants; the template change rewrites it in both.
    const before = snapshotFiles([project('a', { 'x.txt': lines(40), 'y.txt': 'y' }), project('b', { 'x.txt': lines(40, 5), 'y.txt': 'y' })]);
    const after = snapshotFiles([project('a', { 'x.txt': lines(40, 30), 'y.txt': 'y' }), project('b', { 'x.txt': lines(40, 5, 30), 'y.txt': 'y' })]);
    expect(after.get('y.txt.snap')).toBe(before.get('y.txt.snap'));
    const old = (before.get('x.txt.snap') as string).split('\n');
    const changed = (after.get('x.txt.snap') as string).split('\n').filter((line, i) => line !== old[i]);
    expect(changed).toEqual(['changed 30']);
  });

  it('names the combinations that do not render a version when that list is shorter', () => {
    const snaps = snapshotFiles([project('a', { 'x.txt': '1' }), project('b', { 'x.txt': '1' }), project('c', { 'x.txt': '1' }), project('d', {})]);
    expect(snaps.get('x.txt.snap')).toContain('rendered for every combination except:\n  d\n');
  });
});
