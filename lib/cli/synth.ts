import { clusterVersionNeeds, formatClusterVersion } from '../config/cluster-version';
import { environmentSummary } from '../config/settings';
import { startProgress } from './_progress';
import { CommandSpec } from './command';
import { EXIT, UsageError } from './io';

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
    const { renderEnvironment, outputFiles } = await import('../output/files');
    const { writeOutput, diffOutput } = await import('../output/write');
    const { manifestText } = await import('../output/manifest');
    const report = values.stdout ? io.stderr : io.stdout;
    const progress = startProgress(io, environments.length);
    const { ApiLimits } = await import('../output/limits');
    const limits = new ApiLimits();
    const rendered = environments.map((environment, index) => {
      const started = process.hrtime.bigint();
      const result = renderEnvironment(environment, { keepObjects: false, outDir, onBatch: (objects) => limits.add(environment, objects) });
      progress.tick(index + 1);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const files = [...result.files.keys()];
      const where = files.length === 1 ? files[0] : `${environment.name}/ (${files.length} files)`;
      return { result, line: `${environment.name}: ${result.objectCount} objects, ${environmentSummary(environment.settings)} -> ${where} (${ms.toFixed(0)} ms)\n  needs ${formatClusterVersion(clusterVersionNeeds(environment.config))}\n` };
    });
    progress.stop();
    limits.finish();
    const { isHelmTemplates, writeHelmTemplates } = await import('../output/helm');
    // `cdk8s synth --format helm` runs us with CDK8S_OUTDIR at a new chart's templates/ folder.
    const helm = !values.stdout && !values.check && isHelmTemplates(outDir, values.out === undefined && Boolean(io.env.CDK8S_OUTDIR));
    const files = outputFiles(rendered.map(({ result }) => result), !helm);
    if (values.stdout) {
      // One multi-document stream: every file ends with a newline before the next `---`. Written
      // part by part: a large file is never one string.
      const { contentBuffers } = await import('../output/content');
      let first = true;
      for (const content of rendered.flatMap(({ result }) => [...result.files.values()])) {
        if (!first) io.stdout('---\n');
        first = false;
        for (const part of contentBuffers(content)) io.stdout(part.toString('utf8'));
        if (typeof content === 'string' ? !content.endsWith('\n') : !content.endsWithNewline()) io.stdout('\n');
      }
      return EXIT.ok;
    }
    if (values.check) {
      const { inertText } = await import('../config/inert');
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
    // The per-chart lines claim success: printed only once the files are in place.
    if (helm) {
      const written = writeHelmTemplates(outDir, files, environments).length;
      for (const { line } of rendered) report(line);
      report(`${outDir}/: ${written} written into the Helm chart's templates\n`);
      return EXIT.ok;
    }
    const result = writeOutput(outDir, files, { force: values.force });
    for (const { line } of rendered) report(line);
    for (const path of result.kept) io.stderr(`${outDir}/${path}: warning: no longer generated but edited since synth wrote it: kept\n`);
    report(`${outDir}/: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed\n`);
    return EXIT.ok;
  },
};
