import { ApiObject, App, Chart } from 'cdk8s';
import { AgentSandboxChart } from '../chart/agent-sandbox-chart';
import { SandboxChart } from '../chart/sandbox-chart';
import { EnvironmentSettings, isAgentSandbox } from '../config/settings';
import { apiObjectJson } from './api-object-json';

/** A Kubernetes object as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

/**
 * Sessions rendered per construct tree. A tree costs about four times its YAML in memory; building
 * a fresh one per batch and dropping it keeps memory flat and the garbage collector in its cheap
 * young generation, whatever the session count (20 measured fastest).
 */
export const SESSIONS_PER_BATCH = 20;

/**
 * Builds the chart of one environment batch by batch and yields each batch's objects in construct
 * order: the namespace-level objects first, then each session's. The concatenation is exactly what
 * one chart of every session would render. The agent-sandbox target has no sessions: one batch.
 */
export function* renderBatches(settings: EnvironmentSettings, sessionsPerBatch = SESSIONS_PER_BATCH): Generator<KubeObject[]> {
  if (isAgentSandbox(settings)) {
    yield renderChart((app) => new AgentSandboxChart(app, settings.name, { settings }));
    return;
  }
  const { sessions } = settings;
  for (let start = 0; start === 0 || start < sessions.length; start += sessionsPerBatch) {
    const batch = sessions.slice(start, start + sessionsPerBatch);
    yield renderChart((app) => new SandboxChart(app, settings.name, { settings, sessions: batch, includeCluster: start === 0 }));
  }
}

/** Every object of one environment, in construct order. */
export function renderObjects(settings: EnvironmentSettings): KubeObject[] {
  return [...renderBatches(settings)].flat();
}

/**
 * One walk over the tree both runs construct validations and collects the objects: cheaper than
 * Chart.toJson's dependency sort, which has nothing to sort here (no object depends on another).
 */
function renderChart(build: (app: App) => Chart): KubeObject[] {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  build(app);
  const errors: string[] = [];
  const objects: KubeObject[] = [];
  for (const construct of app.node.findAll()) {
    for (const message of construct.node.validate()) errors.push(`[${construct.node.path}] ${message}`);
    if (construct instanceof ApiObject) objects.push(apiObjectJson(construct) as KubeObject);
  }
  if (errors.length > 0) throw new Error(`chart validation failed:\n${errors.join('\n')}`);
  return objects;
}
