#!/usr/bin/env node
'use strict';
// dist/main.cjs, written by the build, loads the CLI through V8's code cache and runs it.
require('./dist/main.cjs');
