import { type RenderedProject, renderInMemory, renderMatrix as renderStackMatrix, textOf } from '../../src/kit/matrix.js';
import { BUILTIN_STACK } from '../../src/stack/builtin.js';
import { loadStack, type Stack } from '../../src/stack/stack.js';

// The kit (src/kit) renders the matrix; the tests share one rendering of the built-in stack per process.
export { type RenderedProject, renderInMemory, textOf };

let builtin: Stack | undefined;
export function builtinStack(): Stack {
  builtin ??= loadStack(BUILTIN_STACK);
  return builtin;
}

let matrix: Promise<RenderedProject[]> | undefined;
/** Every combination of the built-in stack, rendered once per test process. */
export function renderMatrix(): Promise<RenderedProject[]> {
  matrix ??= renderStackMatrix(builtinStack()).then(({ projects, failures }) => {
    if (failures.length > 0) throw new Error(`combinations failed to render:\n${failures.map((f) => `${f.combination.id}: ${f.message}`).join('\n')}`);
    return projects;
  });
  return matrix;
}
