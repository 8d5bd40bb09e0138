import { MANAGED_BY } from '../openhands/labels';
import { ClusterReader, Discovery, splitApiVersion } from './cluster';
import { PreflightInput, Requirement } from './preflight';

/** What to do when a group's API is missing, by group. */
function apiFix(group: string, version: string, kind: string, served: readonly string[], agentSandboxLine: string): string {
  if (group === 'admissionregistration.k8s.io') {
    return kind.startsWith('Mutating')
      ? `set extended.manifests.governance.kubernetes_version to the server's version and re-synth (or governance.mutating_policy = false), or enable it: --runtime-config=admissionregistration.k8s.io/${version}=true${version === 'v1' ? '' : ' and --feature-gates=MutatingAdmissionPolicy=true'}`
      : 'set extended.manifests.governance.kubernetes_version to the server\'s version and re-synth (ValidatingAdmissionPolicy v1 needs Kubernetes 1.30)';
  }
  if (group === 'gateway.networking.k8s.io') return `install the Gateway API CRDs (standard channel, serving ${version}), or set extended.manifests.agent_sandbox.browser_routes = "ingress"`;
  if (group.endsWith('agents.x-k8s.io')) return `install kubernetes-sigs/agent-sandbox v${agentSandboxLine}.x (extended.manifests.agent_sandbox.agent_sandbox_version) with its extensions (serving ${group}/${version})${served.length > 0 ? `: the cluster serves ${served.join(', ')}, another release` : ''}`;
  return `install what serves ${group || 'the core group'}/${version}`;
}

/** Every apiVersion and kind the objects use, served by the cluster. */
export async function apiRequirements({ environment, objects }: PreflightInput, discovery: Discovery): Promise<Requirement[]> {
  const kinds = new Map<string, Set<string>>();
  for (const object of objects) kinds.set(object.apiVersion, (kinds.get(object.apiVersion) ?? new Set()).add(object.kind));
  const agentSandboxLine = environment.config.extended.manifests.agent_sandbox?.agent_sandbox_version ?? '1.0';
  const groups = await discovery.servedGroups();
  const results: Requirement[] = [];
  for (const [apiVersion, kindSet] of [...kinds].sort(([a], [b]) => a.localeCompare(b))) {
    const { group, version } = splitApiVersion(apiVersion);
    for (const kind of [...kindSet].sort()) {
      const requirement = `${apiVersion} ${kind}`;
      const base = { environment: environment.name, requirement };
      if (!groups) {
        results.push({ ...base, status: 'unknown', detail: 'discovery is not known', fix: 'kubectl get --raw /api and /apis' });
        continue;
      }
      const served = groups.get(group) ?? [];
      if (!served.includes(version)) {
        const detail = served.length > 0 ? `not served: ${group} serves ${served.join(', ')}` : `not served: the cluster has no ${group} API`;
        results.push({ ...base, status: 'missing', detail, fix: apiFix(group, version, kind, served, agentSandboxLine) });
        continue;
      }
      const resources = await discovery.resources(apiVersion);
      if (!resources) {
        const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        results.push({ ...base, status: 'unknown', detail: `the resources of ${apiVersion} are not known`, fix: `kubectl get --raw ${path}` });
      } else if (!resources.some((resource) => resource.kind === kind)) {
        results.push({ ...base, status: 'missing', detail: `${apiVersion} is served, but without ${kind} (off by default at this version)`, fix: apiFix(group, version, kind, served, agentSandboxLine) });
      } else {
        results.push({ ...base, status: 'ok', detail: 'served' });
      }
    }
  }
  return results;
}

/**
 * Objects that exist under our names with another owner: apply would take them over (a Namespace
 * someone created is only a warning: apply adds our labels to it).
 */
export async function ownershipRequirements({ environment, objects }: PreflightInput, discovery: Discovery, reader: ClusterReader): Promise<Requirement[]> {
  const results: Requirement[] = [];
  let absent = 0;
  let ours = 0;
  const unknown: string[] = [];
  for (const object of objects) {
    const resource = await discovery.resourceOf(object.apiVersion, object.kind);
    if (!resource) continue; // reported as a missing API
    const path = Discovery.pathOf(object.apiVersion, resource, object.metadata.namespace, object.metadata.name);
    const response = await reader.get(path);
    const ref = `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
    if (!response) unknown.push(path);
    else if (response.status === 404) absent += 1;
    else if (response.status !== 200) unknown.push(path);
    else {
      const labels = response.body?.metadata?.labels ?? {};
      const owner = labels['app.kubernetes.io/managed-by'];
      const instance = labels['app.kubernetes.io/instance'];
      if (owner === MANAGED_BY && instance === environment.name) {
        ours += 1;
      } else if (object.kind === 'Namespace') {
        results.push({ environment: environment.name, requirement: `${ref} under our name`, status: 'warning', detail: `exists, created by ${owner ?? 'someone else (no managed-by label)'}: apply adds our labels (Pod Security included) to it` });
      } else {
        const who = owner === MANAGED_BY ? `openhands-k8s environment ${String(instance)}` : String(owner ?? 'someone else (no managed-by label)');
        results.push({ environment: environment.name, requirement: `${ref} under our name`, status: 'will-fail', detail: `exists, managed by ${who}: apply would take it over`, fix: `delete it, or move ours: kubernetes.namespace (or extended.manifests.name${owner === MANAGED_BY ? ', two configs on one cluster' : ''})` });
      }
    }
  }
  const detail = `${absent} to create, ${ours} already ours${unknown.length > 0 ? `, ${unknown.length} not known` : ''}`;
  results.unshift({ environment: environment.name, requirement: 'objects under our names', status: unknown.length > 0 ? 'unknown' : 'ok', detail, ...(unknown.length > 0 ? { fix: `kubectl get --raw ${unknown[0]}${unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ''}` } : {}) });
  return results;
}
