#!/usr/bin/env node
'use strict';
// Loads the CLI through V8's code cache (see src/compile-cache.ts), then runs it.
const { requireCached } = require('./dist/compile-cache.cjs');
requireCached(require.resolve('./dist/cli.cjs')).run();
