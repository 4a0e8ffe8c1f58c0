import { Option } from 'commander';
import type { Io, Subcommand } from '../cli/cli.js';
import { inputFlags, inputOption } from '../cli/input-flags.js';
import { createAsk } from '../cli/prompt.js';
import type { Painter } from '../cli/summary.js';
import { markRunComplete } from '../compile-cache.js';
import { loadBuiltinStack, loadStackFolder } from '../stack/builtin.js';
import { type CommonOptions, parseArgs, runReporting, subcommand, templateDirIn } from './command-line.js';
import type { FileStatus } from './plan.js';
import { type UpdatePlan, updateProject } from './update.js';

interface UpdateFlags extends CommonOptions {
  configFile?: string;
  conflict: 'markers' | 'rej';
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
}

const ORDER: FileStatus[] = ['conflict', 'merged', 'updated', 'added', 'removed', 'kept', 'unchanged'];

/** The plan as text: per record, every file that is not unchanged, then what to do next. */
export function describePlan(plan: UpdatePlan, dryRun: boolean, paint: Painter): string {
  const lines: string[] = [];
  for (const record of plan.records) {
    lines.push(`${paint.green('✔')} ${dryRun ? 'Would update' : 'Updated'} ${paint.bold(record.record)}: ${record.from} -> ${record.to}`);
    const files = [...record.files].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
    for (const file of files.filter((f) => f.status !== 'unchanged')) {
      const status = file.status === 'conflict' ? paint.red(file.status.padEnd(9)) : paint.cyan(file.status.padEnd(9));
      const detail = [file.conflicts ? `${file.conflicts} conflict${file.conflicts === 1 ? '' : 's'}` : '', file.note ?? ''].filter(Boolean).join('; ');
      lines.push(`  ${status} ${file.path}${detail ? paint.dim(` (${detail})`) : ''}`);
    }
    const unchanged = record.files.filter((f) => f.status === 'unchanged').length;
    if (unchanged > 0) lines.push(paint.dim(`  ${unchanged} file${unchanged === 1 ? '' : 's'} unchanged`));
    for (const [name, value] of Object.entries(record.addedInputs)) lines.push(`  new input ${name} = ${JSON.stringify(value)}`);
    for (const name of record.droppedInputs) lines.push(`  dropped input ${name} (the new version no longer has it)`);
  }
  const conflicts = plan.records.flatMap((r) => r.files).filter((f) => f.status === 'conflict');
  if (dryRun) lines.push('', paint.dim('Dry run: nothing was written.'));
  else if (conflicts.length > 0) {
    lines.push('', `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} in conflict: resolve the conflict markers (or the .rej files), then review with git diff and commit.`);
  } else lines.push('', 'Review the changes with git diff, then commit.');
  return `${lines.join('\n')}\n`;
}

/** `create-mlops-stack update`: brings every run recorded below a folder up to the current version of its stack. */
export const updateCommand: Subcommand = (args: string[], io: Io) =>
  runReporting(args, io, async (paint) => {
    const templateDir = templateDirIn(args);
    const stack = templateDir ? await loadStackFolder(templateDir) : await loadBuiltinStack();
    const command = subcommand('update', 'Merge what changed in the stack since the project was generated into the project, file by file (3-way).', io)
      .option('--config-file <path>', 'JSON or YAML object of input values (for inputs the new version adds, or to change recorded ones)')
      .addOption(new Option('--conflict <style>', 'overlapping changes as conflict markers in the file, or the file kept and <file>.rej written').choices(['markers', 'rej']).default('markers'))
      .option('-y, --yes', 'never prompt; inputs the new version adds take their defaults')
      .option('--dry-run', 'compute the update and print the plan, write nothing')
      .option('--force', 'update even when the git work tree has uncommitted changes')
      .addHelpText('after', '\nInput flags replace recorded answers. Statuses: updated, merged, conflict, kept, added, removed, unchanged.\n');
    command.optionsGroup('Input flags (one per input of the stack):');
    for (const input of stack.inputs) command.addOption(inputOption(input));
    if (!parseArgs(command, args)) return 0;
    const options = command.opts<UpdateFlags>();
    const interactive = !options.yes && Boolean(io.stdin.isTTY);
    const plan = await updateProject({
      projectDir: options.projectDir,
      from: options.from,
      templateDir: options.templateDir,
      flags: inputFlags(stack, options as unknown as Record<string, unknown>),
      configFile: options.configFile,
      ask: interactive ? createAsk({ input: io.stdin, output: io.stderr, signal: io.signal }) : undefined,
      conflict: options.conflict,
      dryRun: options.dryRun,
      force: options.force,
      signal: io.signal,
    });
    markRunComplete();
    if (options.json) {
      const { root, records } = plan;
      const conflicts = records.flatMap((r) => r.files).filter((f) => f.status === 'conflict').map((f) => f.path);
      io.stdout.write(`${JSON.stringify({ projectDir: root, dryRun: Boolean(options.dryRun), records, conflicts }, null, 2)}\n`);
    } else io.stdout.write(describePlan(plan, Boolean(options.dryRun), paint));
    return 0;
  });
