import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { structuredPatch } from 'diff';
import { findRecords } from './find.js';
import { contentHash } from './hash.js';
import { checkBaseReproduces, sourcesOf, withPrefix } from './update.js';

export interface FileDiff {
  path: string;
  status: 'modified' | 'deleted';
  /** A unified diff, pristine render -> the user's file; empty for files that are not text. */
  patch: string;
}

const textOf = (bytes: Buffer): string | undefined => {
  const text = bytes.toString('utf8');
  return !text.includes('\u0000') && Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
};

function unified(path: string, before: string, after: string | undefined): string {
  const { hunks } = structuredPatch(path, path, before, after ?? '', '', '', { context: 3 });
  const header = [`--- a/${path}`, after === undefined ? '+++ /dev/null' : `+++ b/${path}`];
  const body = hunks.flatMap((hunk) => [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines]);
  return `${[...header, ...body].join('\n')}\n`;
}

/** `diff`: what the user changed in each run's files, against the pristine render of the recorded version. */
export async function diffProject(options: { projectDir?: string; from?: string; templateDir?: string }): Promise<FileDiff[]> {
  const diffs: FileDiff[] = [];
  for (const found of findRecords(resolve(options.projectDir ?? '.')).records) {
    const changed: [path: string, mine: Buffer | undefined][] = [];
    for (const [path, hash] of Object.entries(found.record.files)) {
      let mine: Buffer | undefined;
      try {
        mine = readFileSync(join(found.projectDir, path));
      } catch {
        mine = undefined;
      }
      if (mine === undefined || contentHash(mine) !== hash) changed.push([path, mine]);
    }
    if (changed.length === 0) continue;
    const base = await (await sourcesOf(found, options)).renderBase();
    checkBaseReproduces(found, base);
    for (const [path, mine] of changed) {
      const pristine = base.files.get(path)?.content ?? '';
      const before = typeof pristine === 'string' ? pristine : textOf(pristine);
      const after = mine === undefined ? undefined : textOf(mine);
      const shown = withPrefix(found.prefix, path);
      const text = before !== undefined && (mine === undefined || after !== undefined);
      diffs.push({ path: shown, status: mine === undefined ? 'deleted' : 'modified', patch: text ? unified(shown, before as string, after) : '' });
    }
  }
  return diffs;
}
