import { AGENT_SERVER_PORT, AGENT_VSCODE_PORT } from './agent-server';

/**
 * The ports the sandbox-server exposes for each sandbox, by the name it gives the URL (its default
 * `exposed_ports`: `AGENT_SERVER` and `VSCODE`); each is also an env variable on the claim.
 */
export const EXPOSED_PORTS: Readonly<Record<string, number>> = { AGENT_SERVER: AGENT_SERVER_PORT, VSCODE: AGENT_VSCODE_PORT };

/** Where browsers reach the sandbox-router through the route. */
export interface RouterPathRoute {
  /** `http` or `https` (https when the route has TLS). */
  readonly scheme: 'http' | 'https';
  /** Host of the route. */
  readonly host: string;
  /** The router's `--path-routing-prefix`, such as `/sandboxes`. */
  readonly prefix: string;
  /** Namespace of the sandboxes: the path segment after the prefix. */
  readonly namespace: string;
}

/**
 * The `sandbox_url_pattern` that sends the app server and browsers through a route to the
 * router's path routing: `<prefix>/<namespace>/<sandbox-name>/<port>`. The router dials
 * `<name>.<namespace>.svc`, the Sandbox's headless Service, so the id segment is `{sandbox_name}`
 * (a DNS label), never `{sandbox_id}` (mixed case, which the router refuses).
 */
export function routerUrlPattern(route: RouterPathRoute): string {
  return `${route.scheme}://${route.host}${route.prefix}/${route.namespace}/{sandbox_name}/{port}`;
}

/** The path prefix a route must match: the router's prefix and this namespace, nothing wider. */
export function routePathPrefix(route: Pick<RouterPathRoute, 'prefix' | 'namespace'>): string {
  return `${route.prefix}/${route.namespace}`;
}

/**
 * What the sandbox-server makes of a pattern for one sandbox: `str.format` with the four
 * placeholders, once per exposed port.
 */
export function sandboxUrls(pattern: string, sample: { readonly sandboxId: string; readonly sandboxName: string; readonly namespace: string }): Record<string, string> {
  const values: Record<string, string> = { sandbox_id: sample.sandboxId, sandbox_name: sample.sandboxName, namespace: sample.namespace };
  return Object.fromEntries(Object.entries(EXPOSED_PORTS).map(([name, port]) => [
    name, pattern.replace(/\{(sandbox_id|sandbox_name|namespace|port)\}/g, (_match, key: string) => (key === 'port' ? String(port) : values[key])),
  ]));
}

/**
 * The claim (and, on a cold start, Sandbox and Service) name the sandbox-server gives a sandbox id
 * with its default prefix: the id lower-cased, runs of other characters turned into `-`, cut to
 * fit 63 characters, and the first 6 hex digits of the id's SHA-256 appended.
 */
export function claimName(sandboxId: string, sha256Hex: (text: string) => string, prefix = 'oh-agent-server-'): string {
  const digest = sha256Hex(sandboxId).slice(0, 6);
  const budget = 63 - prefix.length - digest.length - 1;
  const name = sandboxId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, Math.max(budget, 0)).replace(/^-+|-+$/g, '');
  return name ? `${prefix}${name}-${digest}` : `${prefix.slice(0, 63 - digest.length)}${digest}`;
}
