// `npm run build`, second step: bundles the CLI into build/cli.js (with build/cli.js.map) with
// esbuild, so that a run compiles one file instead of resolving and reading ~250 modules: the
// 1-session synth starts about twice as fast. esbuild is a dev dependency like tsc, so the build
// fails without it; bin/openhands-k8s.js still falls back to build/main.js (the tsc output) when a
// bundle is missing, say after a bare `tsc -p tsconfig.build.json`.
'use strict';
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'build', 'cli.js');
const CACHE = join(ROOT, 'build', 'cli.cache');

const esbuild = require('esbuild');
rmSync(OUT, { force: true });
rmSync(CACHE, { force: true });

esbuild.buildSync({
  entryPoints: [join(ROOT, 'main.ts')],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Stack traces point into lib/*.ts with --verbose, which turns source maps on (see the bin).
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  // Loaded by preflight and smoke only (lib/check/kubeconfig.ts), from node_modules: bundling it
  // would make every synth parse it.
  external: ['@kubernetes/client-node'],
});

// V8's code cache of the bundle, made after a warm-up synth (see scripts/code-cache.js).
const cache = spawnSync(process.execPath, [join(__dirname, 'code-cache.js'), OUT, CACHE], { stdio: 'inherit' });
if (cache.status !== 0) process.exit(cache.status ?? 1);
