import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../src/update/apply.js';
import { merge3 } from '../src/update/merge.js';
import { type WriterFs, nodeFs } from '../src/write/write.js';
import { listTree } from './support/cli.js';

const LABELS = { ours: 'yours', theirs: 'new' };

describe('merge3', () => {
  const base = 'a\nb\nc\nd\ne\nf\n';
  it('applies changes to different lines from both sides', () => {
    const result = merge3(base, 'a\nB\nc\nd\ne\nf\n', 'a\nb\nc\nd\nE\nf\n', LABELS);
    expect(result).toEqual({ text: 'a\nB\nc\nd\nE\nf\n', conflicts: [] });
  });
  it('takes a change made the same way on both sides once', () => {
    expect(merge3(base, 'a\nX\nc\nd\ne\nf\n', 'a\nX\nc\nd\ne\nf\n', LABELS).text).toBe('a\nX\nc\nd\ne\nf\n');
  });
  it('marks overlapping changes, with both versions between the markers', () => {
    const result = merge3(base, 'a\nmine\nc\nd\ne\nf\n', 'a\ntheirs\nc\nd\ne\nf\n', LABELS);
    expect(result.text).toBe('a\n<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> new\nc\nd\ne\nf\n');
    expect(result.conflicts).toEqual([{ baseLine: 2, base: ['b\n'], ours: ['mine\n'], theirs: ['theirs\n'] }]);
  });
  it('keeps ours in place of a conflict without markers', () => {
    expect(merge3(base, 'a\nmine\nc\nd\ne\nf\n', 'a\ntheirs\nc\nd\ne\nf\n', LABELS, { markers: false }).text).toBe('a\nmine\nc\nd\ne\nf\n');
  });
  it('treats insertions at the same place as a conflict, and appends at both ends cleanly', () => {
    expect(merge3(base, `${base}ours\n`, `${base}theirs\n`, LABELS).conflicts).toHaveLength(1);
    expect(merge3(base, `top\n${base}`, `${base}bottom\n`, LABELS).text).toBe(`top\n${base}bottom\n`);
  });
  it('keeps a missing final newline, and one side deleting what the other did not touch', () => {
    expect(merge3('a\nb\nc', 'a\nb\nC', 'A\nb\nc', LABELS).text).toBe('A\nb\nC');
    expect(merge3(base, 'a\nb\nc\nd\ne\nf\n', 'a\nf\n', LABELS).text).toBe('a\nf\n');
  });
});

/** An update of a small project: two files replaced, one created, two deleted (one leaving its folder empty). */
function project(): { root: string; before: Map<string, string> } {
  const root = mkdtempSync(join(tmpdir(), 'cms-apply-'));
  const files: Record<string, string> = { 'a.txt': 'a1\n', 'b/b.txt': 'b1\n', 'gone.txt': 'gone\n', 'old/only.txt': 'only\n', 'mine.txt': 'mine\n' };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, before: contents(root) };
}
const contents = (root: string): Map<string, string> => new Map(listTree(root).map((path) => [path, readFileSync(join(root, path), 'utf8')]));
const WRITES = [
  { path: 'a.txt', content: 'a2\n', executable: false },
  { path: 'b/b.txt', content: 'b2\n', executable: false },
  { path: 'new/n.txt', content: 'n\n', executable: false },
];
const DELETES = ['gone.txt', 'old/only.txt'];

function failingAt(n: number): WriterFs {
  let calls = 0;
  const fail = (op: keyof WriterFs) => (...args: unknown[]): unknown => {
    if (++calls === n) throw Object.assign(new Error(`${op} failed (injected)`), { code: 'EIO' });
    return (nodeFs[op] as (...a: unknown[]) => unknown)(...args);
  };
  // Every call of the writer's file-system interface, whatever it holds.
  return Object.fromEntries(Object.keys(nodeFs).map((op) => [op, fail(op as keyof WriterFs)])) as unknown as WriterFs;
}

describe('applyChanges', () => {
  it('replaces, creates and deletes, removing the folders a deletion empties; nothing else changes', async () => {
    const { root } = project();
    await applyChanges(root, WRITES, DELETES);
    expect(Object.fromEntries(contents(root))).toEqual({ 'a.txt': 'a2\n', 'b/b.txt': 'b2\n', 'new/n.txt': 'n\n', 'mine.txt': 'mine\n' });
    expect(listTree(root)).not.toContain('old');
  });

  it('leaves the project exactly as before when any file-system call of the write fails', async () => {
    let failures = 0;
    for (let n = 1; ; n++) {
      const { root, before } = project();
      const error = await applyChanges(root, WRITES, DELETES, { fs: failingAt(n) }).catch((e: unknown) => e);
      if (error === undefined) break;
      failures++;
      expect(String(error), `call ${n}`).toMatch(/injected/);
      expect(contents(root), `call ${n}`).toEqual(before);
    }
    expect(failures).toBeGreaterThan(5);
  });

  it('puts the deleted files back when the writer refuses', async () => {
    const { root, before } = project();
    const blocked = [...WRITES, { path: 'mine.txt/x', content: 'x', executable: false }];
    await expect(applyChanges(root, blocked, DELETES)).rejects.toThrow(/not regular files or folders/);
    expect(contents(root)).toEqual(before);
  });

  it('stops at a signal before anything moves', async () => {
    const { root, before } = project();
    const controller = new AbortController();
    controller.abort('SIGTERM');
    await expect(applyChanges(root, WRITES, DELETES, { signal: controller.signal })).rejects.toMatchObject({ exitCode: 143 });
    expect(contents(root)).toEqual(before);
  });
});
