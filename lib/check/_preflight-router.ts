import { EXPOSED_PORTS } from '../agent-sandbox/sandbox-urls';
import { isAgentSandbox } from '../config/settings';
import { LabelSelector, selects } from '../kube/label-selector';
import { ClusterReader } from './cluster';
import { PreflightInput, Requirement } from './preflight';
import { routerPrefixSource } from './_router-flags';

const PREFIX_KEY = 'extended.manifests.agent_sandbox.router_path_prefix';
/** Labels the agent-sandbox controller adds to every sandbox pod (the router's upstream policy selects them). */
const CONTROLLER_POD_LABELS = { 'agents.x-k8s.io/sandbox-name-hash': '(hash)', 'agents.x-k8s.io/sandbox-template-ref-hash': '(hash)' };

const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

/**
 * The labels a namespace has once the output is applied: the cluster's, with ours (when we render
 * the Namespace) and `kubernetes.io/metadata.name`, which the API server sets on every namespace.
 */
export async function namespaceLabels(namespace: string, objects: PreflightInput['objects'], reader: ClusterReader): Promise<Record<string, string>> {
  const rendered = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === namespace)?.metadata.labels ?? {};
  const response = await reader.get(`/api/v1/namespaces/${namespace}`);
  const live = response?.status === 200 ? response.body?.metadata?.labels ?? {} : {};
  return { ...live, ...rendered, 'kubernetes.io/metadata.name': namespace };
}

/**
 * With browser routes: the sandbox-router Deployment (router namespace, pods labelled
 * `router_pod_labels`) runs with `--path-routing-prefix=<router_path_prefix>`, and the
 * NetworkPolicies selecting its pods let it reach the sandbox namespace on the ports the URLs use.
 */
export async function routerRequirements({ environment, objects }: PreflightInput, reader: ClusterReader): Promise<Requirement[]> {
  const { settings, config, name } = environment;
  if (!isAgentSandbox(settings) || !settings.browserRoute) return [];
  const prefix = config.extended.manifests.agent_sandbox!.router_path_prefix;
  const { routerNamespace, routerPodLabels } = settings.template.network;
  const collection = `/apis/apps/v1/namespaces/${routerNamespace}/deployments`;
  const requirement = `sandbox-router in ${routerNamespace} with --path-routing-prefix=${prefix} (${PREFIX_KEY})`;
  const list = await reader.get(collection);
  if (!list || list.status !== 200) return [{ environment: name, requirement, status: 'unknown', detail: 'its Deployments are not known', fix: `kubectl get --raw ${collection}` }, await egressRequirement(name, settings.namespace, routerNamespace, [routerPodLabels], objects, reader)];
  const routers: any[] = (list.body.items ?? []).filter((d: any) => selects({ matchLabels: routerPodLabels }, d.spec?.template?.metadata?.labels ?? {}));
  if (routers.length === 0) {
    return [{ environment: name, requirement, status: 'missing', detail: `no Deployment in ${routerNamespace} runs pods labelled ${labelText(routerPodLabels)}: the browser routes lead to no router`, fix: 'install agent-sandbox\'s sandbox-router (1.0 or later) there, or set extended.manifests.agent_sandbox.router_namespace and router_pod_labels to where it runs' }];
  }
  const results: Requirement[] = [];
  for (const deployment of routers) results.push({ environment: name, requirement, ...await prefixStatus(deployment, prefix, settings.browserRoute.kind, reader) });
  results.push(await egressRequirement(name, settings.namespace, routerNamespace, routers.map((d) => d.spec.template.metadata.labels), objects, reader));
  return results;
}

async function prefixStatus(deployment: any, prefix: string, route: 'httproute' | 'ingress', reader: ClusterReader): Promise<Pick<Requirement, 'status' | 'detail' | 'fix'>> {
  const { namespace, name } = deployment.metadata;
  const ref = `Deployment ${namespace}/${name}`;
  const configMap = async (map: string) => {
    const response = await reader.get(`/api/v1/namespaces/${namespace}/configmaps/${map}`);
    if (!response || (response.status !== 200 && response.status !== 404)) return undefined;
    return response.status === 404 ? null : response.body?.data ?? {};
  };
  const containers: any[] = deployment.spec?.template?.spec?.containers ?? [];
  const sources = await Promise.all(containers.map(async (c) => ({ container: String(c.name), source: await routerPrefixSource(c, configMap) })));
  const set = sources.filter((s) => s.source.kind === 'value');
  if (set.some((s) => s.source.kind === 'value' && s.source.prefix === prefix)) return { status: 'ok', detail: `${ref} runs with --path-routing-prefix=${prefix}` };
  const open = route === 'ingress' ? '; and the Ingress passes a client\'s own X-Sandbox-* headers through to its header routing: any sandbox, port or pod IP the router reaches' : '';
  const [other] = set;
  if (other && other.source.kind === 'value') {
    return { status: 'will-fail', detail: `${ref} (container ${other.container}) runs with path-routing prefix "${other.source.prefix}" (${other.source.from}), not "${prefix}": browser URLs under ${prefix} get 400 from its header routing${open}`, fix: `set --path-routing-prefix=${prefix} on it, or ${PREFIX_KEY} = "${other.source.prefix}" and re-synth` };
  }
  const hidden = sources.find((s) => s.source.kind === 'hidden');
  if (hidden && hidden.source.kind === 'hidden') {
    return { status: 'unknown', detail: `${ref} (container ${hidden.container}) may set its path-routing prefix in ${hidden.source.where}, which preflight cannot read`, fix: `make sure it sets path-routing-prefix: ${prefix}, or pass --path-routing-prefix=${prefix} in its args` };
  }
  return { status: 'will-fail', detail: `${ref} runs without --path-routing-prefix: it answers browser URLs under ${prefix} with 400 (it routes them by X-Sandbox-* headers only)${open}`, fix: `add --path-routing-prefix=${prefix} to its container's args (agent-sandbox's Go router, 1.0 or later; the Python router has no path routing)` };
}

const isEgress = (policy: any) => (policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes('Egress');

/** Whether a rule's ports admit TCP `port` (none listed: every port; a name: the sandbox container's). */
function portAllowed(ports: any[] | undefined, port: number, named: Record<string, number>): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined
    || (typeof p.port === 'number' && (p.port === port || (p.endPort !== undefined && p.port <= port && port <= p.endPort)))
    || (typeof p.port === 'string' && named[p.port] === port)));
}

/** Whether a rule's peers admit a sandbox pod: `true`, `false`, or `'ipBlock'` when only an address range might. */
function peerAllowed(to: any[] | undefined, policyNamespace: string, sandboxNamespace: string, nsLabels: Record<string, string>, podLabels: Record<string, string>): boolean | 'ipBlock' {
  if (!to || to.length === 0) return true;
  if (to.some((peer) => !peer.ipBlock && (peer.namespaceSelector ? selects(peer.namespaceSelector as LabelSelector, nsLabels) : policyNamespace === sandboxNamespace) && selects(peer.podSelector, podLabels))) return true;
  return to.some((peer) => peer.ipBlock) ? 'ipBlock' : false;
}

async function egressRequirement(environment: string, sandboxNamespace: string, routerNamespace: string, routerPods: Record<string, string>[], objects: PreflightInput['objects'], reader: ClusterReader): Promise<Requirement> {
  const ports = Object.values(EXPOSED_PORTS);
  const requirement = `the sandbox-router may reach ${sandboxNamespace} on TCP ${ports.join(', ')} (NetworkPolicies in ${routerNamespace})`;
  const collection = `/apis/networking.k8s.io/v1/namespaces/${routerNamespace}/networkpolicies`;
  const list = await reader.get(collection);
  if (!list || list.status !== 200) return { environment, requirement, status: 'unknown', detail: 'its NetworkPolicies are not known', fix: `kubectl get --raw ${collection}` };
  const policies = (list.body.items ?? []).filter((p: any) => isEgress(p) && routerPods.some((labels) => selects(p.spec?.podSelector, labels)));
  if (policies.length === 0) return { environment, requirement, status: 'ok', detail: `no NetworkPolicy in ${routerNamespace} limits the router's egress` };
  const template = objects.find((o) => o.kind === 'SandboxTemplate') as any;
  const podLabels = { ...template?.spec?.podTemplate?.metadata?.labels, ...CONTROLLER_POD_LABELS };
  const named = Object.fromEntries((template?.spec?.podTemplate?.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []).filter((p: any) => p.name).map((p: any) => [p.name, p.containerPort]));
  const nsLabels = await namespaceLabels(sandboxNamespace, objects, reader);
  const verdicts = ports.map((port) => {
    const rules = policies.flatMap((p: any) => (p.spec.egress ?? []).filter((rule: any) => portAllowed(rule.ports, port, named)).map((rule: any) => peerAllowed(rule.to, p.metadata.namespace ?? routerNamespace, sandboxNamespace, nsLabels, podLabels)));
    return { port, verdict: rules.includes(true) ? true : rules.includes('ipBlock') ? 'ipBlock' : false };
  });
  const names = policies.map((p: any) => p.metadata.name).join(', ');
  const blocked = verdicts.filter((v) => v.verdict === false).map((v) => v.port);
  const fix = `add an egress rule to NetworkPolicy ${routerNamespace}/${policies[0].metadata.name}: to namespaceSelector kubernetes.io/metadata.name: ${sandboxNamespace}, ports TCP ${ports.join(', ')} (see the README, "Browser routes")`;
  if (blocked.length > 0) return { environment, requirement, status: 'will-fail', detail: `NetworkPolicy ${names} select the router's pods and let it reach ${sandboxNamespace} not on ${blocked.join(', ')}: those browser URLs time out`, fix };
  const ranges = verdicts.filter((v) => v.verdict === 'ipBlock').map((v) => v.port);
  if (ranges.length > 0) return { environment, requirement, status: 'warning', detail: `NetworkPolicy ${names} let the router reach ${ranges.join(', ')} only through ipBlock ranges, which may or may not hold the sandbox pods`, fix };
  return { environment, requirement, status: 'ok', detail: `NetworkPolicy ${names} let it` };
}
