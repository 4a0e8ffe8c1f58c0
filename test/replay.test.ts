import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../src/cli/shell.js';
import { chosenAnswers } from '../src/cli/replay.js';
import { loadBuiltinStack } from '../src/stack/builtin.js';
import { resolveAnswers } from '../src/answers/answers.js';

describe('shellQuote', () => {
  const values = ['plain-name', "it's", 'a b', '$HOME', '`id`', '$(id)', 'x;y', 'a\nb', '!', '*', '~/src', '', 'é', '"q"', "''"];
  it.skipIf(process.platform === 'win32')('gives words a POSIX shell reads back verbatim', () => {
    const script = `printf '%s\\0' ${values.map(shellQuote).join(' ')}`;
    expect(execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1)).toEqual(values);
  });

  it('leaves safe words unquoted', () => {
    expect(['fraud-model', '--cloud', '/tmp/out', 'dev.x.y'].map(shellQuote)).toEqual(['fraud-model', '--cloud', '/tmp/out', 'dev.x.y']);
  });
});

describe('chosenAnswers', () => {
  it('keeps only answers that differ from the defaults a run without questions would derive', async () => {
    const stack = await loadBuiltinStack();
    const answers = await resolveAnswers(stack, { flags: { input_project_name: 'fraud-model', input_schema_name: 'fraud_model', input_cloud: 'azure', input_read_user_group: 'ml-team' } });
    // input_schema_name equals its default derived from the project name; input_cloud its plain default.
    expect(chosenAnswers(stack, answers)).toEqual({ input_project_name: 'fraud-model', input_read_user_group: 'ml-team' });
  });
});
