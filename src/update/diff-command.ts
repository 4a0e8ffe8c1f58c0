import type { Io, Subcommand } from '../cli/cli.js';
import { type CommonOptions, parseArgs, runReporting, subcommand } from './command-line.js';
import { diffProject } from './diff.js';

/** `create-mlops-stack diff`: the user's changes to the generated files, as a unified diff against the pristine render. */
export const diffCommand: Subcommand = (args: string[], io: Io) =>
  runReporting(args, io, async () => {
    const command = subcommand('diff', 'Show what you changed in the generated files, as a unified diff against the pristine render of the recorded version.', io);
    if (!parseArgs(command, args)) return 0;
    const options = command.opts<CommonOptions>();
    const diffs = await diffProject(options);
    if (options.json) io.stdout.write(`${JSON.stringify({ files: diffs }, null, 2)}\n`);
    else for (const file of diffs) io.stdout.write(file.patch || `Binary file ${file.path} ${file.status}\n`);
    return 0;
  });
