#!/usr/bin/env node
// Runs the compiled CLI (build/, made by `npm ci` through the prepare script): no TypeScript at synth time.
'use strict';
const path = require('node:path');
const entry = path.join(__dirname, '..', 'build', 'main.js');
try {
  require.resolve(entry);
} catch {
  process.stderr.write('openhands-k8s: the CLI is not built yet: run "npm ci" (or "npm run build") first.\n');
  process.exit(2);
}
require(entry);
