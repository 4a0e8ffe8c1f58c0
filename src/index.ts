/** The programmatic API: everything the CLI does, without a console. */
export { createStack, type CreateOptions, type CreateResult } from './create.js';
export { loadBuiltinStack, loadStackFolder } from './stack/builtin.js';
export { enumerateCombinations, type Combination } from './stack/combinations.js';
export { CliError, ConflictError, InputError, InterruptedError, StackError, UsageError, WriteError } from './errors.js';
export type { Stack } from './stack/stack.js';
export { runKit, type KitOptions, type KitResult } from './kit/kit.js';
export { markdownReport, textReport } from './kit/report.js';
