import type { PrecompiledStackModule } from './builtin.js';

/**
 * The built-in stack, precompiled. From the sources this is undefined (the stack is read from its
 * folder); `npm run build` replaces this module in the bundle with the precompiled data.
 */
export const precompiled: PrecompiledStackModule | undefined = undefined;
