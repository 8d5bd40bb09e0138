import { LoadedEnvironment } from '../config/environments';
import { Environment } from '../config/load';
import { isAgentSandbox } from '../config/settings';
import { sandboxServerClaim } from '../cluster/sandbox-server-claim';
import { KubeObject } from '../output/render';
import { hostileClaimVariants, hostileVariants, openhandsSession, randomSessionId } from './_smoke-objects';
import { ClusterClient, Discovery } from './cluster';
import { Requirement } from './preflight';

/** The fields of a sandbox pod the hardened profile sets, compared between the admitted pod and the pre-provisioned one. */
export const HARDENED_FIELDS: readonly string[] = [
  'spec.automountServiceAccountToken',
  'spec.enableServiceLinks',
  'spec.serviceAccountName',
  'spec.runtimeClassName',
  'spec.securityContext.seccompProfile',
  'spec.containers.0.securityContext.allowPrivilegeEscalation',
  'spec.containers.0.securityContext.capabilities',
  'spec.containers.0.securityContext.privileged',
  'spec.containers.0.resources.limits.ephemeral-storage',
];

const at = (object: unknown, path: string): unknown => path.split('.').reduce<any>((value, key) => value?.[key], object);

/** JSON with object keys sorted: the API server returns fields in its own order. */
function canonical(value: unknown): string | undefined {
  const sort = (v: unknown): unknown => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as any)[k])])) : v);
  return JSON.stringify(sort(value));
}

/** Options of {@link smoke}. */
export interface SmokeOptions {
  /** The environment variables OpenHands' config reads. */
  readonly env: Environment;
  /**
   * The session id to try.
   * @default - a fresh random id
   */
  readonly sessionId?: string;
}

/**
 * After apply, proves on the live API server with server-side dry runs only (`dryRun=All`, nothing
 * persists) that OpenHands can still create its objects for a fresh session in the sandbox
 * namespace, that the pod comes back hardened as the pre-provisioned one is, and that hostile
 * variants of it are refused by our governance. For the agent-sandbox target, the SandboxClaim the
 * sandbox-server sends (env, CORS origins, session key, lifecycle) and, with the claim policy in
 * the output, hostile variants of it.
 * @param governance the names of the environment's ValidatingAdmissionPolicies and LimitRange,
 *   whose refusals count as ours.
 */
export async function smoke(environment: LoadedEnvironment, objects: readonly KubeObject[], client: ClusterClient, options: SmokeOptions): Promise<Requirement[]> {
  const discovery = new Discovery(client);
  const name = environment.name;
  const settings = environment.settings;
  if (isAgentSandbox(settings)) {
    const id = `smoke${(options.sessionId ?? randomSessionId()).slice(0, 12)}`;
    const rules = settings.governance.claimPolicy?.claims;
    const claim = rules
      ? sandboxServerClaim(rules, settings.namespace, id)
      : { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxClaim', metadata: { name: `openhands-smoke-${id.slice(5)}`, namespace: settings.namespace }, spec: { warmPoolRef: { name: settings.warmPool.name } } };
    const admitted = await admit(name, claim as unknown as KubeObject, discovery, client);
    delete admitted.object;
    const results: Requirement[] = [admitted];
    if (rules && admitted.status !== 'missing') {
      const ours = objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy').map((object) => object.metadata.name);
      for (const variant of hostileClaimVariants()) {
        const hostile = JSON.parse(JSON.stringify(claim));
        variant.change(hostile);
        results.push(await refuse(name, variant.name, hostile, ours, discovery, client));
      }
    }
    return results;
  }
  const sid = options.sessionId ?? randomSessionId();
  const session = openhandsSession(environment, sid, options.env);
  const results: Requirement[] = [];
  let admittedPod: unknown;
  for (const object of session.objects) {
    const result = await admit(name, object, discovery, client);
    results.push(result);
    if (object.kind === 'Pod' && result.status === 'ok') admittedPod = (result as Requirement & { object?: unknown }).object;
    delete (result as { object?: unknown }).object;
  }
  if (admittedPod && session.hardenedPod && settings.cluster.mutatingPolicy) {
    const differing = HARDENED_FIELDS.filter((path) => canonical(at(admittedPod, path)) !== canonical(at(session.hardenedPod, path)));
    results.push(differing.length === 0
      ? { environment: name, requirement: 'the admitted pod is hardened', status: 'ok', detail: `matches the pre-provisioned pod in ${HARDENED_FIELDS.length} hardened fields` }
      : { environment: name, requirement: 'the admitted pod is hardened', status: 'will-fail', detail: `differs from the pre-provisioned pod in ${differing.map((path) => `${path} (${canonical(at(admittedPod, path)) ?? 'unset'}, not ${canonical(at(session.hardenedPod, path)) ?? 'unset'})`).join(', ')}`, fix: 'is the MutatingAdmissionPolicy and its binding applied (preflight), and the namespace the one the config names?' });
  }
  const pod = session.objects.find((object) => object.kind === 'Pod');
  if (pod && settings.cluster.validatingPolicy) {
    const ours = objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy').map((object) => object.metadata.name);
    for (const variant of hostileVariants(settings.pod.privileged ?? false, (pod as any).spec.containers[0].resources?.limits?.memory)) {
      const hostile = JSON.parse(JSON.stringify(pod));
      variant.change(hostile);
      results.push(await refuse(name, variant.name, hostile, ours, discovery, client));
    }
  }
  return results;
}

async function collectionPath(object: KubeObject, discovery: Discovery): Promise<string | undefined> {
  const resource = await discovery.resourceOf(object.apiVersion, object.kind);
  return resource && Discovery.pathOf(object.apiVersion, resource, object.metadata.namespace);
}

async function admit(environment: string, object: KubeObject, discovery: Discovery, client: ClusterClient): Promise<Requirement & { object?: unknown }> {
  const requirement = `OpenHands can create ${object.kind} ${object.metadata.name}`;
  const path = await collectionPath(object, discovery);
  if (!path) return { environment, requirement, status: 'missing', detail: `the cluster does not serve ${object.apiVersion} ${object.kind}`, fix: 'run preflight' };
  const response = await client.dryRunCreate(path, object);
  if (response.status >= 200 && response.status < 300) return { environment, requirement, status: 'ok', detail: 'admitted (dry run, nothing persisted)', object: response.body };
  return { environment, requirement, status: 'will-fail', detail: `refused (${response.status}): ${messageOf(response.body)}`, fix: 'the governance refuses what OpenHands creates: re-synth with the config OpenHands runs with and apply again' };
}

async function refuse(environment: string, variant: string, object: KubeObject, ours: readonly string[], discovery: Discovery, client: ClusterClient): Promise<Requirement> {
  const requirement = `refuses ${variant}`;
  const path = (await collectionPath(object, discovery))!;
  const response = await client.dryRunCreate(path, object);
  const message = messageOf(response.body);
  if (response.status >= 200 && response.status < 300) {
    return { environment, requirement, status: 'will-fail', detail: 'admitted: nothing stops it', fix: 'apply the output (its admission policies and bindings), then run smoke again' };
  }
  const byUs = ours.some((policy) => message.includes(`'${policy}'`)) || /LimitRange|maximum memory usage|violates PodSecurity/.test(message);
  return byUs
    ? { environment, requirement, status: 'ok', detail: `refused: ${message}` }
    : { environment, requirement, status: 'warning', detail: `refused, but not by our governance: ${message}` };
}

function messageOf(body: any): string {
  return typeof body === 'object' && body !== null ? String(body.message ?? JSON.stringify(body)) : String(body ?? '');
}
