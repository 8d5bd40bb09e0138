import { App } from 'cdk8s';
import { dump } from 'js-yaml';
import { Config } from './config';
import { SandboxChart } from './sandbox-chart';

/** A Kubernetes object as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

/** Builds the chart of one environment and returns its objects, in order. */
export function renderObjects(config: Config, instance: string): KubeObject[] {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  const chart = new SandboxChart(app, instance, { config, instance });
  const errors = app.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `[${construct.node.path}] ${message}`));
  if (errors.length > 0) throw new Error(`chart validation failed:\n${errors.join('\n')}`);
  return chart.toJson() as KubeObject[];
}

/**
 * Serializes objects as a multi-document YAML stream. js-yaml quotes every string YAML 1.1 would
 * read as another type (`yes`, `on`, `012`), which matters because Kubernetes' YAML reader is 1.1.
 */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((object) => dump(object, { noRefs: true, lineWidth: -1, sortKeys: false })).join('---\n');
}
