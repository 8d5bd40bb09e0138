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
else {
  boundHeapGrowth();
  require(entry);
}

/**
 * After each full garbage collection, V8 lets the heap grow to up to four times what survived it
 * before the next; synth and plan make many short-lived objects per session, so at 100,000
 * sessions most of a 380 MiB peak was garbage. Growing by 60% at most keeps it near 260 MiB at the
 * same speed. Set here, once the CLI is compiled (V8's code cache is checked against the flags),
 * and not over a value given to node itself (`node --heap-growing-percent=N`; NODE_OPTIONS
 * cannot carry it).
 */
function boundHeapGrowth() {
  // V8 reads '-' and '_' in a flag's name alike. With its flags frozen (`--freeze-flags-after-init`,
  // the last of it and its `--no-` form wins), setting one is a fatal error that aborts the process.
  const given = process.execArgv.map((arg) => arg.split('=')[0].replace(/_/g, '-'));
  const freeze = given.filter((flag) => /^--(no-?)?freeze-flags-after-init$/.test(flag)).pop();
  if (given.includes('--heap-growing-percent') || freeze === '--freeze-flags-after-init') return;
  require('node:v8').setFlagsFromString('--heap-growing-percent=60');
}

/** Loads a CommonJS file as `require` would, compiled with the code cache V8 made of it at build time. */
function runCached(file, cacheFile) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(cacheFile) });
  boundHeapGrowth();
  const loaded = new Module(file, null);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  const requireFromIt = (id) => loaded.require(id);
  script.runInThisContext().call(loaded.exports, loaded.exports, requireFromIt, loaded, file, path.dirname(file));
}
