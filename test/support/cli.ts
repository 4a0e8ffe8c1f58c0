import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

export const BIN = resolve('index.cjs');

/** The spawned CLI keeps its code cache here, not in the user's cache folder. */
export const CODE_CACHE = mkdtempSync(join(tmpdir(), 'cms-code-cache-'));
process.env.CREATE_MLOPS_STACK_CACHE = CODE_CACHE;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI as a user would, without a TTY (stdin is a pipe, closed at once unless `input` is given). */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; bin?: string } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'cms-cli-'));

/** All files below `dir`, relative, `/`-separated, sorted. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
