import { Command, CommanderError, Option } from 'commander';
import type { Io } from '../cli/cli.js';
import { commanderMessage, commanderOutput } from '../cli/output.js';
import { type Painter, painterFor } from '../cli/summary.js';
import { errorJson, errorText } from '../cli/error-report.js';
import { UsageError, exitCodeOf } from '../errors.js';

// What the update, check and diff commands share: their command line, and how they report.

export interface CommonOptions {
  projectDir?: string;
  from?: string;
  templateDir?: string;
  json?: boolean;
}

export function subcommand(name: string, description: string, io: Io): Command {
  return new Command(`create-mlops-stack ${name}`)
    .description(description)
    .usage('[options]')
    .helpOption('-h, --help', 'print this help')
    .option('--project-dir <dir>', 'the folder searched for run records (.mlops-stack/*.json), itself and below (default: current folder)')
    .option('--from <folder|tarball>', 'the create-mlops-stack package of the recorded version (default: npm pack create-mlops-stack@<version> into the user cache); for a --template-dir stack, its old folder')
    .option('--template-dir <dir>', 'for a project of a forked stack: the fork\'s current folder (default: the one the record names)')
    .option('--json', 'print one JSON object on stdout')
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput(commanderOutput(io.stdout));
}

/** `--template-dir` decides which input flags `update` takes, so it is read before the real parse. */
export function templateDirIn(args: readonly string[]): string | undefined {
  const probe = new Command().allowUnknownOption().allowExcessArguments().helpOption(false).exitOverride();
  probe.addOption(new Option('--template-dir <dir>'));
  try {
    probe.parse(args, { from: 'user' });
  } catch {
    return undefined;
  }
  return probe.opts<{ templateDir?: string }>().templateDir;
}

/** Parses the command line; false when it printed the help. Commander's errors become usage errors. */
export function parseArgs(command: Command, args: string[]): boolean {
  try {
    command.parse(args, { from: 'user' });
    return true;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed') return false;
      throw new UsageError(commanderMessage(error.message, `${command.name()} --help`));
    }
    throw error;
  }
}

/** Runs a command body, reporting a failure on stderr (or as `{"error"}` with --json); returns the exit code. */
export async function runReporting(args: readonly string[], io: Io, body: (paint: Painter) => Promise<number>): Promise<number> {
  const json = args.includes('--json');
  try {
    return await body(await painterFor(io.stdout, io.env));
  } catch (error) {
    if (json) io.stdout.write(`${JSON.stringify({ error: errorJson(error) })}\n`);
    else io.stderr.write(errorText(error, await painterFor(io.stderr, io.env)));
    return exitCodeOf(error);
  }
}
