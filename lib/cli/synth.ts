import { clusterVersionNeeds, formatClusterVersion } from '../config/cluster-version';
import { environmentSummary } from '../config/settings';
import { startProgress } from './_progress';
import { CommandSpec } from './command';
import { EXIT, UsageError } from './io';
import type { Content } from '../output/content';

/** `synth`: renders every config and replaces the output files atomically. */
export const synthCommand: CommandSpec = {
  name: 'synth',
  summary: [
    'validate every config, render it batch by batch, then replace the output files',
    '(<name>.k8s.yaml per config and a kustomization.yaml) atomically, under a lock; only',
    'files its manifest lists are replaced or removed',
  ],
  options: ['config', 'out', 'stdout', 'check', 'diff', 'force'],
  conflicts: [['stdout', 'check'], ['stdout', 'force'], ['stdout', 'out'], ['check', 'force']],
  run: async ({ configs, outDir, values, io }) => {
    if (values.diff && !values.check) throw new UsageError('--diff needs --check (it prints how the output folder differs, writing nothing)');
    const { loadWithWarnings } = await import('./_load');
    const environments = loadWithWarnings(configs, io);
    const { environmentFiles, kustomizationFiles } = await import('../output/files');
    const { writeOutput, diffOutput } = await import('../output/write');
    const { manifestText } = await import('../output/manifest');
    const report = values.stdout ? io.stderr : io.stdout;
    const progress = startProgress(io, environments.length);
    const { ApiLimits } = await import('../output/limits');
    const limits = new ApiLimits();
    const { isHelmTemplates, writeHelmTemplates } = await import('../output/helm');
    // `cdk8s synth --format helm` runs us with CDK8S_OUTDIR at a new chart's templates/ folder.
    const helm = !values.stdout && !values.check && isHelmTemplates(outDir, values.out === undefined && Boolean(io.env.CDK8S_OUTDIR));
    const lines: string[] = [];
    /**
     * Every output file, rendered as the consumer takes them: the writer stages each per-object
     * file and drops it, so memory holds one batch, not the whole output. The API-limit checks run
     * before the last file is handed over: a violation fails the write before anything is switched.
     */
    function* rendered(kustomization: boolean): Generator<[string, Content]> {
      const paths: string[] = [];
      for (const [index, environment] of environments.entries()) {
        const started = process.hrtime.bigint();
        const tally = { objects: [], objectCount: 0 };
        const first = paths.length;
        for (const entry of environmentFiles(environment, { keepObjects: false, outDir, onBatch: (objects) => limits.add(environment, objects) }, tally)) {
          paths.push(entry[0]);
          yield entry;
        }
        progress.tick(index + 1);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const where = paths.length - first === 1 ? paths[first] : `${environment.name}/ (${paths.length - first} files)`;
        lines.push(`${environment.name}: ${tally.objectCount} objects, ${environmentSummary(environment.settings)} -> ${where} (${ms.toFixed(0)} ms)\n  needs ${formatClusterVersion(clusterVersionNeeds(environment.config))}\n`);
      }
      progress.stop();
      limits.finish();
      if (kustomization) yield* kustomizationFiles(paths);
    }
    if (values.stdout) {
      // One multi-document stream, file by file as rendered: every file ends with a newline before
      // the next `---`. A large file is never one string; a slow reader holds synth back (drain);
      // a reader that closes early ends synth quietly.
      const { contentBuffers } = await import('../output/content');
      let first = true;
      const write = async (text: string) => io.stdout(text) !== false || !io.drain || io.drain();
      for (const [, content] of rendered(false)) {
        let open = first || await write('---\n');
        first = false;
        for (const part of contentBuffers(content)) open = open && await write(part.toString('utf8'));
        if (open && (typeof content === 'string' ? !content.endsWith('\n') : !content.endsWithNewline())) open = await write('\n');
        if (!open) return EXIT.system;
      }
      for (const line of lines) report(line);
      return EXIT.ok;
    }
    if (values.check) {
      const { inertText } = await import('../config/inert');
      const files = new Map(rendered(true));
      const diff = diffOutput(outDir, files);
      const differing = [...diff.changed.map((f) => `changed: ${f}`), ...diff.missing.map((f) => `missing: ${f}`), ...diff.stale.map((f) => `stale: ${f}`)];
      if (differing.length === 0) {
        io.stdout(inertText(`${outDir}/ is up to date (${files.size} files)\n`));
        return EXIT.ok;
      }
      io.stderr(inertText(`${outDir}/ is not what the config produces; run "openhands-k8s synth" and commit the result:\n${differing.map((line) => `  ${line}\n`).join('')}`));
      if (values.diff) {
        const { unifiedDiff, MAX_DIFF_BYTES } = await import('../output/diff');
        const { byteLength } = await import('../output/content');
        const show = (path: string, before: string | undefined) => {
          const expected = files.get(path) ?? manifestText(files);
          const bytes = Math.max(byteLength(expected), before === undefined ? Infinity : Buffer.byteLength(before));
          if (bytes > MAX_DIFF_BYTES) io.stderr(inertText(`${outDir}/${path}: too large to show a diff (more than ${MAX_DIFF_BYTES} bytes); compare it by hand\n`));
          else io.stdout(unifiedDiff(`${outDir}/${path}`, before ?? '', String(expected)));
        };
        for (const path of diff.changed) show(path, diff.current.get(path));
        for (const path of diff.missing) show(path, '');
      }
      return EXIT.invalid;
    }
    if (helm) {
      // The per-chart lines claim success: printed only once the files are in place.
      const files = new Map(rendered(false));
      const written = writeHelmTemplates(outDir, files, environments).length;
      for (const line of lines) report(line);
      report(`${outDir}/: ${written} written into the Helm chart's templates\n`);
      return EXIT.ok;
    }
    const { HeldSignals } = await import('./_signals');
    const signals = new HeldSignals();
    let result: ReturnType<typeof writeOutput> | undefined;
    let failure: unknown;
    try {
      result = writeOutput(outDir, rendered(true), { force: values.force });
    } catch (error) {
      failure = error;
    }
    const stopped = await signals.release();
    if (result === undefined) throw failure;
    if (stopped) {
      io.stderr(`openhands-k8s: stopped by ${stopped.signal} after the switch: ${outDir}/ holds the new output\n`);
      return stopped.code;
    }
    for (const line of lines) report(line);
    for (const warning of result.warnings) io.stderr(`openhands-k8s: warning: ${warning}\n`);
    for (const path of result.kept) io.stderr(`${outDir}/${path}: warning: no longer generated but edited since synth wrote it: kept\n`);
    report(`${outDir}/: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed\n`);
    return EXIT.ok;
  },
};
