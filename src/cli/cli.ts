import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadBuiltinStack, loadStackFolder } from '../stack/builtin.js';
import { markRunComplete } from '../compile-cache.js';
import { type CreateResult, createStack } from '../create.js';
import { CliError, InputError, UsageError, exitCodeOf } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { type Output, ignoreBrokenPipe, standardOutput } from './output.js';
import { inputFlags, inputOption } from './input-flags.js';
import { createAsk } from './prompt.js';
import type { Stack } from '../stack/stack.js';
import { painterFor, summary } from './summary.js';

export interface Io {
  argv: string[];
  /** Aborted with reason 'SIGINT' or 'SIGTERM' when the process is told to stop. */
  signal?: AbortSignal;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: Output;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

interface Options {
  configFile?: string;
  outputDir?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  force?: boolean;
  templateDir?: string;
  [flag: string]: string | boolean | undefined;
}

const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** `--template-dir` decides which input flags exist, so it is read before the real parse. */
function templateDirOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '--template-dir') return argv[i + 1];
    if (arg.startsWith('--template-dir=')) return arg.slice('--template-dir='.length);
  }
  return undefined;
}

function program(stack: Stack, io: Io): Command {
  const command = new Command('create-mlops-stack')
    .description('Scaffold a Databricks MLOps project: bundle config, ML code, tests, docs and CI/CD.')
    .usage('[options]')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .option('--config-file <path>', 'JSON or YAML object of inputs (as `databricks bundle init --config-file` takes)')
    .option('--output-dir <dir>', 'folder to create the project in (default: current folder)')
    .option('-y, --yes', 'never prompt; take defaults for inputs not given')
    .option('--dry-run', 'resolve and render everything, write nothing')
    .option('--json', 'print one JSON object (projectDir, answers, files) on stdout')
    .option('--force', 'overwrite files the stack produces that already exist')
    .option('--template-dir <dir>', 'render a custom (forked) stack folder instead of the built-in one')
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: () => undefined })
    .addHelpText('after', SUBCOMMANDS_HELP)
    .addHelpText('after', '\nInput flags take precedence over --config-file; prompts (on a TTY, without --yes) over defaults.\nExit codes: 0 done; 1 invalid input, usage error or conflict; 130 interrupted; 143 terminated.\n');
  command.optionsGroup('Input flags (one per input of the stack):');
  for (const input of stack.inputs) command.addOption(inputOption(input));
  return command;
}

/**
 * Subcommands, named first on the command line (`create-mlops-stack update ...`); each lives in a module
 * of its own and gets the arguments after its name. Anything else is the top-level scaffolding run.
 */
export type Subcommand = (args: string[], io: Io) => Promise<number>;
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  update: async () => (await import('../update/update-command.js')).updateCommand,
  check: async () => (await import('../update/check-command.js')).checkCommand,
  diff: async () => (await import('../update/diff-command.js')).diffCommand,
};

const SUBCOMMANDS_HELP = `
Commands (create-mlops-stack <command> --help for their options):
  update  merge what changed in the stack since the project was generated into the project
  check   exit 1 when an update would change the project (for CI), else 0
  diff    your changes to the generated files, against their pristine render`;

/** Runs the CLI once; returns the exit code. Touches nothing of `process` but what `io` hands it. */
export async function main(io: Io): Promise<number> {
  const [first, ...rest] = io.argv;
  const subcommand = first === undefined ? undefined : SUBCOMMANDS[first];
  if (subcommand) return (await subcommand())(rest, io);
  const args = io.argv;
  const jsonMode = args.includes('--json');
  try {
    const templateDir = templateDirOf(args);
    const stack = templateDir ? await loadStackFolder(templateDir) : await loadBuiltinStack();
    const command = program(stack, io);
    try {
      command.parse(args, { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) {
        if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
        throw new UsageError(`${error.message.replace(/^error: /, '').replace(/\.*$/, '')}. See --help.`);
      }
      throw error;
    }
    const options = command.opts<Options>();
    // --yes first: a run that never asks never creates the stdin stream.
    const interactive = !options.yes && Boolean(io.stdin.isTTY);
    if (interactive && stack.welcomeMessage) io.stderr.write(`${(await painterFor(io.stderr, io.env)).bold(stack.welcomeMessage)}\n\n`);
    const result = await createStack({
      stack,
      flags: inputFlags(stack, options),
      configFile: options.configFile,
      outputDir: options.outputDir,
      force: options.force,
      dryRun: options.dryRun,
      ask: interactive ? createAsk({ input: io.stdin, output: io.stderr, signal: io.signal }) : undefined,
      signal: io.signal,
    });
    markRunComplete();
    await report(result, options, io);
    return 0;
  } catch (error) {
    await reportError(error, jsonMode, io);
    return exitCodeOf(error);
  }
}

async function report(result: CreateResult, options: Options, io: Io): Promise<void> {
  if (options.json) {
    const { projectDir, answers, files } = result;
    io.stdout.write(`${JSON.stringify({ projectDir, answers, files }, null, 2)}\n`);
    return;
  }
  io.stdout.write(summary(result, Boolean(options.dryRun), await painterFor(io.stdout, io.env)));
}

async function reportError(error: unknown, jsonMode: boolean, io: Io): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (jsonMode) {
    const input = error instanceof InputError ? { input: error.input } : {};
    io.stdout.write(`${JSON.stringify({ error: { message, ...input } })}\n`);
    return;
  }
  const known = error instanceof CliError;
  const paint = await painterFor(io.stderr, io.env);
  io.stderr.write(`${paint.red('✖')} ${message}\n`);
  if (!known && error instanceof Error && error.stack) io.stderr.write(`${paint.dim(error.stack)}\n`);
}

/**
 * The binary's entry: wires `process` into `main` and sets the exit code. SIGINT and SIGTERM abort
 * the run instead of killing it, so a write in progress is rolled back before the process exits.
 */
export function run(): void {
  const controller = new AbortController();
  const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? 143 : 130);
    controller.abort(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Getters: Node creates each standard stream on first use, which costs start-up time.
  let stdout: Output | undefined;
  const io: Io = {
    argv: process.argv.slice(2),
    signal: controller.signal,
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      stdout ??= standardOutput(1, () => process.stdout.on('error', ignoreBrokenPipe));
      return stdout;
    },
    get stderr() {
      return process.stderr;
    },
    env: process.env,
  };
  main(io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
