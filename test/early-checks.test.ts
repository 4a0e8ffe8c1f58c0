import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/cli.js';
import { listTree, tempDir } from './support/cli.js';
import { KEYS, fakeTerminal } from './support/terminal.js';

let out: string;
beforeEach(() => {
  out = tempDir();
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

/** Issue 13, item 1, with the real prompts: nothing the user types is refused questions later. */
describe('checks made at the question that decides them (real prompts)', () => {
  it('refuses co@n at the project-name question, for the package folder it derives, and takes the next answer', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--dry-run', '--setup-cicd-and-project', 'CICD_and_Project', '--cloud', 'aws']);
    const done = main(terminal.io);
    await terminal.answer('Project name', ...Array(16).fill(KEYS.backspace), ...'co@n', KEYS.enter);
    await terminal.answer('the pkg name "con" derived from it must not use "con"', ...Array(4).fill(KEYS.backspace), ...'churn', KEYS.enter);
    await terminal.answer('Select CI/CD platform', KEYS.ctrlC);
    expect(await done).toBe(130);
    expect(terminal.screen()).toContain('churn');
  });

  it('refuses a bad flag value before the first question', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--release-branch', 'bad branch']);
    expect(await main(terminal.io)).toBe(1);
    expect(terminal.screen()).toMatch(/input_release_branch \(--release-branch\) must be a valid git branch name, without a space; got "bad branch" \(given as a flag\)/);
    expect(terminal.screen()).not.toContain('Select setup');
    expect(listTree(out)).toEqual([]);
  });

  it('refuses before the first question a project name flag whose package folder is not portable', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--project-name', 'co@n']);
    expect(await main(terminal.io)).toBe(1);
    expect(terminal.screen()).toContain('the pkg name "con" derived from it');
    expect(terminal.screen()).not.toContain('Select setup');
  });
});
