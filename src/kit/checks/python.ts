import { spawnSync } from 'node:child_process';
import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';

const COMPILE_ALL = [
  'import json, sys',
  'for name, text in json.load(sys.stdin).items():',
  '    try:',
  '        compile(text, name, "exec")',
  '    except SyntaxError as e:',
  '        print(f"{name}:{e.lineno}: {e.msg}")',
].join('\n');

export const PYTHON = process.platform === 'win32' ? 'python' : 'python3';

/**
 * Compiles every source in one python3 process (one start-up for the whole matrix); returns
 * `name:line: error` lines, or undefined when python3 cannot be run.
 */
export function pythonProblems(sources: ReadonlyMap<string, string>): string[] | undefined {
  if (sources.size === 0) return [];
  const result = spawnSync(PYTHON, ['-c', COMPILE_ALL], { input: JSON.stringify(Object.fromEntries(sources)), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return undefined;
  if (result.status !== 0) throw new Error(`${PYTHON} exited with ${result.status}: ${result.stderr.trim().split('\n').pop()}`);
  return result.stdout.split('\n').filter(Boolean);
}

export const pythonCheck: Check = {
  id: 'python',
  title: 'Python compiles (python3)',
  async run(projects) {
    const files = distinctFiles(projects, (path) => path.endsWith('.py'));
    const sources = new Map(files.map((f, n) => [`${f.path} ${seenIn(f.ids)}${n === 0 ? '' : ` #${n}`}`, f.text]));
    const problems = pythonProblems(sources);
    if (problems === undefined) return { skipped: `${PYTHON} is not on PATH` };
    return { checked: files.length, problems };
  },
};
