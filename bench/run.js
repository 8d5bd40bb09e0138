// `npm run bench`: times synth end to end as processes, against stock cdk8s (ts-node) and a bare
// serializer floor, in one run on this machine. Prints a markdown table and writes bench/RESULTS.md.
// Machines are shared and noisy: compare the ratios, which are measured side by side.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir, cpus } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'bin', 'openhands-k8s.js');
const CDK8S = join(ROOT, 'bin', 'cdk8s.js');
const work = mkdtempSync(join(tmpdir(), 'ohk8s-bench-'));
const quick = process.argv.includes('--quick');

function configFor(sessions) {
  const file = join(work, `s${sessions}.toml`);
  const ids = Array.from({ length: sessions }, (_, i) => `"s${i}"`).join(', ');
  writeFileSync(file, `[kubernetes]\nnamespace = "bench"\n[sandbox]\nruntime_container_image = "ghcr.io/acme/runtime:1.0"\n[extended.manifests]\nsessions = [${ids}]\n`);
  return file;
}

/** Runs a command under GNU time: wall seconds and peak RSS. */
function measure(command, args, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { encoding: 'utf8', ...options, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...options.env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  const [seconds, kb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms: seconds * 1000, mib: kb / 1024 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function repeat(times, fn) {
  const runs = Array.from({ length: times }, fn);
  return { ms: median(runs.map((r) => r.ms)), mib: Math.max(...runs.map((r) => r.mib)), runs: times };
}

const ours = (sessions, times) => {
  const config = configFor(sessions);
  return repeat(times, () => measure(process.execPath, [CLI, 'synth', '-c', config, '-o', join(work, `out-${sessions}`)]));
};

const rows = [];
const fmt = (n, digits = 0) => n.toFixed(digits);

// 1. One session: openhands-k8s synth versus stock cdk8s synth through ts-node.
const one = configFor(1);
const baseline = repeat(quick ? 1 : 3, () => measure(process.execPath, [CDK8S, 'synth', '--no-check-upgrade'], { cwd: join(__dirname, 'baseline'), env: { BENCH_CONFIG: one } }));
const oursOne = ours(1, quick ? 3 : 7);
rows.push(['1 session: stock cdk8s synth (ts-node)', baseline, '']);
rows.push(['1 session: openhands-k8s synth', oursOne, `${fmt(baseline.ms / oursOne.ms, 1)}x faster than stock (target >= 10x)`]);

// 2. 1,000 sessions versus the floor: the same objects written by the same serializer, nothing else.
const thousand = configFor(1000);
const objectsFile = join(work, 'objects-1000.json');
const { loadConfig } = require(join(ROOT, 'build', 'lib', 'load-config'));
const { renderObjects } = require(join(ROOT, 'build', 'lib', 'render'));
writeFileSync(objectsFile, JSON.stringify(renderObjects(loadConfig(thousand, {}), 's1000')));
const floor = repeat(quick ? 3 : 7, () => measure(process.execPath, [join(__dirname, 'floor.js'), objectsFile, join(work, 'floor.yaml')]));
const oursThousand = ours(1000, quick ? 3 : 7);
rows.push(['1,000 sessions: floor (JSON to YAML only)', floor, '']);
rows.push(['1,000 sessions: openhands-k8s synth', oursThousand, `${fmt(oursThousand.ms / floor.ms, 2)}x the floor (target <= 2x)`]);

// 3. Scaling: per-session cost at 10, 100, 1,000 and 10,000 sessions.
const scaling = [10, 100, 1000, 10000].map((sessions) => {
  const result = sessions === 1000 ? oursThousand : ours(sessions, sessions === 10000 ? (quick ? 1 : 3) : (quick ? 3 : 5));
  const fixed = oursOne.ms;
  return { sessions, ...result, perSession: (result.ms - fixed) / sessions };
});

const lines = [
  `# openhands-k8s benchmark`,
  '',
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0].model}), ${new Date().toISOString().slice(0, 10)}. Median wall time of several runs; peak RSS is the largest seen.`,
  '',
  '| case | runs | median wall | peak RSS | ratio |',
  '|---|---|---|---|---|',
  ...rows.map(([name, r, ratio]) => `| ${name} | ${r.runs} | ${fmt(r.ms)} ms | ${fmt(r.mib)} MiB | ${ratio} |`),
  '',
  '| sessions | objects | median wall | peak RSS | per session (above the 1-session run) |',
  '|---|---|---|---|---|',
  ...scaling.map((s) => `| ${s.sessions.toLocaleString('en')} | ${(s.sessions * 5 + 4).toLocaleString('en')} | ${fmt(s.ms)} ms | ${fmt(s.mib)} MiB | ${fmt(s.perSession, 3)} ms |`),
  '',
  `10,000 sessions stay under 1 GiB: ${scaling[3].mib < 1024 ? 'yes' : 'NO'} (${fmt(scaling[3].mib)} MiB).`,
  '',
];
const report = lines.join('\n');
process.stdout.write(report);
if (!quick) writeFileSync(join(__dirname, 'RESULTS.md'), report);
rmSync(work, { recursive: true, force: true });
