// `npm run bench`: times synth end to end as processes, against a stock cdk8s app and a bare
// serializer floor, on the same objects, in one run on this machine; prints a markdown report and
// (full runs only) writes it to bench/RESULTS.md, which nobody edits by hand.
//
//   A  openhands-k8s synth          node bin/openhands-k8s.js synth (the "openhands" profile: five
//                                    objects per session, PVC, Pod, two Services, Ingress)
//   B  floor                         node bench/floor.js: the same objects read from JSON and written
//                                    with the same serializer (toYaml), nothing else
//   C  stock cdk8s app               bench/baseline: `cdk8s synth` of a cdk8s init typescript-app
//                                    with the same objects from the k8s L1 classes, through ts-node
//   D  openhands-k8s plan            from 1,000 sessions: `plan` against the folder A just wrote (every
//                                    object compared, none changed), and against an empty folder
//                                    (every object added), each against A in the same rounds
//   E  per-object synth              from 1,000 sessions: synth with layout = "per-object" (one file
//                                    per object) into a fresh folder
//   F  per-object floor              node bench/floor-files.js: the objects of B written one file
//                                    each (open, write, close), nothing else: what creating that
//                                    many files costs on this machine, whoever writes them
//
// Machines are shared and noisy, so every size runs its cases interleaved (A, B, C, A, B, C, ...)
// after one warm-up round, and each ratio is the median of the per-round ratios.
//
// Usage: node bench/run.js [--quick] [--sizes=1,10,100] [--rounds=N]
//   --quick   sizes 1 and 1,000, two rounds, stock app at 1 session only; does not write RESULTS.md
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, existsSync } = require('node:fs');
const { tmpdir, cpus, totalmem, loadavg } = require('node:os');
const { join, resolve } = require('node:path');
const { loadAll } = require('js-yaml');

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'bin', 'openhands-k8s.js');
const CDK8S_CLI = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const BASELINE = join(__dirname, 'baseline');
const TIME = '/usr/bin/time';

const argv = process.argv.slice(2);
const flag = (name) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const quick = argv.includes('--quick');
const sizes = (flag('sizes') ?? (quick ? '1,1000' : '1,10,100,1000,10000,100000')).split(',').map(Number);
/** Rounds per size: fewer where one run takes seconds. */
const roundsFor = (sessions) => Number(flag('rounds') ?? (quick ? 2 : sessions <= 1 ? 7 : sessions <= 1000 ? 5 : sessions <= 10000 ? 3 : 1));
/** plan is measured from this many sessions on (below, both take about the start-up time). */
const PLAN_MIN = 1000;
/** The stock app runs only where it finishes in reasonable time. */
const STOCK_MAX = quick ? 1 : 1000;

if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for peak memory: apt-get install time`);
const work = mkdtempSync(join(tmpdir(), 'ohk8s-bench-'));

function configFor(sessions, layout = 'file') {
  const file = join(work, `s${sessions}-${layout}.toml`);
  const ids = Array.from({ length: sessions }, (_, i) => `"s${i}"`).join(', ');
  writeFileSync(file, [
    '[kubernetes]', 'namespace = "bench"',
    '[sandbox]', 'runtime_container_image = "ghcr.io/acme/runtime:1.0"',
    '[extended.manifests]', 'name = "bench"', 'security_profile = "openhands"', `layout = "${layout}"`, `sessions = [${ids}]`, '',
  ].join('\n'));
  return file;
}

/** The per-object layout runs from this many sessions (one file per object: 5 per session). */
const PER_OBJECT_MIN = 1000;

/** Runs a command under GNU time: wall milliseconds (timed here, GNU time rounds to 10 ms) and peak RSS (MiB) of its largest process. */
function measure({ args, cwd, env, mayFail }) {
  const started = process.hrtime.bigint();
  const result = spawnSync(TIME, ['-f', '%M', process.execPath, ...args], {
    cwd, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 15 * 60 * 1000,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
  });
  if (result.status !== 0) {
    // At the largest sizes a failure (out of memory) is a result to report, not a broken bench.
    const reason = result.signal ? `killed by ${result.signal}` : /heap out of memory/i.test(result.stderr) ? 'JavaScript heap out of memory' : `exit ${result.status}`;
    if (mayFail) return { ms: Number(process.hrtime.bigint() - started) / 1e6, mib: Number(/(\d+)\s*$/.exec(result.stderr.trim())?.[1] ?? NaN) / 1024, failed: reason };
    throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const kb = Number(result.stderr.trim().split('\n').pop());
  return { ms, mib: kb / 1024 };
}

const n = (value, digits = 0) => (value === undefined ? '–' : value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Least squares y = a + b x. */
function fit(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  return { fixed: my - b * mx, perSession: b };
}

/** Parsed objects of a YAML stream, keys sorted, to compare what two writers produced. */
function canonical(text) {
  const sort = (v) => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  return JSON.stringify(loadAll(text).filter(Boolean).map(sort));
}

function runSize(sessions) {
  const config = configFor(sessions);
  const objects = join(work, `objects-${sessions}.json`);
  const out = join(work, `out-${sessions}`);
  const floorOut = join(work, `floor-${sessions}.yaml`);
  const stockOut = join(work, `stock-${sessions}`);
  // The floor's input; at the largest sizes this in-memory render may itself run out of memory.
  const helper = spawnSync(process.execPath, ['--max-old-space-size=8192', join(__dirname, 'objects.js'), config, objects], { encoding: 'utf8' });
  const big = sessions >= 100000;
  if (helper.status !== 0 && !big) throw new Error(`objects.js failed:\n${helper.stderr}`);

  const perObjectOut = join(work, `per-object-${sessions}`);
  const filesFloorOut = join(work, `floor-files-${sessions}`);
  const cases = {
    // A fresh output folder each run: synth writes every file, as the floor does.
    ours: { args: [CLI, 'synth', '-c', config, '-o', out], mayFail: big, before: () => rmSync(out, { recursive: true, force: true }) },
  };
  if (sessions >= PLAN_MIN) {
    // Right after A: its output is the folder plan compares with (the case of a pull request that changes nothing).
    cases.plan = { args: [CLI, 'plan', '-c', config, '-o', out], mayFail: big };
    cases.planNew = { args: [CLI, 'plan', '-c', config, '-o', join(work, `empty-${sessions}`)], mayFail: big };
  }
  if (sessions >= PER_OBJECT_MIN) {
    cases.perObject = { args: [CLI, 'synth', '-c', configFor(sessions, 'per-object'), '-o', perObjectOut], mayFail: big, before: () => rmSync(perObjectOut, { recursive: true, force: true }) };
  }
  if (helper.status === 0) cases.floor = { args: [join(__dirname, 'floor.js'), objects, floorOut], mayFail: big };
  if (helper.status === 0 && sessions >= PER_OBJECT_MIN) {
    cases.filesFloor = { args: [join(__dirname, 'floor-files.js'), objects, filesFloorOut], mayFail: big, before: () => rmSync(filesFloorOut, { recursive: true, force: true }) };
  }
  if (sessions <= STOCK_MAX) {
    cases.stock = { args: [CDK8S_CLI, 'synth', '-o', stockOut], cwd: BASELINE, env: { BENCH_SESSIONS: String(sessions) }, before: () => rmSync(stockOut, { recursive: true, force: true }) };
  }
  const runs = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const rounds = roundsFor(sessions);
  for (let round = -1; round < rounds; round++) {
    // Round -1 is the warm-up (file cache, ts-node's first compile); skipped at very large sizes.
    if (round === -1 && sessions >= 100000) continue;
    for (const [name, spec] of Object.entries(cases)) {
      spec.before?.();
      const result = measure(spec);
      if (round >= 0) runs[name].push(result);
    }
    if (round >= 0) process.stderr.write(`  ${n(sessions)} sessions, round ${round + 1}/${rounds}: ${Object.entries(runs).map(([name, r]) => `${name} ${n(r[r.length - 1].ms)} ms`).join(', ')}\n`);
  }

  // The three must have written the same objects, or the comparison means nothing.
  // (Not at 100,000 sessions: a run may have failed there, and the texts run to gigabytes.)
  const oursText = big ? undefined : readFileSync(join(out, 'bench.k8s.yaml'), 'utf8');
  if (!big && oursText.slice(oursText.indexOf('\n') + 1) !== readFileSync(floorOut, 'utf8')) throw new Error(`${sessions} sessions: the floor wrote other YAML than synth`);
  if (cases.stock && sessions <= 100 && canonical(oursText) !== canonical(readFileSync(join(stockOut, 'baseline.k8s.yaml'), 'utf8'))) {
    throw new Error(`${sessions} sessions: the stock app built other objects than synth`);
  }

  // The per-object floor must have written the files per-object synth wrote, each the same but for synth's header line.
  if (!big && cases.filesFloor && runs.perObject.every((r) => !r.failed)) {
    const names = readdirSync(filesFloorOut).sort();
    const ours = readdirSync(join(perObjectOut, 'bench')).sort();
    if (names.join('\n') !== ours.join('\n')) throw new Error(`${sessions} sessions: the per-object floor wrote other files than per-object synth`);
    for (const name of names.filter((_, i) => i % 97 === 0)) {
      const text = readFileSync(join(perObjectOut, 'bench', name), 'utf8');
      if (text.slice(text.indexOf('\n') + 1) !== readFileSync(join(filesFloorOut, name), 'utf8')) throw new Error(`${sessions} sessions: the per-object floor wrote other YAML than synth in ${name}`);
    }
  }

  const summary = (list) => list.length === 0 ? undefined : {
    runs: list.length, failed: list.find((r) => r.failed)?.failed,
    minMs: Math.min(...list.map((r) => r.ms)), medianMs: median(list.map((r) => r.ms)),
    minMib: Math.min(...list.map((r) => r.mib)), medianMib: median(list.map((r) => r.mib)), maxMib: Math.max(...list.map((r) => r.mib)),
  };
  const pairRatio = (a, b) => (runs[a]?.length && runs[b]?.length ? median(runs[a].map((r, i) => r.ms / runs[b][i].ms)) : undefined);
  rmSync(out, { recursive: true, force: true });
  rmSync(perObjectOut, { recursive: true, force: true });
  rmSync(filesFloorOut, { recursive: true, force: true });
  rmSync(stockOut, { recursive: true, force: true });
  rmSync(objects, { force: true });
  rmSync(floorOut, { force: true });
  return {
    sessions, objects: sessions * 5,
    ours: summary(runs.ours), floor: summary(runs.floor), stock: summary(runs.stock ?? []), perObject: summary(runs.perObject ?? []), filesFloor: summary(runs.filesFloor ?? []),
    plan: summary(runs.plan ?? []), planNew: summary(runs.planNew ?? []),
    stockOverOurs: pairRatio('stock', 'ours'), oursOverFloor: pairRatio('ours', 'floor'), perObjectOverOurs: pairRatio('perObject', 'ours'),
    perObjectOverFilesFloor: pairRatio('perObject', 'filesFloor'), filesFloorOverFloor: pairRatio('filesFloor', 'floor'), filesFloorOverOurs: pairRatio('filesFloor', 'ours'),
    planOverOurs: pairRatio('plan', 'ours'), planNewOverOurs: pairRatio('planNew', 'ours'),
  };
}

process.stderr.write(`bench: sizes ${sizes.join(', ')}${quick ? ' (quick)' : ''}, work folder ${work}\n`);
/** The 1-minute load average before and after: a loaded machine is said in the report, not guessed. */
const loadBefore = loadavg()[0];
const results = sizes.map(runSize);
rmSync(work, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Report.
const cell = (s, key) => (!s ? '–' : s.failed ? `failed (${s.failed}) at ${n(s[`max${key}`] ?? s[`median${key}`])}` : `${n(s[`min${key}`])} / ${n(s[`median${key}`])}`);
const x = (ratio, digits = 1) => (ratio === undefined ? '–' : `${ratio.toFixed(digits)}x`);
const at = (sessions) => results.find((r) => r.sessions === sessions);
const fits = Object.fromEntries(['ours', 'floor', 'stock'].map((name) => {
  const measured = results.filter((r) => r[name] && !r[name].failed);
  const points = measured.map((r) => [r.sessions, r[name].medianMs]);
  const memory = measured.map((r) => [r.sessions, r[name].maxMib]);
  return [name, points.length >= 2 ? { time: fit(points), memory: fit(memory), upTo: Math.max(...points.map(([s]) => s)) } : undefined];
}));

const targets = [];
const target = (label, measured, ok) => targets.push(`| ${label} | ${measured} | ${ok === undefined ? 'not measured' : ok ? 'met' : '**missed**'} |`);
const one = at(1);
const thousand = at(1000);
const tenThousand = at(10000);
const hundredThousand = at(100000);
target('1 session at least 15x faster than the stock cdk8s app', one?.stockOverOurs ? x(one.stockOverOurs) : '–', one?.stockOverOurs && one.stockOverOurs >= 15);
target('1,000 sessions within 1.3x the floor', thousand ? x(thousand.oursOverFloor, 2) : '–', thousand && thousand.oursOverFloor <= 1.3);
target('10,000 sessions under 2 s and 300 MiB', tenThousand && !tenThousand.ours.failed ? `${n(tenThousand.ours.medianMs)} ms, ${n(tenThousand.ours.maxMib)} MiB` : '–', tenThousand && tenThousand.ours.medianMs < 2000 && tenThousand.ours.maxMib < 300);
for (const sessions of [1000, 10000, 100000]) {
  const r = at(sessions);
  const p = r?.perObject;
  target(`per-object layout at ${n(sessions)} sessions within 1.5x single-file synth and under 300 MiB`, p ? `${p.failed ? `failed (${p.failed}) after ` : ''}${x(r.perObjectOverOurs, 2)}, ${n(p.medianMs)} ms, ${n(p.maxMib)} MiB` : '–', p ? !p.failed && r.perObjectOverOurs <= 1.5 && p.maxMib < 300 : undefined);
}
target('100,000 sessions complete under 1 GiB', hundredThousand ? `${hundredThousand.ours.failed ? `failed (${hundredThousand.ours.failed}) after ` : ''}${n(hundredThousand.ours.medianMs)} ms, ${n(hundredThousand.ours.maxMib)} MiB` : '–', hundredThousand && !hundredThousand.ours.failed && hundredThousand.ours.maxMib < 1024);

const planned = results.filter((r) => r.plan);
for (const r of planned) {
  const worst = Math.max(r.planOverOurs ?? Infinity, r.planNewOverOurs ?? Infinity);
  const mib = Math.max(r.plan.maxMib, r.planNew?.maxMib ?? Infinity);
  const failed = r.plan.failed ?? r.planNew?.failed;
  target(`plan at ${n(r.sessions)} sessions within 1.5x single-file synth and under 300 MiB`, failed ? `failed (${failed})` : `${x(worst, 2)}, ${n(mib)} MiB`, !failed && worst <= 1.5 && mib < 300);
}

const lines = [
  '# openhands-k8s benchmark',
  '',
  '<!-- Generated by `npm run bench` (bench/run.js). Do not edit by hand: run the benchmark again. -->',
  '',
  `The CLI ran from ${existsSync(join(ROOT, 'build', 'cli.js')) ? '`build/cli.js`, the esbuild bundle' : '`build/main.js`, the tsc output (esbuild not installed, so no bundle)'}.`,
  '',
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0].model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}${quick ? ', **quick run**' : ''}; load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end${Math.max(loadBefore, loadavg()[0]) > cpus().length ? ' (**a loaded machine**: read the ratios of cases in the same rounds, not the absolute times)' : ''}.`,
  '',
  'Each size runs **openhands-k8s synth** (A), the **floor** (B: one Node process writing the same',
  'objects from JSON with the same serializer, `toYaml`) and the **stock cdk8s app** (C: `cdk8s synth`',
  'of a `cdk8s init typescript-app` project building the same five objects per session from the k8s',
  'L1 classes, through ts-node, upgrade check off) interleaved A, B, C, A, B, C, ... after one warm-up',
  'round (none at 100,000). Wall time and peak RSS (GNU time `%M`: the largest single process, for',
  `the stock app usually ts-node's) are min / median over the runs; ratios are the median of the`,
  `per-round ratios. The stock app runs up to ${n(STOCK_MAX)} session(s) only: beyond that one run`,
  'takes longer than a benchmark can wait for. Five objects per session (`security_profile = "openhands"`).',
  '',
  '| sessions | runs | synth wall ms (min / median) | synth peak MiB | floor wall ms | floor peak MiB | stock wall ms | stock peak MiB | stock / synth | synth / floor |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${n(r.sessions)} | ${r.ours.runs} | ${cell(r.ours, 'Ms')} | ${cell(r.ours, 'Mib')} | ${cell(r.floor, 'Ms')} | ${cell(r.floor, 'Mib')} | ${cell(r.stock, 'Ms')} | ${cell(r.stock, 'Mib')} | ${x(r.stockOverOurs)} | ${x(r.oursOverFloor, 2)} |`),
  '',
  ...(planned.length === 0 ? [] : [
    `**plan** (D) runs from ${n(PLAN_MIN)} sessions in the same rounds, right after synth: against the folder synth just wrote`,
    '(every object compared, none changed) and against an empty folder (every object added). Ratios are per round, against synth.',
    '',
    '| sessions | runs | plan wall ms (min / median) | plan peak MiB | plan, empty folder, wall ms | plan, empty folder, peak MiB | plan / synth | plan, empty folder / synth |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...planned.map((r) => `| ${n(r.sessions)} | ${r.plan.runs} | ${cell(r.plan, 'Ms')} | ${cell(r.plan, 'Mib')} | ${cell(r.planNew, 'Ms')} | ${cell(r.planNew, 'Mib')} | ${x(r.planOverOurs, 2)} | ${x(r.planNewOverOurs, 2)} |`),
    '',
  ]),
  `The per-object layout (\`layout = "per-object"\`: one file per object, five per session, into a fresh`,
  `folder; E) runs from ${n(PER_OBJECT_MIN)} sessions in the same rounds, interleaved with the cases above, and so`,
  'does its floor (F: `bench/floor-files.js`, the objects of B written one file each with open, write and close,',
  'no staging, no flush, no manifest). Ratios are the median of the per-round ratios: E / A is the target\'s,',
  'F / B is what creating one file per object costs on this machine over writing the same bytes as one file,',
  'F / A says how far a writer that did nothing but create the files would get against the target.',
  '',
  '| sessions | object files | per-object wall ms (min / median) | per-object peak MiB | per-object floor wall ms | per-object floor peak MiB | per-object / synth | per-object / per-object floor | per-object floor / floor | per-object floor / synth |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.filter((r) => r.perObject).map((r) => `| ${n(r.sessions)} | ${n(r.objects)} | ${cell(r.perObject, 'Ms')} | ${cell(r.perObject, 'Mib')} | ${cell(r.filesFloor, 'Ms')} | ${cell(r.filesFloor, 'Mib')} | ${x(r.perObjectOverOurs, 2)} | ${x(r.perObjectOverFilesFloor, 2)} | ${x(r.filesFloorOverFloor, 2)} | ${x(r.filesFloorOverOurs, 2)} |`),
  '',
  'Cost per session, least-squares fit of the median wall time and of the largest peak RSS over the sizes measured:',
  '',
  '| case | sizes | fixed ms | ms per session | fixed MiB | KiB per session |',
  '|---|---:|---:|---:|---:|---:|',
  ...Object.entries(fits).filter(([, f]) => f).map(([name, f]) => `| ${{ ours: 'openhands-k8s synth', floor: 'floor', stock: 'stock cdk8s app' }[name]} | up to ${n(f.upTo)} | ${n(f.time.fixed)} | ${n(f.time.perSession, 3)} | ${n(f.memory.fixed)} | ${n(f.memory.perSession * 1024, 1)} |`),
  '',
  '| target | measured | |',
  '|---|---|---|',
  ...targets,
  '',
];
const report = lines.join('\n');
process.stdout.write(report);
if (!quick && !flag('sizes') && !flag('rounds')) writeFileSync(join(__dirname, 'RESULTS.md'), report);
