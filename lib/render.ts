import { ApiObject, App } from 'cdk8s';
import { dump } from 'js-yaml';
import { apiObjectJson } from './api-object-json';
import { Config } from './config';
import { SandboxChart } from './sandbox-chart';

/** A Kubernetes object as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

/**
 * Builds the chart of one environment and returns its objects in construct order. One walk over
 * the tree both runs construct validations and collects the objects: cheaper than Chart.toJson's
 * dependency sort, which has nothing to sort here (no object depends on another).
 */
export function renderObjects(config: Config, instance: string): KubeObject[] {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  new SandboxChart(app, instance, { config, instance });
  const errors: string[] = [];
  const objects: KubeObject[] = [];
  for (const construct of app.node.findAll()) {
    for (const message of construct.node.validate()) errors.push(`[${construct.node.path}] ${message}`);
    if (construct instanceof ApiObject) objects.push(apiObjectJson(construct) as KubeObject);
  }
  if (errors.length > 0) throw new Error(`chart validation failed:\n${errors.join('\n')}`);
  return objects;
}

/**
 * Serializes objects as a multi-document YAML stream. js-yaml quotes every string YAML 1.1 would
 * read as another type (`yes`, `on`, `012`), which matters because Kubernetes' YAML reader is 1.1.
 */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((object) => dump(object, { noRefs: true, lineWidth: -1, sortKeys: false })).join('---\n');
}
