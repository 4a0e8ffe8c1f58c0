import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STALE_DAYS, cacheFolder } from '../src/compile-cache.js';

const LOADER = resolve('dist/compile-cache.cjs');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cms-cache-test-'));
  writeFileSync(join(dir, 'mod.cjs'), "module.exports.answer = () => 6 * 7;\nmodule.exports.here = __dirname;\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Loads mod.cjs through the built loader in a fresh process, as index.cjs loads the CLI; `complete`
 * runs mark themselves complete as the CLI does after a render.
 */
function load(cache: string, { complete = true } = {}): string {
  const loader = `require(${JSON.stringify(LOADER)})`;
  const script = `const m = ${loader}.requireCached(${JSON.stringify(join(dir, 'mod.cjs'))}); ${complete ? `${loader}.markRunComplete();` : ''} console.log(m.answer(), m.here);`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, CREATE_MLOPS_STACK_CACHE: cache } }).trim();
}

describe('requireCached', () => {
  it('loads a CommonJS file and keeps its compiled code for the next run', () => {
    const cache = join(dir, 'cache');
    expect(load(cache)).toBe(`42 ${dir}`);
    const [folder] = readdirSync(cache);
    const files = readdirSync(join(cache, folder as string));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^mod\.cjs-[0-9a-f]{40}\.bin$/);
    if (process.platform !== 'win32') expect(statSync(join(cache, folder as string, files[0] as string)).mode & 0o077).toBe(0);
    expect(load(cache)).toBe(`42 ${dir}`);
  });

  it('keeps the cache of a run that stopped early as partial, until a complete run replaces it', () => {
    const cache = join(dir, 'cache');
    const cached = (): string[] => {
      const [folder] = readdirSync(cache);
      return readdirSync(join(cache, folder as string)).map((file) => file.replace(/-[0-9a-f]{40}/, '-<hash>'));
    };
    expect(load(cache, { complete: false })).toBe(`42 ${dir}`);
    expect(cached()).toEqual(['mod.cjs-<hash>.partial.bin']);
    expect(load(cache)).toBe(`42 ${dir}`);
    expect(cached()).toEqual(['mod.cjs-<hash>.bin']);
    const [folder] = readdirSync(cache);
    const complete = join(cache, folder as string, readdirSync(join(cache, folder as string))[0] as string);
    const written = statSync(complete).mtimeMs;
    expect(load(cache, { complete: false })).toBe(`42 ${dir}`);
    expect(cached()).toEqual(['mod.cjs-<hash>.bin']);
    expect(statSync(complete).mtimeMs).toBe(written);
  });

  it('never uses the cache of other content of the same length and time (as npm packs files)', () => {
    const cache = join(dir, 'cache');
    const packedTime = new Date('1985-10-26T08:15:00Z');
    utimesSync(join(dir, 'mod.cjs'), packedTime, packedTime);
    expect(load(cache)).toBe(`42 ${dir}`);
    writeFileSync(join(dir, 'mod.cjs'), "module.exports.answer = () => 6 * 8;\nmodule.exports.here = __dirname;\n");
    utimesSync(join(dir, 'mod.cjs'), packedTime, packedTime);
    expect(load(cache)).toBe(`48 ${dir}`);
  });

  it('survives a corrupt cache file', () => {
    const cache = join(dir, 'cache');
    load(cache);
    const [folder] = readdirSync(cache);
    const [file] = readdirSync(join(cache, folder as string));
    writeFileSync(join(cache, folder as string, file as string), 'not a code cache');
    expect(load(cache)).toBe(`42 ${dir}`);
  });

  it('writes nothing with the cache off', () => {
    expect(load('off')).toBe(`42 ${dir}`);
    expect(readdirSync(dir)).toEqual(['mod.cjs']);
  });

  it('keeps caches per user, Node version and architecture', () => {
    expect(cacheFolder({ XDG_CACHE_HOME: '/home/u/.cache' })).toMatch(
      process.platform === 'linux' ? new RegExp(`^/home/u/\\.cache/create-mlops-stack/v8-${process.version}-${process.arch}$`) : /create-mlops-stack/,
    );
    expect(cacheFolder({ CREATE_MLOPS_STACK_CACHE: '0' })).toBeUndefined();
  });
});

describe('pruning the cache', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const stale = new Date(Date.now() - (STALE_DAYS + 1) * DAY);
  const fresh = new Date(Date.now() - (STALE_DAYS - 1) * DAY);
  const plant = (path: string, time: Date): void => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'x');
    utimesSync(path, time, time);
  };
  /** Every file below `cache`, `/`-separated, sorted. */
  const tree = (cache: string): string[] =>
    (readdirSync(cache, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(cache.length + 1).split('\\').join('/'))
      .sort();

  it('the first write of a run removes cache files unwritten for the limit, in every v8 folder, and nothing else', () => {
    const cache = join(dir, 'cache');
    load(cache);
    const current = readdirSync(cache)[0] as string;
    const inUse = readdirSync(join(cache, current))[0] as string;
    // The module the next run loads comes from the cache, as old as the others: in use, so kept.
    utimesSync(join(cache, current, inUse), stale, stale);
    plant(join(cache, current, `cli.cjs-${'a'.repeat(40)}.bin`), stale); // an older version's bundle
    plant(join(cache, current, `cli.cjs-${'b'.repeat(40)}.partial.bin`), stale);
    plant(join(cache, current, `cli.cjs-${'c'.repeat(40)}.bin.4242`), stale); // a crashed write's temporary file
    plant(join(cache, current, 'validators', 'old.cjs'), stale);
    plant(join(cache, current, 'validators', 'recent.cjs'), fresh);
    plant(join(cache, 'v8-v18.0.0-x64', 'cli.cjs-d.bin'), stale); // another Node version, all stale: the folder goes
    plant(join(cache, 'v8-v18.0.0-x64', 'validators', 'e.cjs'), stale);
    plant(join(cache, 'v8-v19.0.0-x64', 'cli.cjs-f.bin'), fresh);
    plant(join(cache, current, 'notes.txt'), stale); // not a file the cache writes
    plant(join(cache, 'elsewhere', 'cli.cjs-g.bin'), stale); // not a v8 folder
    const before = tree(cache);

    // A run that finds its code cached writes nothing, and so prunes nothing.
    load(cache);
    expect(tree(cache)).toEqual(before);

    // A run that writes (a second module, new to the cache) prunes once.
    writeFileSync(join(dir, 'mod2.cjs'), 'module.exports.two = 2;\n');
    const loader = `require(${JSON.stringify(LOADER)})`;
    const script = `${loader}.requireCached(${JSON.stringify(join(dir, 'mod.cjs'))}); ${loader}.requireCached(${JSON.stringify(join(dir, 'mod2.cjs'))}); ${loader}.markRunComplete();`;
    execFileSync(process.execPath, ['-e', script], { env: { ...process.env, CREATE_MLOPS_STACK_CACHE: cache } });
    const after = tree(cache);
    expect(after.filter((path) => !path.includes('mod2.cjs-'))).toEqual(
      [`${current}/${inUse}`, `${current}/notes.txt`, `${current}/validators/recent.cjs`, 'elsewhere/cli.cjs-g.bin', 'v8-v19.0.0-x64/cli.cjs-f.bin'].sort(),
    );
    expect(after.filter((path) => path.startsWith(`${current}/mod2.cjs-`))).toHaveLength(1);
    expect(existsSync(join(cache, 'v8-v18.0.0-x64'))).toBe(false);
  });
});
