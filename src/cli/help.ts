import type { InputSpec } from '../stack/stack.js';

/** An input flag's help: its description, its default, and each value of an enum with its label and description. */
export function inputHelp(input: InputSpec): string {
  // Defaults that depend on earlier answers are shown as such, not rendered.
  const fallback = input.default.includes('{{') ? 'derived from earlier answers' : JSON.stringify(input.default);
  const lines = [`${input.description} [${input.name}; default: ${fallback}]`];
  for (const value of input.enum ?? []) {
    const choice = input.choices?.[value];
    const label = choice ? ` (${choice.label})${choice.description ? `: ${choice.description}` : ''}` : '';
    lines.push(`- ${value}${label}`);
  }
  return lines.join('\n');
}

/** Words of `text` in lines of at most `width` columns (a longer word stands alone), each line after `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, indent + line];
}

const NOTES = [
  'The first argument may name a subcommand; anything else is the project name (as --project-name).',
  'Input flags take precedence over --config-file; prompts (only when standard input and standard error are terminals, never with --yes) over defaults.',
  'Exit codes: 0 done; 1 invalid input, usage error or conflict; 130 interrupted; 143 terminated.',
];

/** The subcommands, named first on the command line (`create-mlops-stack update --help` for each one's options). */
const COMMANDS: [string, string][] = [
  ['update', 'merge what changed in the stack since the project was generated into the project'],
  ['check', 'exit 1 when an update would change the project (for CI), else 0'],
  ['diff', 'your changes to the generated files, against their pristine render'],
  ['test', 'render every combination of a stack and check it, with snapshots and a PR report'],
];

/** Each example: what it shows, then its command lines (kept within 80 columns). */
const EXAMPLES: [string, string[]][] = [
  ['Ask the questions:', ['npx create-mlops-stack']],
  ['Scripted, with flags:', ['npx create-mlops-stack fraud-model --yes --cloud aws \\', '  --cicd-platform gitlab --output-dir ~/src']],
  ['From a config file (the JSON `databricks bundle init --config-file` takes):', ['npx create-mlops-stack --yes --config-file fraud.json --output-dir ~/src']],
  [
    'A monorepo: a repository with CI/CD only, then a project added at its root:',
    ['npx create-mlops-stack --yes --root-dir ml-repo \\', '  --setup-cicd-and-project CICD_Only', 'cd ml-repo', 'npx create-mlops-stack churn-model --yes --root-dir . \\', '  --setup-cicd-and-project Project_Only'],
  ],
];

/** What `--help` prints after the options: notes, and examples of the built-in stack's inputs; prose wrapped to `width`. */
export function helpFooter(width: number, builtin: boolean): string {
  const lines = ['', 'Commands (create-mlops-stack <command> --help for their options):'];
  for (const [name, what] of COMMANDS) lines.push(...wrap(what, width, `  ${name.padEnd(8)}`).map((line, i) => (i === 0 ? line : `          ${line.trimStart()}`)));
  lines.push('', ...NOTES.flatMap((note) => wrap(note, width, '')));
  if (builtin) lines.push('', 'Examples:');
  for (const [what, commands] of builtin ? EXAMPLES : []) lines.push(...wrap(what, width, '  '), ...commands.map((command) => `    ${command}`));
  return `${lines.join('\n')}\n`;
}
