import { ApiObject, App, Chart } from 'cdk8s';
import { AgentSandboxChart } from '../chart/agent-sandbox-chart';
import { SandboxChart } from '../chart/sandbox-chart';
import { EnvironmentSettings, isAgentSandbox, Settings } from '../config/settings';
import { PROBE_IDS, SessionStamp } from './_session-stamp';
import { apiObjectJson } from './api-object-json';
import { documentOf, RenderedDocument } from './document';

/** A Kubernetes object as plain JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

/**
 * Sessions rendered per construct tree. A tree costs about four times its YAML in memory; building
 * a fresh one per batch and dropping it keeps memory flat and the garbage collector in its cheap
 * young generation, whatever the session count (20 measured fastest).
 */
export const SESSIONS_PER_BATCH = 20;

/** Sessions from which synth stamps them (see {@link renderDocuments}): below, the two probes cost more than they save. */
export const MIN_STAMPED_SESSIONS = 4;

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
    yield renderSandboxChart(settings, sessions.slice(start, start + sessionsPerBatch), start === 0);
  }
}

/** Every object of one environment, in construct order. */
export function renderObjects(settings: EnvironmentSettings): KubeObject[] {
  return [...renderBatches(settings)].flat();
}

/**
 * The documents of one environment batch by batch, exactly as {@link renderBatches}' objects would
 * be written, only faster: from {@link MIN_STAMPED_SESSIONS} sessions on, the constructs build the
 * namespace-level objects, the first session and two probe sessions, and every other session is
 * stamped from the probes (see `_session-stamp.ts`) instead of built and serialized again. A
 * session whose id the stamp cannot fill, and every session when the probes give no stamp or the
 * first session's stamp differs from what the constructs built, is built by the constructs.
 */
export function* renderDocuments(settings: EnvironmentSettings, sessionsPerBatch = SESSIONS_PER_BATCH): Generator<RenderedDocument[]> {
  // Repeated ids are refused by the config and by the constructs (two constructs of one id): leave them to the constructs.
  if (isAgentSandbox(settings) || settings.sessions.length < MIN_STAMPED_SESSIONS || new Set(settings.sessions).size < settings.sessions.length) {
    for (const batch of renderBatches(settings, sessionsPerBatch)) yield batch.map(documentOf);
    return;
  }
  const { sessions } = settings;
  const first = renderSandboxChart(settings, sessions.slice(0, 1), true).map(documentOf);
  const stamp = checkedStamp(settings, first);
  yield first;
  for (let start = 1; start < sessions.length; start += sessionsPerBatch) {
    yield sessionDocuments(settings, stamp, sessions.slice(start, start + sessionsPerBatch));
  }
}

/**
 * The stamp of an environment's sessions, if the probes give one and it agrees with the constructs
 * on the first session it can fill (the first session, built already, unless its id is one like
 * `123`, which the stamp leaves to the constructs).
 */
function checkedStamp(settings: Settings, first: readonly RenderedDocument[]): SessionStamp | undefined {
  const stamp = SessionStamp.of(renderSandboxChart(settings, PROBE_IDS, false));
  if (!stamp) return undefined;
  const { sessions } = settings;
  for (let index = 0; index < sessions.length; index++) {
    const stamped = stamp.documents(sessions[index]);
    if (stamped === undefined) continue;
    const built = index === 0 ? first.slice(first.length - stamp.objectsPerSession) : renderSandboxChart(settings, [sessions[index]], false).map(documentOf);
    return sameDocuments(stamped, built) ? stamp : undefined;
  }
  return stamp;
}

function sameDocuments(a: readonly RenderedDocument[], b: readonly RenderedDocument[]): boolean {
  return a.length === b.length && a.every((doc, index) => {
    const other = b[index];
    return doc.yaml === other.yaml && doc.name === other.name && doc.namespace === other.namespace && doc.kind === other.kind
      && doc.apiVersion === other.apiVersion && doc.jsonBytes === other.jsonBytes && doc.annotationBytes === other.annotationBytes
      && (doc.hosts ?? []).join('\n') === (other.hosts ?? []).join('\n');
  });
}

/** The documents of some sessions, in order: stamped where the stamp can, else built by the constructs in one chart. */
function sessionDocuments(settings: Settings, stamp: SessionStamp | undefined, sessions: readonly string[]): RenderedDocument[] {
  const perSession = sessions.map((sid) => stamp?.documents(sid));
  const unstamped = sessions.filter((_, index) => perSession[index] === undefined);
  if (unstamped.length > 0) {
    const built = renderSandboxChart(settings, unstamped, false).map(documentOf);
    // Every session of an environment is the same objects (headless or not is environment-wide).
    const count = built.length / unstamped.length;
    if (!Number.isInteger(count)) throw new Error(`${unstamped.length} sessions built ${built.length} objects: sessions differ in their objects`);
    let next = 0;
    for (let index = 0; index < sessions.length; index++) {
      if (perSession[index] === undefined) perSession[index] = built.slice(count * next, count * ++next);
    }
  }
  return perSession.flat() as RenderedDocument[];
}

/** The objects of one chart of an environment: its namespace-level objects when asked, then those of some sessions. */
function renderSandboxChart(settings: Settings, sessions: readonly string[], includeCluster: boolean): KubeObject[] {
  return renderChart((app) => new SandboxChart(app, settings.name, { settings, sessions, includeCluster }));
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
