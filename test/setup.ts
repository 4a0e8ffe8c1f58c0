import { loadCompiler } from '../src/render/engine.js';

// Unit tests load stacks from their folders, whose templates are compiled at run time.
await loadCompiler();
