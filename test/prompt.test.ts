import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/cli.js';
import { listTree, tempDir } from './support/cli.js';
import { KEYS, fakeTerminal } from './support/terminal.js';

let out: string;
beforeEach(() => {
  out = tempDir();
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe('interactive prompts (real Inquirer questions, simulated keys)', () => {
  it('asks the questions in order, skips the irrelevant ones, and writes the project', async () => {
    const terminal = fakeTerminal(['--output-dir', out]);
    const done = main(terminal.io);
    await terminal.answer('Welcome to create-mlops-stack');
    await terminal.answer('Select setup for your MLOps stack', KEYS.down, KEYS.enter); // Project_Only
    await terminal.answer('Project name', ...'churn-model', KEYS.enter);
    await terminal.answer('Root directory name', KEYS.enter); // default: the project name
    await terminal.answer('Select cloud', KEYS.down, KEYS.enter); // aws
    await terminal.answer('User group granted read access', KEYS.enter);
    await terminal.answer('Register models in Unity Catalog', KEYS.down, KEYS.enter); // no
    await terminal.answer('Fully qualified', KEYS.enter);
    await terminal.answer('Include the Feature Store example', KEYS.enter); // no
    await terminal.answer('Include the MLflow Recipes example', KEYS.enter); // no
    await terminal.answer('Compute the jobs run on', KEYS.enter); // serverless
    expect(await done).toBe(0);
    const screen = terminal.screen();
    for (const skipped of ['Select CI/CD platform', 'URL of the staging', 'Unity Catalog catalog', 'Unity Catalog schema', 'Docker image']) {
      expect(screen).not.toContain(skipped);
    }
    expect(terminal.stdout()).toMatch(/Created \d+ files in .*churn-model/);
  });

  it('offers defaults computed from earlier answers and re-asks an invalid answer with the rule', async () => {
    const terminal = fakeTerminal(['--output-dir', out, '--dry-run', '--cloud', 'gcp', '--setup-cicd-and-project', 'CICD_and_Project']);
    const done = main(terminal.io);
    await terminal.answer('Project name', ...'a b', KEYS.enter);
    await terminal.answer('must not contain a space', ...Array(3).fill(KEYS.backspace), ...'ok-name', KEYS.enter);
    await terminal.answer('Select CI/CD platform', KEYS.enter);
    await terminal.answer('https://your-staging-workspace.gcp.databricks.com', KEYS.enter);
    await terminal.answer('https://your-prod-workspace.gcp.databricks.com', KEYS.enter);
    for (const question of ['default branch', 'release branch', 'read access', 'Unity Catalog', 'staging environment', 'production environment', 'test environment']) {
      await terminal.answer(question, KEYS.enter);
    }
    await terminal.answer('ok_name', KEYS.enter); // schema default derived from the project name
    await terminal.answer('account users', KEYS.enter);
    await terminal.answer('dev.ok_name.predictions_with_labels', KEYS.enter);
    await terminal.answer('Feature Store', KEYS.enter);
    await terminal.answer('Compute the jobs run on', KEYS.enter);
    await terminal.answer('How CI/CD signs in', KEYS.enter);
    expect(await done).toBe(0);
    expect(terminal.screen()).not.toContain('MLflow Recipes example');
  });

  it('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const terminal = fakeTerminal(['--output-dir', out]);
    const done = main(terminal.io);
    await terminal.answer('Select setup for your MLOps stack', KEYS.down, KEYS.enter);
    await terminal.answer('Project name', KEYS.ctrlC);
    expect(await done).toBe(130);
    expect(listTree(out)).toEqual([]);
  });

  it('--yes on a TTY asks nothing', async () => {
    const terminal = fakeTerminal(['--yes', '--output-dir', join(out, 'x')]);
    expect(await main(terminal.io)).toBe(0);
    expect(terminal.screen()).toBe('');
    expect(listTree(out).length).toBeGreaterThan(0);
  });
});
