import { spawn } from 'node:child_process';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file, folder and link below `dir` with its mode (and a file's content, a link's target), sorted:
 * compared before and after a run, so an empty folder or a changed mode left behind shows.
 */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = `${prefix}${entry.name}`;
      const full = join(d, entry.name);
      const mode = (lstatSync(full).mode & 0o7777).toString(8);
      if (entry.isDirectory()) {
        out.push(`${rel}/ ${mode}`);
        walk(full, `${rel}/`);
      } else if (entry.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(full)}`);
      else out.push(`${rel} ${mode}: ${readFileSync(full, 'utf8')}`);
    }
  };
  walk(dir, '');
  return out;
}

/** The paths of `tree`, without modes and contents. */
export const pathsOf = (dir: string): string[] => tree(dir).map((line) => line.replace(/ (-> .*|\d+(: [\s\S]*)?)$/, ''));

export const STAGING = '.create-mlops-stack-';

/**
 * Another process that acts the moment a staging folder appears in `dir` (so after the conflict
 * check, before the moves): `file` creates `target` (exclusively), `folder` makes it, `symlink`
 * links it to `extra`, `swap` moves the folder `target` away and puts a link to `extra` there,
 * `edit` appends to it. `done` resolves with "done" or the error code of the action.
 */
export async function secondWriter(dir: string, action: 'file' | 'folder' | 'symlink' | 'swap' | 'edit', target: string, extra = ''): Promise<{ done: Promise<string> }> {
  const script = `
    const fs = require('node:fs');
    const [dir, action, target, extra] = process.argv.slice(1);
    const act = {
      file: () => fs.writeFileSync(target, 'written by another process', { flag: 'wx' }),
      folder: () => fs.mkdirSync(target),
      symlink: () => fs.symlinkSync(extra, target),
      swap: () => (fs.renameSync(target, target + '.moved'), fs.symlinkSync(extra, target)),
      edit: () => fs.appendFileSync(target, ', edited by another process'),
    }[action];
    const watcher = fs.watch(dir, (event, name) => {
      if (!name || !name.startsWith(${JSON.stringify(STAGING)})) return;
      watcher.close();
      let result = 'done';
      try { act(); } catch (error) { result = error.code; }
      process.stdout.write(result);
    });
    process.stdout.write('ready\\n');
    // Gone by itself after the first staging folder, or after a while if none ever appears.
    setTimeout(() => process.exit(), 10000).unref();
  `;
  const child = spawn(process.execPath, ['-e', script, dir, action, target, extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const done = new Promise<string>((resolve) => child.on('exit', () => resolve(output.replace('ready\n', ''))));
  await new Promise<void>((ready) =>
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      if (output.startsWith('ready\n')) ready();
    }),
  );
  return { done };
}
