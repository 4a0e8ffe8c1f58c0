import { renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { interruptedBy } from '../errors.js';
import type { PlannedFile } from '../render/render.js';
import { type WriterFs, nodeFs, writeProject } from '../write/write.js';

/**
 * Writes an update all or nothing: the files it deletes are first moved aside into a holding folder
 * inside `root`, then the project's writer replaces and creates the rest (itself all or nothing);
 * if that fails or a signal stops it, the moved files are put back. The writer only writes, so the
 * deletions are this module's.
 */
export async function applyChanges(
  root: string,
  writes: readonly PlannedFile[],
  deletes: readonly string[],
  options: { signal?: AbortSignal; fs?: WriterFs } = {},
): Promise<void> {
  const { signal } = options;
  const fs = options.fs ?? nodeFs;
  const moved: [from: string, to: string][] = [];
  const hold = deletes.length > 0 ? fs.mkdtemp(join(root, '.create-mlops-stack-removed-')) : undefined;
  try {
    // A signal sent while the update was computed is delivered here, before anything moves.
    await new Promise((resume) => setImmediate(resume));
    deletes.forEach((path, index) => {
      if (signal?.aborted) throw interruptedBy(signal);
      const to = join(hold as string, String(index));
      fs.rename(join(root, path), to);
      moved.push([join(root, path), to]);
    });
    await writeProject(root, writes, { force: true, within: root, signal, fs: options.fs });
  } catch (error) {
    for (const [from, to] of moved.reverse()) renameSync(to, from);
    if (hold) rmSync(hold, { recursive: true, force: true });
    throw error;
  }
  try {
    if (hold) rmSync(hold, { recursive: true, force: true });
  } catch {
    // the update is in place; a holding folder left behind is only clutter
  }
  for (const path of deletes) removeEmptyParents(root, dirname(join(root, path)));
}

/** Folders a deletion left empty, up to (not including) root; the first that is not empty stops it. */
function removeEmptyParents(root: string, dir: string): void {
  for (let current = dir; current.length > root.length && current.startsWith(root); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
  }
}
