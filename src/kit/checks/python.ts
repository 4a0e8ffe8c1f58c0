import { spawnSync } from 'node:child_process';
import type { Check } from '../check.js';
import { distinctFiles, seenIn } from '../matrix.js';

const COMPILE_ALL = [
  'import json, sys',
  'for index, text in enumerate(json.load(sys.stdin)):',
  '    try:',
  '        compile(text, str(index), "exec")',
  '    except SyntaxError as e:',
  '        print(json.dumps([index, e.lineno, e.msg]))',
].join('\n');

export const PYTHON = process.platform === 'win32' ? 'python' : 'python3';

export interface SyntaxProblem {
  index: number;
  line: number;
  message: string;
}

/**
 * Compiles every source in one python3 process (one start-up for the whole matrix); returns the
 * syntax errors by index of the source, or undefined when python3 cannot be run.
 */
export function compilePython(sources: readonly string[]): SyntaxProblem[] | undefined {
  if (sources.length === 0) return [];
  const result = spawnSync(PYTHON, ['-c', COMPILE_ALL], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return undefined;
  if (result.status !== 0) throw new Error(`${PYTHON} exited with ${result.status}: ${result.stderr.trim().split('\n').pop()}`);
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [index, lineNumber, message] = JSON.parse(line) as [number, number | null, string];
      return { index, line: lineNumber ?? 0, message };
    });
}

export const pythonCheck: Check = {
  id: 'python',
  title: 'Python compiles (python3)',
  async run(projects) {
    const files = distinctFiles(projects, (path) => path.endsWith('.py'));
    const problems = compilePython(files.map((f) => f.text));
    if (problems === undefined) return { skipped: `${PYTHON} is not on PATH` };
    return {
      checked: files.length,
      problems: problems.map(({ index, line, message }) => `${files[index]?.path}:${line}: ${message}  ${seenIn(files[index]?.ids ?? [])}`),
    };
  },
};
