import { z } from 'zod';
import { BLOCKED_IPV4, BLOCKED_IPV6 } from '../kube/egress-blocklist';
import { cidrsOverlap, parseCidr } from '../kube/cidr';
import { agentSandboxLabels } from '../agent-sandbox/agent-server';
import { standardLabels } from '../openhands/labels';
import { APP_LABEL } from '../openhands/runtime-names';
import type { Config } from './schema';

/** Namespaces the control plane owns: sandboxes never go there. */
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

type Issue = { path: (string | number)[]; message: string; input: unknown };

/**
 * Configurations that defeat the sandboxes' isolation, refused with the key to change. Run from
 * the root schema's refinement, once the sections have parsed.
 */
export function isolationIssues(config: Config): Issue[] {
  const issues: Issue[] = [];
  const { kubernetes: kube } = config;
  const manifests = config.extended.manifests;
  const hardened = manifests.security_profile === 'hardened';
  if (SYSTEM_NAMESPACES.includes(kube.namespace)) {
    issues.push({ path: ['kubernetes', 'namespace'], input: kube.namespace, message: `is a system namespace: sandboxes run untrusted code and need a namespace of their own` });
  }
  // The rest holds for the hardened V0 runtime and for agent-sandbox, whose template is always
  // hardened (its policy admits the app server by these labels and sends webhooks to them).
  const agentSandbox = manifests.target === 'agent-sandbox';
  if (!hardened && !agentSandbox) return issues;
  const appServer = manifests.app_server;
  const sharedNamespace = kube.namespace === appServer.namespace;
  // agent-sandbox in "default" (OpenHands' own example) renders no namespace governance to misapply.
  if (sharedNamespace && !(agentSandbox && kube.namespace === 'default')) {
    issues.push({ path: ['kubernetes', 'namespace'], input: kube.namespace, message: `is also the app server's namespace (extended.manifests.app_server.namespace): the sandboxes' quota, policies and Pod Security level would apply to the app server too${agentSandbox ? ', and the template\'s policy would take sandboxes carrying the app server\'s labels for it' : ''}; give the sandboxes a namespace of their own` });
  }
  // `=== true`: a mistyped value ("yes") is reported by the schema, not twice.
  if (kube.namespace === 'default' && kube.privileged === true) {
    issues.push({ path: ['kubernetes', 'privileged'], input: true, message: 'privileged sandboxes need a namespace of their own, never "default": set kubernetes.namespace' });
  }
  if (manifests.governance.validating_policy && !agentSandbox) {
    for (const key of Object.keys(manifests.ingress_annotations).filter((name) => name.endsWith('-snippet'))) {
      issues.push({ path: ['extended', 'manifests', 'ingress_annotations', key], input: manifests.ingress_annotations[key], message: 'is a snippet annotation, which injects configuration into the shared ingress controller: the validating policy refuses every Ingress that carries one, this one included; remove it (or set governance.validating_policy = false)' });
    }
  }
  const labels = Object.entries(appServer.pod_labels);
  if (labels.length === 0) {
    issues.push({ path: ['extended', 'manifests', 'app_server', 'pod_labels'], input: {}, message: `is empty, so every pod of the app server namespace could reach the sandboxes' ${agentSandbox ? 'agent server' : 'action server'}: name the app server's own labels` });
  }
  // Sandbox pods carry these labels (and a per-sandbox one: V0's session label, the agent-sandbox
  // controller's labels): an app server selector they all match lets sandboxes in as the app server
  // (on agent-sandbox only where both share a namespace: its policy names the app server's).
  const sandboxLabels: Record<string, string> = agentSandbox
    ? { ...agentSandboxLabels('sandbox', ''), ...manifests.pod_labels }
    : { ...standardLabels('sandbox', ''), ...manifests.pod_labels, app: APP_LABEL };
  const perSandbox = (key: string) => (agentSandbox ? /^(extensions\.)?agents\.x-k8s\.io\//.test(key) : key === 'session');
  const matched = labels.filter(([key, value]) => perSandbox(key) || (sandboxLabels[key] === value && key !== 'app.kubernetes.io/instance'));
  if ((!agentSandbox || sharedNamespace) && labels.length > 0 && (matched.length === labels.length || labels.some(([key]) => perSandbox(key)))) {
    issues.push({ path: ['extended', 'manifests', 'app_server', 'pod_labels'], input: appServer.pod_labels, message: `matches the sandbox pods' own labels (${matched.map(([key, value]) => `${key}=${value}`).join(', ')}), so a sandbox would be let in as the app server: use labels only the app server carries` });
  }
  if (agentSandbox) issues.push(...routerIssues(config, sandboxLabels, perSandbox));
  manifests.network_policy.allow_egress_cidrs.forEach((text, index) => {
    if (parseCidr(text)?.prefix === 0) {
      issues.push({ path: ['extended', 'manifests', 'network_policy', 'allow_egress_cidrs', index], input: text, message: 'allows every address, which re-opens every blocked range (cloud metadata, private networks): list only the ranges the sandboxes need' });
    }
  });
  if (manifests.governance.resource_quota && manifests.sessions.length > manifests.governance.max_sessions) {
    issues.push({ path: ['extended', 'manifests', 'governance', 'max_sessions'], input: manifests.governance.max_sessions, message: `is below the ${manifests.sessions.length} pre-provisioned sessions, so the ResourceQuota would refuse some of them: raise it` });
  }
  return issues;
}

/**
 * The sandbox-router is admitted to every sandbox on the exposed ports by `router_namespace` and
 * `router_pod_labels`: like the app server, it needs a namespace other than the sandboxes' and
 * labels of its own, or other pods (sandboxes among them) get in as the router.
 */
function routerIssues(config: Config, sandboxLabels: Record<string, string>, perSandbox: (key: string) => boolean): Issue[] {
  const issues: Issue[] = [];
  const agent = config.extended.manifests.agent_sandbox;
  const namespace = agent?.router_namespace ?? 'agent-sandbox-system';
  const labels = Object.entries(agent?.router_pod_labels ?? { 'app.kubernetes.io/name': 'sandbox-router' });
  const path = ['extended', 'manifests', 'agent_sandbox'];
  const shared = namespace === config.kubernetes.namespace;
  if (shared && namespace !== 'default') {
    issues.push({ path: [...path, 'router_namespace'], input: namespace, message: 'is also the sandboxes\' namespace (kubernetes.namespace): the router is shared by every sandbox namespace and would fall under this one\'s quota, LimitRange and Pod Security level; keep it in a namespace of its own' });
  }
  if (labels.length === 0) {
    issues.push({ path: [...path, 'router_pod_labels'], input: {}, message: `is empty, so every pod of ${namespace} could reach the sandboxes' agent server and VS Code as the router: name the router's own labels` });
  } else if (shared && labels.every(([key, value]) => perSandbox(key) || (sandboxLabels[key] === value && key !== 'app.kubernetes.io/instance'))) {
    issues.push({ path: [...path, 'router_pod_labels'], input: Object.fromEntries(labels), message: 'matches the sandbox pods\' own labels, so a sandbox would be let in as the router and reach the others: use labels only the router carries' });
  }
  return issues;
}

/** Allowed egress CIDRs that re-open part of a blocked range: valid, but worth a warning. */
export function reopenedRanges(cidrs: readonly string[]): Array<[cidr: string, blocked: string[]]> {
  return cidrs.flatMap((text): Array<[string, string[]]> => {
    const cidr = parseCidr(text);
    if (!cidr || cidr.prefix === 0) return [];
    const blocked = [...BLOCKED_IPV4, ...BLOCKED_IPV6].filter((range) => cidrsOverlap(cidr, parseCidr(range)!));
    return blocked.length > 0 ? [[text, blocked]] : [];
  });
}

/** Adds {@link isolationIssues} to a zod refinement context. */
export function addIsolationIssues(config: Config, ctx: z.RefinementCtx): void {
  for (const issue of isolationIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
}
