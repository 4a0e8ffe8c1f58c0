// The two Inquirer prompts the CLI asks with; loaded on the first question only (see prompt.ts).
export { default as input } from '@inquirer/input';
export { default as select } from '@inquirer/select';
