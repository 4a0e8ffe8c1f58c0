import { loadCompiler } from '../src/render/engine.js';
// Points the caches (code, compiled schema validators) of whatever a test runs, in process or
// spawned, at the run's own folder, never the user's.
import './support/cli.js';

// Unit tests load stacks from their folders, whose templates are compiled at run time.
await loadCompiler();
