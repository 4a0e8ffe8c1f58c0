import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSnapshots } from '../src/kit/snapshot-diff.js';
import { diffLengthFloor, hunkDiff, lineCounts, loadDiff, nearestEarlier, readSnapshots, snapshotFiles, writeSnapshots } from '../src/kit/snapshots.js';
import { renderMatrix } from './support/matrix.js';

const SNAPSHOT_DIR = 'test/snapshots';
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

describe('rendered matrix snapshots (update with `npm run snapshots:update`)', async () => {
  const projects = await renderMatrix();

  if (UPDATE) {
    it('rewrites the snapshots', async () => {
      const expected = await snapshotFiles(projects);
      writeSnapshots(SNAPSHOT_DIR, expected);
      expect(readSnapshots(SNAPSHOT_DIR)).toEqual(expected);
    });
    return;
  }

  it('every combination renders every file as its snapshot says (the kit comparison)', async () => {
    const changes = await compareSnapshots(readSnapshots(SNAPSHOT_DIR), projects);
    const shown = changes.flatMap((file) => file.changes.map((change) => `${file.path} (${file.kind}) in ${change.ids.join(', ')}\n${change.diff}`));
    expect(shown, 'generated files differ from test/snapshots: run `npm run snapshots:update` and read the diff').toEqual([]);
  });

  it('the snapshots are exactly what an update writes', async () => {
    const expected = await snapshotFiles(projects);
    const committed = readSnapshots(SNAPSHOT_DIR);
    expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) expect(committed.get(path), path).toBe(text);
  });
});

describe('snapshotFiles', () => {
  const project = (id: string, files: Record<string, string>) =>
    ({ combination: { id, answers: {} }, context: {}, files: new Map(Object.entries(files)) }) as never;
  const lines = (n: number, ...changed: number[]) => Array.from({ length: n }, (_, i) => (changed.includes(i) ? `changed ${i}` : `line ${i}`)).join('\n');

  it('stores identical files once and other versions as diffs against the nearest', async () => {
    const snaps = await snapshotFiles([project('a', { 'x.txt': lines(30) }), project('b', { 'x.txt': lines(30) }), project('c', { 'x.txt': lines(30, 20) })]);
    const text = snaps.get('x.txt.snap') as string;
    expect(text.match(/^variant/gm)).toHaveLength(2);
    expect(text).toContain('variant 1 of 2, rendered for every combination except:\n  c\n');
    expect(text).toContain('variant 2 of 2, as a diff against variant 1, rendered for c\n');
    expect(text).toContain('-line 20\n+changed 20\n');
  });

  it('shows a one-line template change as a one-line change of one snapshot', async () => {
    // Line 30 is common text of x.txt in both variants; the template change rewrites it in both.
    const before = await snapshotFiles([project('a', { 'x.txt': lines(40), 'y.txt': 'y' }), project('b', { 'x.txt': lines(40, 5), 'y.txt': 'y' })]);
    const after = await snapshotFiles([project('a', { 'x.txt': lines(40, 30), 'y.txt': 'y' }), project('b', { 'x.txt': lines(40, 5, 30), 'y.txt': 'y' })]);
    expect(after.get('y.txt.snap')).toBe(before.get('y.txt.snap'));
    const old = (before.get('x.txt.snap') as string).split('\n');
    const changed = (after.get('x.txt.snap') as string).split('\n').filter((line, i) => line !== old[i]);
    expect(changed).toEqual(['changed 30']);
  });

  it('names the combinations that do not render a version when that list is shorter', async () => {
    const snaps = await snapshotFiles([project('a', { 'x.txt': '1' }), project('b', { 'x.txt': '1' }), project('c', { 'x.txt': '1' }), project('d', {})]);
    expect(snaps.get('x.txt.snap')).toContain('rendered for every combination except:\n  d\n');
  });
});

describe('the nearest earlier variant', () => {
  // Texts made of a few shared lines, with and without a last newline, CRLF and empty lines.
  const line = fc.constantFrom('a', 'b', 'ccc', '', 'a\r', 'a long line of text', '\t b');
  const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.boolean()).map(([lines, end]) => lines.join('\n') + (end ? '\n' : ''));

  it('no diff is shorter than its floor', async () => {
    const diff = hunkDiff(await loadDiff());
    fc.assert(fc.property(text, text, (base, target) => diffLengthFloor(lineCounts(base), lineCounts(target)) <= diff(base, target).length), { numRuns: 2000 });
  });

  it('is the one a diff against every earlier variant finds: the shortest diff, the first of equals', async () => {
    const diff = hunkDiff(await loadDiff());
    fc.assert(
      fc.property(fc.uniqueArray(text, { minLength: 2, maxLength: 8 }), (texts) => {
        const index = texts.length - 1;
        const diffs = texts.slice(0, index).map((base) => diff(base, texts[index] as string));
        const shortest = diffs.reduce((best, d, i) => (d.length < (diffs[best] as string).length ? i : best), 0);
        expect(nearestEarlier(index, texts.map(lineCounts), (i) => diff(texts[i] as string, texts[index] as string))).toEqual({ index: shortest, diff: diffs[shortest] });
      }),
      { numRuns: 500 },
    );
  });
});

describe('compareSnapshots', () => {
  const project = (id: string, files: Record<string, string>) =>
    ({ combination: { id, answers: {} }, context: {}, files: new Map(Object.entries(files)) }) as never;
  const before = [project('a', { 'x.txt': 'one\ntwo\n', 'y.txt': 'y\n' }), project('b', { 'x.txt': 'one\nTWO\n', 'y.txt': 'y\n' }), project('c', { 'x.txt': 'one\ntwo\n' })];

  it('reads every combination back from a snapshot: an unchanged matrix has no change', async () => {
    expect(await compareSnapshots(await snapshotFiles(before), before)).toEqual([]);
  });

  it('gives one unified diff per distinct change, with the combinations it is in', async () => {
    const after = [project('a', { 'x.txt': 'one\nthree\n', 'y.txt': 'y\n' }), project('b', { 'x.txt': 'one\nTWO\n', 'y.txt': 'y\n' }), project('c', { 'x.txt': 'one\nthree\n', 'z.txt': 'new\n' })];
    const changes = await compareSnapshots(await snapshotFiles(before), after);
    expect(changes.map((c) => [c.path, c.kind, c.combinations])).toEqual([
      ['x.txt', 'changed', 2],
      ['z.txt', 'added', 1],
    ]);
    expect(changes[0]?.changes).toEqual([{ ids: ['a', 'c'], diff: '--- a/x.txt\n+++ b/x.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+three\n' }]);
    expect(changes[1]?.changes[0]?.diff).toContain('--- /dev/null\n+++ b/z.txt\n');
  });

  it('reports a file no combination renders any more as removed', async () => {
    const after = [project('a', { 'x.txt': 'one\ntwo\n' }), project('b', { 'x.txt': 'one\nTWO\n' }), project('c', { 'x.txt': 'one\ntwo\n' })];
    const [change] = await compareSnapshots(await snapshotFiles(before), after);
    expect(change).toMatchObject({ path: 'y.txt', kind: 'removed', combinations: 2 });
    expect(change?.changes[0]?.ids).toEqual(['a', 'b']);
  });

  it('shows the change of a snapshot edited by hand as a diff of the snapshot file', async () => {
    const [change] = await compareSnapshots(new Map([['x.txt.snap', 'hand-written\n'], ...[...(await snapshotFiles(before))].filter(([p]) => p !== 'x.txt.snap')]), before);
    expect(change?.path).toBe('x.txt');
    expect(change?.changes[0]?.diff).toContain('-hand-written');
  });
});
