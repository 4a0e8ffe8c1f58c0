import { describe, expect, it } from 'vitest';
import { type PlanInput, planFileUpdates } from '../src/update/plan.js';
import { contentHash } from '../src/update/hash.js';
import type { PlannedFile } from '../src/render/render.js';

const file = (path: string, content: string | Buffer): PlannedFile => ({ path, content, executable: false });
const BINARY = Buffer.from([0, 1, 2, 3]);

/** A plan over one file: its base, new and user versions (undefined: absent). */
function planOne(base: string | Buffer | undefined, next: string | Buffer | undefined, mine: string | Buffer | undefined, conflictStyle: PlanInput['conflictStyle'] = 'markers') {
  return planFileUpdates({
    recorded: base === undefined ? {} : { f: contentHash(base) },
    base: new Map(base === undefined ? [] : [['f', file('f', base)]]),
    next: new Map(next === undefined ? [] : [['f', file('f', next)]]),
    read: () => (mine === undefined ? undefined : Buffer.from(mine)),
    conflictStyle,
    labels: { ours: 'yours', theirs: 'new' },
  });
}

describe('planFileUpdates', () => {
  it.each([
    ['unchanged', 'a\n', 'a\n', 'a\n', [], []],
    ['kept', 'a\n', 'a\n', 'mine\n', [], []],
    ['updated', 'a\n', 'b\n', 'a\n', ['f'], []],
    ['added', undefined, 'b\n', undefined, ['f'], []],
    ['removed', 'a\n', undefined, 'a\n', [], ['f']],
  ] as const)('%s', (status, base, next, mine, writes, deletes) => {
    const plan = planOne(base, next, mine);
    expect(plan.files).toEqual([{ path: 'f', status }]);
    expect(plan.writes.map((w) => w.path)).toEqual(writes);
    expect(plan.deletes).toEqual(deletes);
  });

  it('keeps a file the user changed that the new version drops, and does not recreate one the user deleted', () => {
    expect(planOne('a\n', undefined, 'mine\n').files[0]).toMatchObject({ status: 'kept', note: expect.stringMatching(/no longer generated/) });
    const deleted = planOne('a\n', 'b\n', undefined);
    expect(deleted.files[0]).toMatchObject({ status: 'kept', note: expect.stringMatching(/deleted by you/) });
    expect(deleted.writes).toEqual([]);
  });

  it('reports as kept a user file that already holds the new version\'s change, and writes nothing', () => {
    const plan = planOne('a\nb\n', 'a\nB\n', 'x\na\nB\n');
    expect(plan.files[0]).toMatchObject({ status: 'kept' });
    expect(plan.writes).toEqual([]);
  });

  it('never merges binary files: a conflict, the user\'s bytes kept', () => {
    const plan = planOne(BINARY, Buffer.from([0, 9]), Buffer.from([0, 7]));
    expect(plan.files[0]).toMatchObject({ status: 'conflict', conflicts: 1 });
    expect(plan.writes).toEqual([]);
  });

  it('with rej: the user\'s file untouched when only conflicting, and the hunks in <file>.rej', () => {
    const plan = planOne('a\n', 'b\n', 'c\n', 'rej');
    expect(plan.files[0]).toMatchObject({ status: 'conflict', conflicts: 1 });
    expect(plan.writes.map((w) => [w.path, w.content])).toEqual([['f.rej', '--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n+b\n']]);
  });

  it('leaves a file the new version adds alone when the user already has the same content', () => {
    expect(planOne(undefined, 'b\n', 'b\n').files[0]).toMatchObject({ status: 'unchanged' });
  });
});
