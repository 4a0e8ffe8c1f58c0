import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, CommanderError, Help, Option } from 'commander';
import type { Answers } from '../answers/answers.js';
import { flagOf } from '../answers/answers.js';
import { loadBuiltinStack, loadStackFolder } from '../stack/builtin.js';
import { type TemplateDir, openTemplateDir } from '../stack/remote.js';
import { markRunComplete } from '../compile-cache.js';
import { type CreateResult, createStack } from '../create.js';
import { helpFooter } from './help.js';
import { type ReplayOptions, replayCommand, saveAnswers } from './replay.js';
import { placeholderTodos } from './todos.js';
import { CliError, InterruptedError, UsageError, exitCodeOf } from '../errors.js';
import { errorJson, errorText } from './error-report.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { type Output, commanderMessage, commanderOutput, helpWidth, ignoreBrokenPipe, standardOutput } from './output.js';
import { expandHome } from './home.js';
import { createAsk, createConfirmDestination } from './prompt.js';
import { createConfirm } from './confirm.js';
import { inputFlags, inputOption } from './input-flags.js';
import type { Stack } from '../stack/stack.js';
import { painterFor, summary } from './summary.js';

export interface Io {
  argv: string[];
  /** Aborted with reason 'SIGINT' or 'SIGTERM' when the process is told to stop. */
  signal?: AbortSignal;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: Output;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
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

/** The input a leading positional argument sets, as in `npm create vite my-app`. */
const POSITIONAL_INPUT = 'input_project_name';

/**
 * Commander pads every option to the longest one (the input flags are long) and stops wrapping when
 * little room is left; then each option's description goes below it, wrapped to the full width.
 */
function stackedWhenNarrow(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
  const width = this.helpWidth ?? 80;
  if (!description || termWidth + 4 <= width * 0.4) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
  return `  ${term}\n${helper.boxWrap(description, width - 6).replace(/^/gm, '      ')}`;
}

function program(stack: Stack, io: Io, builtin: boolean): Command {
  const width = helpWidth(io.stdout);
  const command = new Command('create-mlops-stack')
    .description('Scaffold a Databricks MLOps project: bundle config, ML code, tests, docs and CI/CD.')
    .usage('[project-name] [options]')
    .argument('[project-name]', `the project name, as ${flagOf(POSITIONAL_INPUT)} (the project folder is created inside --output-dir)`)
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .option('--config-file <path>', 'JSON or YAML object of inputs (as `databricks bundle init --config-file` takes)')
    .option('--output-dir <dir>', 'folder to create the project in (default: current folder)')
    .option('-y, --yes', 'never prompt; take defaults for inputs not given')
    .option('--dry-run', 'resolve and render everything, write nothing')
    .option('--json', 'print one JSON object (projectDir, answers, files, command) on stdout')
    .option('--force', 'overwrite files the stack produces that already exist')
    .option('--template-dir <dir>', 'render a custom (forked) stack folder, or a git URL (https://, git@, file://; #<ref>), instead of the built-in one')
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput(commanderOutput(io.stdout))
    .configureHelp({ formatItem: stackedWhenNarrow })
    .addHelpText('after', helpFooter(width, builtin));
  command.optionsGroup('Input flags (one per input of the stack):');
  for (const input of stack.inputs) command.addOption(inputOption(input));
  return command;
}

/** The project name given as the first argument, checked against the stack and the flag. */
function positionalFlags(stack: Stack, command: Command, flags: Answers): Answers {
  const [name] = command.args;
  if (name === undefined) return flags;
  if (!stack.inputs.some((input) => input.name === POSITIONAL_INPUT)) {
    throw new UsageError(`a project name argument (${JSON.stringify(name)}) sets ${POSITIONAL_INPUT}, which this stack does not have. See --help.`);
  }
  const flag = flags[POSITIONAL_INPUT];
  if (flag !== undefined && flag !== name) {
    throw new UsageError(`the project name is given twice: ${JSON.stringify(name)} as an argument and ${JSON.stringify(flag)} as ${flagOf(POSITIONAL_INPUT)}. See --help.`);
  }
  return { ...flags, [POSITIONAL_INPUT]: name };
}

/** Whether `dir` (or the nearest folder above it) is inside a git repository. */
function inGitRepository(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}

/**
 * Subcommands, named first on the command line (`create-mlops-stack update ...`); each lives in a module
 * of its own and gets the arguments after its name. Anything else is the top-level scaffolding run.
 */
export type Subcommand = (args: string[], io: Io) => Promise<number>;
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  test: async () => (await import('./test-command.js')).testCommand,
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
  let opened: TemplateDir | undefined;
  try {
    const templateDir = templateDirOf(args);
    if (templateDir) opened = await openTemplateDir(templateDir, io.signal);
    const stack = opened ? await loadStackFolder(opened.dir) : await loadBuiltinStack();
    const command = program(stack, io, templateDir === undefined);
    try {
      command.parse(args, { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) {
        if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
        throw new UsageError(commanderMessage(error.message, '--help'));
      }
      throw error;
    }
    return await scaffold(stack, command, templateDir, io);
  } catch (error) {
    await reportError(error, jsonMode, io);
    return exitCodeOf(error);
  } finally {
    opened?.remove();
  }
}

const DEFAULTS_NOTICE = 'Not asking: standard input and standard error are not both terminals, so inputs not given take their defaults (--yes hides this line).\n';

/** The scaffolding run for parsed options: questions when both terminals are there, the report, and the replay. */
async function scaffold(stack: Stack, command: Command, templateDir: string | undefined, io: Io): Promise<number> {
  const options = command.opts<Options>();
  const flags = positionalFlags(stack, command, inputFlags(stack, options));
  // Prompts need a terminal to read from and one to draw on. Only prompts use the stdin stream, and
  // touching process.stdin creates it (loading Node's stream modules): --yes first, and no streams
  // for a run that never asks.
  const interactive = !options.yes && Boolean(io.stdin.isTTY) && Boolean(io.stderr.isTTY);
  if (interactive && stack.welcomeMessage) io.stderr.write(`${(await painterFor(io.stderr, io.env)).bold(stack.welcomeMessage)}\n\n`);
  const streams = interactive ? { input: io.stdin, output: io.stderr, signal: io.signal } : undefined;
  const replayOptions: ReplayOptions = { outputDir: options.outputDir, templateDir, dryRun: options.dryRun, force: options.force };
  let noticed = options.yes || options.json || interactive;
  let resolved: Answers | undefined;
  try {
    const result = await createStack({
      stack,
      flags,
      configFile: expandHome('--config-file', options.configFile, io.env),
      outputDir: expandHome('--output-dir', options.outputDir, io.env),
      force: options.force,
      dryRun: options.dryRun,
      ask: streams && createAsk(streams),
      confirmDestination: streams && createConfirmDestination(streams),
      confirm: streams && createConfirm(streams),
      onAnswer: (_input, _answers, how) => {
        if (noticed || how !== 'default') return;
        noticed = true;
        io.stderr.write(DEFAULTS_NOTICE);
      },
      onAnswers: (answers) => (resolved = answers),
      signal: io.signal,
    });
    markRunComplete();
    await report(result, stack, { ...replayOptions, force: result.force }, interactive, options, io);
    return 0;
  } catch (error) {
    if (!interactive || resolved === undefined || error instanceof InterruptedError) throw error;
    // A failure after the questions: the answers are kept, so the retry is one command.
    const { tmpdir } = await import('node:os');
    const replay = { command: replayCommand(stack, resolved, replayOptions), saved: saveAnswers(stack, resolved, replayOptions, tmpdir()) };
    await reportError(error, Boolean(options.json), io, replay);
    return exitCodeOf(error);
  }
}

async function report(result: CreateResult, stack: Stack, replayOptions: ReplayOptions, interactive: boolean, options: Options, io: Io): Promise<void> {
  const command = replayCommand(stack, result.answers, replayOptions);
  if (options.json) {
    const { projectDir, answers, files, statuses, recovered, notes } = result;
    io.stdout.write(`${JSON.stringify({ projectDir, answers, files, statuses, recovered, notes, command }, null, 2)}\n`);
    return;
  }
  const details = {
    cwd: process.cwd(),
    inRepository: inGitRepository(result.projectDir),
    todos: placeholderTodos(stack, result),
    replay: interactive ? command : undefined,
  };
  io.stdout.write(summary(result, Boolean(options.dryRun), await painterFor(io.stdout, io.env), details));
}

/** What a failure after the questions carries: the replay command and where the answers were saved. */
interface Replay {
  command: string;
  saved: { path: string; command: string };
}

async function reportError(error: unknown, jsonMode: boolean, io: Io, replay?: Replay): Promise<void> {
  if (jsonMode) {
    const command = replay ? { command: replay.command, configFile: replay.saved.path } : {};
    io.stdout.write(`${JSON.stringify({ error: errorJson(error), ...command })}\n`);
    return;
  }
  const paint = await painterFor(io.stderr, io.env);
  io.stderr.write(errorText(error, paint));
  if (replay) {
    io.stderr.write(`\nYour answers are saved in ${replay.saved.path}. Retry with:\n  ${replay.saved.command}\n`);
    io.stderr.write(`${paint.dim('Replay without questions:')}\n  ${replay.command}\n`);
  }
}

/**
 * The binary's entry: wires `process` into `main` and sets the exit code. SIGINT and SIGTERM abort
 * the run instead of killing it, so a write in progress is rolled back before the process exits.
 * Later signals change nothing: exiting at once would skip the rollback (and the --json object),
 * and once the writer has put the last file in place the run has succeeded whatever arrives.
 */
export function run(): void {
  const controller = new AbortController();
  const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (!controller.signal.aborted) controller.abort(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Getters: Node creates each standard stream on first use, which costs start-up time.
  const used = new Set<NodeJS.WritableStream>();
  let stdout: Output | undefined;
  const io: Io = {
    argv: process.argv.slice(2),
    signal: controller.signal,
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      stdout ??= standardOutput(1, () => {
        used.add(process.stdout);
        return process.stdout.on('error', ignoreBrokenPipe);
      });
      return stdout;
    },
    get stderr() {
      used.add(process.stderr);
      return process.stderr;
    },
    env: process.env,
  };
  main(io).then(
    (code) => exitWhenFlushed(code, used),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      exitWhenFlushed(1, used);
    },
  );
}

/**
 * Exits once the output streams have written everything. Exiting explicitly matters: a process
 * that ends by running out of work puts back the default signal actions while it winds down, and
 * a signal in that moment would kill it with 130/143 after it had reported its outcome.
 */
function exitWhenFlushed(code: number, streams: ReadonlySet<NodeJS.WritableStream>): void {
  process.exitCode = code;
  let pending = streams.size;
  if (pending === 0) process.exit(code);
  for (const stream of streams) stream.write('', () => --pending === 0 && process.exit(code));
}
