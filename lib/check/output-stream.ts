import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/errors';
import { KUSTOMIZE_CONFIG_FILE } from '../output/kustomize-config';
import { ownedOutputFiles } from '../output/write';

/**
 * The objects of an output folder synth wrote, as one YAML stream: every file its manifest lists
 * except `kustomization.yaml` and the transformer configuration, in path order.
 * @throws ConfigError when the folder holds no output of synth.
 */
export function outputStreamText(outDir: string): string {
  const files = ownedOutputFiles(outDir).filter((path) => path.endsWith('.yaml') && path !== 'kustomization.yaml' && path !== KUSTOMIZE_CONFIG_FILE).sort();
  if (files.length === 0) throw new ConfigError(`${outDir}/`, [{ key: '(folder)', message: 'holds no output of openhands-k8s synth: run synth first, or give a file (or - for standard input)' }]);
  return files.map((path) => readFileSync(join(outDir, path), 'utf8')).join('\n---\n');
}
