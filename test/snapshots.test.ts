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
