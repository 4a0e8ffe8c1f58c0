/** The programmatic API: everything the CLI does, without a console. */
export { createStack, type CreateOptions, type CreateResult } from './create.js';
export { loadBuiltinStack, loadStackFolder } from './stack/builtin.js';
export { enumerateCombinations, type Combination } from './stack/combinations.js';
export { CliError, ConflictError, InputError, InterruptedError, StackError, UsageError, WriteError, type InputProblem } from './errors.js';
export type { Stack } from './stack/stack.js';
export { runKit, type KitOptions, type KitResult } from './kit/kit.js';
export { markdownReport, textReport } from './kit/report.js';
export { updateProject, planUpdate, type UpdateOptions, type UpdatePlan } from './update/update.js';
export { checkProject, type CheckResult } from './update/check.js';
export { diffProject, type FileDiff } from './update/diff.js';
export type { RunRecord } from './update/record.js';
