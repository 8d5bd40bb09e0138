// `npm run build`, second step: bundles the CLI into build/cli.js (with build/cli.js.map) with
// esbuild, so that a run compiles one file instead of resolving and reading ~250 modules: the
// 1-session synth starts about twice as fast. bin/openhands-k8s.js prefers the bundle and falls
// back to build/main.js (the tsc output) when there is none, so without esbuild installed the
// CLI works the same, only slower to start; a stale bundle is removed so it never shadows tsc's.
'use strict';
const { rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'build', 'cli.js');

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  rmSync(OUT, { force: true });
  rmSync(`${OUT}.map`, { force: true });
  process.stderr.write('bundle: esbuild is not installed; the CLI runs from build/main.js (slower start)\n');
  process.exit(0);
}

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
});
