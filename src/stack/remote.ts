import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StackError, interruptedBy } from '../errors.js';

/** `https://`, `ssh://`, `git://`, `file://` URLs and scp-style `git@host:path`, each optionally `#<ref>`. */
export const isGitUrl = (source: string): boolean => /^(https?:\/\/|ssh:\/\/|git:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)/.test(source);

export interface ClonedStack {
  /** The checked-out tree: the stack folder. */
  dir: string;
  /** Removes the clone; also done at process exit if never called. */
  remove(): void;
}

/** Clones left at exit (a second Ctrl-C exits at once) are removed then. */
const clones = new Set<string>();
let exitHookInstalled = false;
function track(dir: string): () => void {
  clones.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => clones.forEach((d) => rmSync(d, { recursive: true, force: true })));
  }
  return () => {
    rmSync(dir, { recursive: true, force: true });
    clones.delete(dir);
  };
}

/** `url#ref` -> [url, ref]; the ref is a branch, tag or commit, HEAD when absent. */
export function splitRef(source: string): [url: string, ref: string] {
  const at = source.lastIndexOf('#');
  return at === -1 ? [source, 'HEAD'] : [source.slice(0, at), source.slice(at + 1) || 'HEAD'];
}

// A fetched stack is untrusted: its symlinks are checked out as plain files, no credentials are asked
// for, and only the plain transports are allowed.
const GIT_CONFIG = ['-c', 'core.symlinks=false', '-c', 'protocol.ext.allow=never', '-c', 'advice.detachedHead=false'];

function git(args: string[], cwd: string, signal: AbortSignal | undefined): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('git', [...GIT_CONFIG, ...args], {
      cwd,
      signal,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stderr }));
  });
}

/**
 * Fetches one commit of a stack repository (`--depth 1`) into a temporary folder, as `databricks
 * bundle init <url>` does. The folder is removed by `remove()`, on any error here, and at exit.
 */
export async function cloneStack(source: string, signal?: AbortSignal): Promise<ClonedStack> {
  const [url, ref] = splitRef(source);
  if (ref.startsWith('-')) throw new StackError(`--template-dir ${source}: the ref ${JSON.stringify(ref)} must not start with "-"`);
  const dir = mkdtempSync(join(tmpdir(), 'cms-stack-'));
  const remove = track(dir);
  try {
    const steps: [string[], (stderr: string) => string][] = [
      [['init', '--quiet'], (e) => e],
      [['fetch', '--quiet', '--depth', '1', '--', url, ref], (e) => fetchProblem(url, ref, e)],
      [['checkout', '--quiet', '--detach', 'FETCH_HEAD'], (e) => e],
    ];
    for (const [args, explain] of steps) {
      const { code, stderr } = await git(args, dir, signal);
      if (code !== 0) throw new StackError(`--template-dir ${source}: ${explain(stderr.trim())}`);
    }
    return { dir, remove };
  } catch (error) {
    remove();
    if (signal?.aborted) throw interruptedBy(signal);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StackError(`--template-dir ${source}: git is not installed (or not on PATH); it is needed to fetch a stack from a git URL`);
    }
    throw error;
  }
}

function fetchProblem(url: string, ref: string, stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.replace(/^(fatal|error): /, ''));
  if (/couldn't find remote ref|not our ref|no such remote ref|unadvertised object/i.test(stderr)) {
    return `no branch, tag or commit ${JSON.stringify(ref)} in ${url}`;
  }
  return `could not fetch ${url}: ${lines.filter(Boolean).join('; ')}`;
}

/** A `--template-dir` value made a folder: itself, or a clone of the git URL it names (removed by `remove()`). */
export interface TemplateDir {
  dir: string;
  remote: boolean;
  remove(): void;
}

export async function openTemplateDir(source: string, signal?: AbortSignal): Promise<TemplateDir> {
  if (!isGitUrl(source)) return { dir: source, remote: false, remove: () => undefined };
  return { ...(await cloneStack(source, signal)), remote: true };
}
