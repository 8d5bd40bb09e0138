import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Content, contentBuffers } from './content';

/**
 * Whether the output folder is the `templates/` folder of a Helm chart that `cdk8s synth --format
 * helm` is building: it creates `Chart.yaml` beside it, then runs the app with `CDK8S_OUTDIR` set to
 * it. Helm renders every file there as a template, so such a folder gets the manifests alone.
 */
export function isHelmTemplates(outDir: string, fromCdk8s: boolean): boolean {
  return fromCdk8s && basename(outDir) === 'templates' && existsSync(join(outDir, '..', 'Chart.yaml'));
}

/**
 * Writes the manifests into a Helm chart's `templates/` folder. Ownership records and atomic
 * switching are the cdk8s CLI's business here: it empties the whole chart folder before every run.
 * @returns the paths written, relative to the folder.
 */
export function writeHelmTemplates(outDir: string, files: ReadonlyMap<string, Content>): string[] {
  for (const [path, content] of files) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, Buffer.concat([...contentBuffers(content)]));
  }
  return [...files.keys()];
}
