#!/usr/bin/env node
// Runs the compiled CLI: no TypeScript at synth time. Prefers build/cli.js, the esbuild bundle
// (one file to compile: about twice as fast a start), else build/main.js, tsc's output; both are
// made by `npm run build` (run by `npm ci` through the prepare script).
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');
const build = path.join(__dirname, '..', 'build');
const bundle = path.join(build, 'cli.js');
const entry = existsSync(bundle) ? bundle : path.join(build, 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('openhands-k8s: the CLI is not built yet: run "npm ci" (or "npm run build") first.\n');
  process.exit(2);
}
// Source maps cost ~30 ms of start-up, so only when the stack trace is wanted.
if (process.argv.includes('--verbose') || process.argv.includes('-v')) process.setSourceMapsEnabled(true);
require(entry);
