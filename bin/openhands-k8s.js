#!/usr/bin/env node
// Runs the compiled CLI: no TypeScript at synth time. Prefers build/cli.js, the esbuild bundle
// (one file to compile: about twice as fast a start), with V8's code cache of it (build/cli.cache)
// when there is one; else build/main.js, tsc's output. `npm run build` (run by `npm ci` through the
// prepare script) makes all three.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const build = path.join(__dirname, '..', 'build');
const bundle = path.join(build, 'cli.js');
const cache = path.join(build, 'cli.cache');
const entry = existsSync(bundle) ? bundle : path.join(build, 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('openhands-k8s: the CLI is not built yet: run "npm ci" (or "npm run build") first.\n');
  process.exit(2);
}
// Source maps cost ~30 ms of start-up, so only when the stack trace is wanted (and then plainly).
const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
if (verbose) process.setSourceMapsEnabled(true);
if (entry === bundle && existsSync(cache) && !verbose) runCached(bundle, cache);
else require(entry);

/** Loads a CommonJS file as `require` would, compiled with the code cache V8 made of it at build time. */
function runCached(file, cacheFile) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(cacheFile) });
  const loaded = new Module(file, null);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  const requireFromIt = (id) => loaded.require(id);
  script.runInThisContext().call(loaded.exports, loaded.exports, requireFromIt, loaded, file, path.dirname(file));
}
