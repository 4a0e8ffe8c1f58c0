import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

/**
 * Start-up is a feature (README, Speed): a run loads only the Node modules it uses. The spawned CLI
 * reports the Node modules it loaded (process.moduleLoadList) as it exits.
 */
async function modulesLoaded(args: string[]): Promise<string[]> {
  const dir = tempDir();
  const list = join(dir, 'modules.txt');
  const hook = join(dir, 'report-modules.cjs');
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
  const run = await runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--require ${hook}` } });
  expect(run.code, run.stderr).toBe(0);
  return readFileSync(list, 'utf8')
    .split('\n')
    .filter((entry) => entry.startsWith('NativeModule '))
    .map((entry) => entry.slice('NativeModule '.length));
}

// child_process brings net, the streams and dgram; a stdin stream (a pipe here) brings net too.
const NEVER_AT_START = ['child_process', 'net', 'dgram', 'readline', 'os'];

describe('start-up', () => {
  it.each([[['--version']], [['--help']], [['test', '--help']], [['update', '--help']]])('%j loads neither crypto nor any module only other commands need', async (args) => {
    const loaded = await modulesLoaded(args);
    expect(loaded).toContain('vm'); // the report works: the code cache's loader is in it
    expect(loaded.filter((name) => [...NEVER_AT_START, 'crypto'].includes(name))).toEqual([]);
  });

  it('a scripted render (--yes) loads crypto for the run record, and never opens standard input', async () => {
    const loaded = await modulesLoaded(['--yes', 'startup-model', '--dry-run']);
    expect(loaded).toContain('crypto');
    expect(loaded.filter((name) => NEVER_AT_START.includes(name))).toEqual([]);
  });
});
