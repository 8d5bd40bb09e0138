import { AgentSandboxConfig } from './agent-sandbox-config';
import { kubernetesMinor } from './governance-config';
import type { Config } from './schema';

/**
 * Settings of an agent-sandbox config that reach no object: the Ingress extras without an Ingress
 * route (an HTTPRoute's TLS and class live on the Gateway), and governance that cannot apply.
 */
export function agentSandboxWarnings(config: Config): string[] {
  const manifests = config.extended.manifests;
  const agent = manifests.agent_sandbox ?? AgentSandboxConfig.parse({});
  const warnings: string[] = [];
  if (agent.browser_routes !== 'ingress') {
    const why = agent.browser_routes === 'httproute' ? 'the HTTPRoute\'s TLS, class and annotations belong to its Gateway' : 'browser_routes is "none", so no Ingress is rendered';
    const unused = [
      config.kubernetes.ingress_tls_secret ? 'kubernetes.ingress_tls_secret' : '',
      manifests.ingress_class !== undefined ? 'extended.manifests.ingress_class' : '',
      Object.keys(manifests.ingress_annotations).length > 0 ? 'extended.manifests.ingress_annotations' : '',
      Object.keys(manifests.ingress_labels).length > 0 ? 'extended.manifests.ingress_labels' : '',
    ].filter(Boolean);
    if (unused.length > 0) warnings.push(`${unused.join(', ')} ${unused.length > 1 ? 'reach' : 'reaches'} no object on agent-sandbox: ${why}`);
  }
  if (agent.browser_routes === 'none' && agent.web_url === undefined && agent.permitted_cors_origins.length === 0 && agent.sandbox_url_pattern !== undefined) {
    warnings.push('extended.manifests.agent_sandbox.sandbox_url_pattern is set without web_url or permitted_cors_origins: if browsers use it, the agent server refuses their calls (no CORS origin); set web_url');
  }
  const gov = manifests.governance;
  if (config.kubernetes.namespace === 'default') {
    warnings.push('the sandboxes share the "default" namespace, so nothing governs them (no quota, LimitRange or admission policies, which would hit every other workload there): set kubernetes.namespace');
  } else if (gov.validating_policy && kubernetesMinor(gov.kubernetes_version) < 30) {
    warnings.push(`Kubernetes ${gov.kubernetes_version} has no ValidatingAdmissionPolicy v1 (1.30+): nothing limits what the app server puts in its SandboxClaims`);
  }
  return warnings;
}
