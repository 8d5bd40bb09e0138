import { routerUrlPattern } from '../agent-sandbox/sandbox-urls';
import { AgentSandboxConfig } from './agent-sandbox-config';
import type { Config } from './schema';

/** OpenHands' default `sandbox_url_pattern`: the headless Service of each Sandbox. */
export const IN_CLUSTER_URL_PATTERN = 'http://{sandbox_name}.{namespace}.svc.cluster.local:{port}';

/**
 * The URL pattern the app server gets: with a browser route, the route's path into the router
 * (`<scheme>://<ingress_domain><prefix>/<namespace>/{sandbox_name}/{port}`, https with the
 * Ingress's TLS secret, or for an HTTPRoute when web_url is https); otherwise the configured
 * pattern or OpenHands' in-cluster default.
 */
export function resolvedUrlPattern(config: Config): string {
  const agent = config.extended?.manifests?.agent_sandbox ?? AgentSandboxConfig.parse({});
  if (agent.browser_routes === 'none') return agent.sandbox_url_pattern ?? IN_CLUSTER_URL_PATTERN;
  const https = agent.browser_routes === 'ingress' ? Boolean(config.kubernetes.ingress_tls_secret) : (agent.web_url ?? '').startsWith('https:');
  return routerUrlPattern({ scheme: https ? 'https' : 'http', host: config.kubernetes.ingress_domain, prefix: agent.router_path_prefix, namespace: config.kubernetes.namespace });
}
