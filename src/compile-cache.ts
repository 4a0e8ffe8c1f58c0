import type * as Crypto from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * The folder for V8 code caches: per user, never shared. CREATE_MLOPS_STACK_CACHE names another
 * folder, or turns the cache off with `off`.
 */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.CREATE_MLOPS_STACK_CACHE;
  if (chosen === 'off' || chosen === '0') return undefined;
  return join(chosen ?? join(userCacheBase(env), 'create-mlops-stack'), `v8-${process.version}-${process.arch}`);
}

// Loaded only when needed: this module runs before anything else, and node:crypto alone costs about
// 3 ms of start-up, more than the cache saves on a small file.
let nodeRequire: NodeJS.Require | undefined;
const requireBuiltin = (name: string): unknown => (nodeRequire ??= createRequire(import.meta.filename))(name);
/** On POSIX, os.homedir() is $HOME when set; reading it spares loading node:os. */
const homeOf = (env: NodeJS.ProcessEnv): string =>
  (process.platform !== 'win32' && env.HOME) || (requireBuiltin('node:os') as typeof Os).homedir();

export function userCacheBase(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env.LOCALAPPDATA ?? join(homeOf(env), 'AppData', 'Local');
  if (process.platform === 'darwin') return join(homeOf(env), 'Library', 'Caches');
  return env.XDG_CACHE_HOME ?? join(homeOf(env), '.cache');
}

const sha1 = (text: string): string => (requireBuiltin('node:crypto') as typeof Crypto).createHash('sha1').update(text).digest('hex');

const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';
/**
 * A CommonJS module as the function expression `requireCached` runs. The build writes the modules it
 * loads in this form, which spares each run a copy of the whole source (half a megabyte).
 */
export const wrapModule = (source: string): string => `${WRAPPER}${source}\n})`;

/** Set by a run that did its whole job (rendered a project); the caches it writes serve every run. */
const RUN_COMPLETE = Symbol.for('create-mlops-stack.run-complete');
export function markRunComplete(): void {
  (globalThis as Record<symbol, unknown>)[RUN_COMPLETE] = true;
}
const runComplete = (): boolean => (globalThis as Record<symbol, unknown>)[RUN_COMPLETE] === true;

/**
 * Loads a CommonJS file as `require` would, keeping V8's compiled code for it in the cache folder,
 * under the file's content hash (given, or computed), so that later runs skip parsing and compiling
 * it (what Node 22's module.enableCompileCache does for every module). Any problem with the cache
 * only costs the compile it would have saved. The module's `require` is Node's for its folder, or
 * `moduleRequire`.
 *
 * The cache is written as the process exits, so it holds the functions that run compiled, and V8
 * never adds to a cache it accepted. So the cache of a run that stopped early (`--help`, an invalid
 * input) is kept as partial, and replaced by the first run that marks itself complete: otherwise a
 * user's first `--help` would decide what every later render finds in the cache.
 */
export function requireCached(file: string, contentHash?: string, moduleRequire: (name: string) => unknown = createRequire(file)): unknown {
  const source = readFileSync(file, 'utf8');
  inUse.add(file);
  const folder = cacheFolder();
  // Keyed by content: V8 checks only a cache's length against the source, and npm gives every
  // packed file the same modification time. The build passes the hashes it computed (hashing at
  // run time costs more than a millisecond).
  const key = contentHash ?? sha1(source);
  const stem = folder && join(folder, `${basename(file)}-${key}`);
  const cached = stem ? readCache(stem) : undefined;
  const script = new Script(source.startsWith(WRAPPER) ? source : wrapModule(source), { filename: file, cachedData: cached?.data });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, moduleRequire, module, file, dirname(file));
  if (stem && (!cached?.complete || script.cachedDataRejected)) {
    process.once('exit', () => {
      const complete = runComplete();
      if (cached && !script.cachedDataRejected && !complete) return;
      try {
        writeCache(folder, `${stem}${complete ? COMPLETE : PARTIAL}`, script.createCachedData());
        if (complete && cached && !cached.complete) rmSync(`${stem}${PARTIAL}`, { force: true });
      } catch {
        // a read-only home or a full disk: run without the cache
      }
    });
  }
  return module.exports;
}

const COMPLETE = '.bin';
const PARTIAL = '.partial.bin';

function readCache(stem: string): { data: Buffer; complete: boolean } | undefined {
  for (const [suffix, complete] of [[COMPLETE, true], [PARTIAL, false]] as const) {
    try {
      const data = readFileSync(`${stem}${suffix}`);
      inUse.add(`${stem}${suffix}`);
      return { data, complete };
    } catch {
      // not cached yet
    }
  }
  return undefined;
}

/**
 * Writes a file of the cache `folder` (a `cacheFolder()`) whole or not at all, through a temporary
 * file removed on failure; throws when it cannot. The first write of a process prunes the cache.
 */
export function writeCache(folder: string, file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  inUse.add(file);
  if (pruned) return;
  pruned = true;
  pruneCache(folder);
}

/** Files of the cache this process read or wrote: never stale, whatever their age. */
const inUse = new Set<string>();
let pruned = false;
/** How long a cache file may go unwritten before the next write of the cache removes it. */
export const STALE_DAYS = 30;
/** The files the cache writes: V8 caches, validators, and a write's temporary file. */
const CACHE_FILE = /\.(bin|cjs)(\.\d+)?$/;

/**
 * Keeps the cache from growing without end: removes the cache files no run has written for
 * STALE_DAYS (other versions' bundles, other schemas' validators, other Node versions' folders), and
 * the folders they leave empty. It runs once a process, on the first write (when a new version or a
 * new schema comes in), so a run that finds everything cached pays nothing. Only the `v8-*` folders
 * beside `folder` are looked into, and only files of the kinds the cache writes are removed, so a
 * CREATE_MLOPS_STACK_CACHE that names a shared folder loses nothing else. A file still in use whose
 * age passes the limit costs one compile: the run that misses it writes it anew.
 */
function pruneCache(folder: string, now = Date.now()): void {
  const cutoff = now - STALE_DAYS * 24 * 60 * 60 * 1000;
  const root = dirname(folder);
  const prune = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      try {
        if (entry.isDirectory() && depth > 0) prune(path, depth - 1);
        else if (entry.isFile() && CACHE_FILE.test(entry.name) && !inUse.has(path) && statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
      } catch {
        // another run removed it first, or it is not ours to remove
      }
    }
    if (dir !== folder && dir !== root) {
      try {
        rmdirSync(dir); // only succeeds when empty
      } catch {
        // still holds files
      }
    }
  };
  try {
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name.startsWith('v8-')) prune(join(root, entry.name), 1);
    }
  } catch {
    // the cache root cannot be read: nothing to prune
  }
}
