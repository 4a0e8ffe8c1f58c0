/** The programmatic API: everything the CLI does, without a console. */
export { createStack, type CreateOptions, type CreateResult } from './create.js';
export { loadBuiltinStack, loadStackFolder } from './builtin.js';
export { enumerateCombinations, type Combination } from './combinations.js';
export { CliError, ConflictError, InputError, InterruptedError, StackError, UsageError, WriteError } from './errors.js';
export type { Stack } from './stack.js';
