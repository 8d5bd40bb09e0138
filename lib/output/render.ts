import { ApiObject, App } from 'cdk8s';
import { AgentSandboxChart } from '../chart/agent-sandbox-chart';
import { SandboxChart } from '../chart/sandbox-chart';
import { EnvironmentSettings, isAgentSandbox } from '../config/settings';
import { apiObjectJson } from './api-object-json';

/** A Kubernetes object as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

/**
 * Builds the chart of one environment and returns its objects in construct order. One walk over
 * the tree both runs construct validations and collects the objects: cheaper than Chart.toJson's
 * dependency sort, which has nothing to sort here (no object depends on another).
 */
export function renderObjects(settings: EnvironmentSettings): KubeObject[] {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  if (isAgentSandbox(settings)) new AgentSandboxChart(app, settings.name, { settings });
  else new SandboxChart(app, settings.name, { settings });
  const errors: string[] = [];
  const objects: KubeObject[] = [];
  for (const construct of app.node.findAll()) {
    for (const message of construct.node.validate()) errors.push(`[${construct.node.path}] ${message}`);
    if (construct instanceof ApiObject) objects.push(apiObjectJson(construct) as KubeObject);
  }
  if (errors.length > 0) throw new Error(`chart validation failed:\n${errors.join('\n')}`);
  return objects;
}
