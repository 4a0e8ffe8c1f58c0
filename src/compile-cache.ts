import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * The folder for V8 code caches: per user, never shared. CREATE_MLOPS_STACK_CACHE names another
 * folder, or turns the cache off with `off`.
 */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.CREATE_MLOPS_STACK_CACHE;
  if (chosen === 'off' || chosen === '0') return undefined;
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(chosen ?? join(base, 'create-mlops-stack'), `v8-${process.version}-${process.arch}`);
}

/**
 * Loads a CommonJS file as `require` would, keeping V8's compiled code for it in the cache folder,
 * under the file's content hash (given, or computed),
 * so that later runs skip parsing and compiling it (what Node 22's module.enableCompileCache does
 * for every module). The cache is written as the process exits, so it holds the functions that
 * run used too. Any problem with the cache only costs the compile it would have saved.
 */
export function requireCached(file: string, contentHash?: string): unknown {
  const source = readFileSync(file, 'utf8');
  const folder = cacheFolder();
  // Keyed by content: V8 checks only a cache's length against the source, and npm gives every
  // packed file the same modification time. The build passes the hashes it computed (hashing at
  // run time costs more than a millisecond).
  const key = contentHash ?? createHash('sha1').update(source).digest('hex');
  const cacheFile = folder && join(folder, `${basename(file)}-${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // not cached yet
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        const temporary = `${cacheFile}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, cacheFile);
      } catch {
        // a read-only home or a full disk: run without the cache
      }
    });
  }
  return module.exports;
}
