// `npm run build`, third step (run by scripts/bundle.js): V8's code cache of the bundle, made after
// a warm-up synth so that it holds the bytecode of every function a synth runs, not just the top
// level: the bin hands it to V8, which then compiles almost nothing (about 17 ms less per run than
// a cache of the top level alone).
//
// Usage: node scripts/code-cache.js BUNDLE CACHE
//
// The warm-up runs the bundle exactly as the bin does (vm.Script, no code cache), on two configs
// written to a temporary folder (the V0 target with enough sessions to stamp them, tolerations
// and the hardened profile; the agent-sandbox target), into another temporary folder. Its output
// is thrown away, but it must succeed: a bundle that cannot synth fails the build. V8 rejects a
// cache made by another Node version or with other flags, and the bundle then simply compiles.
'use strict';
const { mkdtempSync, readFileSync, rmSync, writeFileSync, writeSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const [bundle, cacheFile] = process.argv.slice(2).map((file) => path.resolve(file));
// The warm-up keeps none of the caller's environment but where temporary files go: synth reads
// OpenHands' environment overrides (DEBUG, SANDBOX_*, KUBERNETES_*), and a shell's
// DEBUG=express:* must not fail the build.
const KEEP = new Set(['TMPDIR', 'TMP', 'TEMP', 'SYSTEMROOT']);
for (const name of Object.keys(process.env)) if (!KEEP.has(name)) delete process.env[name];
const work = mkdtempSync(path.join(tmpdir(), 'ohk8s-code-cache-'));
const image = '[sandbox]\nruntime_container_image = "ghcr.io/example/runtime:1.0"\n';
writeFileSync(path.join(work, 'v0.toml'), [
  '[kubernetes]', 'namespace = "warm-up"', 'ingress_domain = "sandboxes.example.com"', 'tolerations_yaml = "- key: pool\\n  operator: Exists"',
  image, '[extended.manifests]', 'name = "warm-up"', 'sessions = ["s1", "s2", "s3", "s4", "s5", "s6"]', '',
].join('\n'));
writeFileSync(path.join(work, 'v1.toml'), [
  image, '[kubernetes]', 'namespace = "warm-up-agents"', 'ingress_domain = "sandboxes.example.com"',
  '[extended.manifests]', 'target = "agent-sandbox"', 'name = "warm-up-agents"',
  '[extended.manifests.app_server]', 'namespace = "openhands"', '',
].join('\n'));

const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
const loaded = new Module(bundle, null);
loaded.filename = bundle;
loaded.paths = Module._nodeModulePaths(path.dirname(bundle));
process.argv = [process.argv[0], bundle, 'synth', '-c', path.join(work, 'v0.toml'), '-c', path.join(work, 'v1.toml'), '-o', path.join(work, 'out')];
let output = '';
process.stdout.write = process.stderr.write = (chunk) => {
  output += chunk;
  return true;
};
process.on('exit', (code) => {
  rmSync(work, { recursive: true, force: true });
  if (code !== 0) {
    // Straight to file descriptor 2: process.stderr.write was taken over for the warm-up.
    writeSync(2, `code-cache: the warm-up synth failed (exit ${code}):\n${output}`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(cacheFile, script.createCachedData());
});
script.runInThisContext().call(loaded.exports, loaded.exports, (id) => loaded.require(id), loaded, bundle, path.dirname(bundle));
