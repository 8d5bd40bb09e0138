import { z } from 'zod';
import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain } from '../kube/names';
import { labelMap, rule } from './_rules';

/** Which objects a config becomes. */
export const Target = z.enum(['openhands-runtime', 'agent-sandbox'])
  .describe('"openhands-runtime": the pods, Services and Ingresses OpenHands\' V0 KubernetesRuntime creates. "agent-sandbox": OpenHands V1 (sandbox-server, RUNTIME=kubernetes) on kubernetes-sigs/agent-sandbox: SandboxTemplate, SandboxWarmPool, RBAC and the sandbox-server environment.');
export type Target = z.infer<typeof Target>;

/** How browsers reach VS Code in a sandbox through the sandbox-router. */
export const BrowserRoutes = z.enum(['none', 'httproute', 'ingress'])
  .describe('Route from browsers to the sandbox-router: "none", a Gateway API "httproute" (with a ReferenceGrant) or an "ingress", on host kubernetes.ingress_domain under router_path_prefix. They use the router\'s path routing (agent-sandbox 1.0+, --path-routing-prefix), and the app server gets the matching OH_SANDBOX_SANDBOX_URL_PATTERN.');
export type BrowserRoutes = z.infer<typeof BrowserRoutes>;

const PLACEHOLDERS = ['sandbox_name', 'sandbox_id', 'namespace', 'port'];

/** The agent-sandbox release lines the output is made for. */
export const AgentSandboxVersion = z.enum(['1.0', '0.5'])
  .describe('agent-sandbox release line of the cluster: "1.0" (v1.0.x, v1beta1 only, router path routing) or "0.5" (v0.5.x: its router routes by headers only, so browser_routes must stay "none"). The objects are the same v1beta1 either way.');
const port = z.number().int().min(1).max(65535);
/** At most this many permitted CORS origins: each is a pinned variable of every claim. */
const MAX_CORS_ORIGINS = 20;

/** Settings of the agent-sandbox target, read only when `target = "agent-sandbox"`. */
export const AgentSandboxConfig = z.strictObject({
  template: z.string().superRefine(rule(checkDns1123Subdomain)).default('openhands-agent-server')
    .describe('Name of the SandboxTemplate (the pod every sandbox runs).'),
  warm_pool: z.string().superRefine(rule(checkDns1123Subdomain)).default('openhands-pool')
    .describe('Name of the SandboxWarmPool; the app server claims from it (OH_SANDBOX_WARM_POOL). "openhands-pool" is OpenHands\' default sandbox spec id.'),
  replicas: z.number().int().min(0).max(1000).default(0)
    .describe('Pre-warmed sandboxes. 0, because the app server puts env on every claim and agent-sandbox cold-starts any claim with env: warm pods would never be used. Written explicitly because the CRD defaults it to 1.'),
  app_server_service: z.string().superRefine(rule(checkDns1035Label)).default('openhands-app-server')
    .describe('Service of the app server in app_server.namespace, which sandboxes call back (OH_SANDBOX_WEBHOOK_BASE_URL).'),
  app_server_port: port.default(3000).describe('Port of the app server Service that receives the webhooks.'),
  agent_sandbox_version: AgentSandboxVersion.default('1.0'),
  router_namespace: z.string().superRefine(rule(checkDns1123Label)).default('agent-sandbox-system')
    .describe('Namespace of the agent-sandbox sandbox-router, the only source besides the app server allowed to reach the sandboxes (on the agent server\'s and VS Code\'s ports).'),
  router_pod_labels: labelMap.prefault({ 'app.kubernetes.io/name': 'sandbox-router' })
    .describe('Labels of the sandbox-router pods: the default matches agent-sandbox\'s Go router (sandbox-router/deploy); its older Python router is labelled { app = "sandbox-router" }.'),
  router_service: z.string().superRefine(rule(checkDns1035Label)).default('sandbox-router-svc')
    .describe('Service of the sandbox-router, the backend of the browser routes.'),
  router_port: port.default(8080).describe('Port of the sandbox-router Service.'),
  browser_routes: BrowserRoutes.default('none'),
  router_path_prefix: z.string().superRefine(rule(checkPathPrefix)).default('/sandboxes')
    .describe('The sandbox-router\'s --path-routing-prefix: browser routes send <prefix>/<namespace>/<sandbox-name>/<port>/... to the router, which strips it. Set the same value on the router.'),
  web_url: z.string().superRefine(rule(checkOrigin)).optional()
    .meta({ description: 'OH_WEB_URL: the origin browsers load OpenHands from, such as "https://openhands.example.com". The app server passes it to every sandbox as OH_ALLOW_CORS_ORIGINS_0, so a browser may call the agent server (required with browser_routes).', 'x-default': 'unset' }),
  permitted_cors_origins: z.array(z.string().superRefine(rule(checkOrigin))).meta({ maxItems: MAX_CORS_ORIGINS, uniqueItems: true }).default([])
    .superRefine((origins, ctx) => {
      if (origins.length > MAX_CORS_ORIGINS) ctx.addIssue({ code: 'custom', message: `holds ${origins.length} origins, at most ${MAX_CORS_ORIGINS} are allowed: each becomes a variable of every claim and a term of the claim policy`, input: origins });
      origins.forEach((origin, index) => {
        if (origins.indexOf(origin) < index) ctx.addIssue({ code: 'custom', path: [index], message: `repeats "${origin}"`, input: origin });
      });
    })
    .describe('OH_PERMITTED_CORS_ORIGINS_<n>: more origins (besides web_url) whose pages may call the agent server; the app server passes web_url and then these, without duplicates, to every sandbox as OH_ALLOW_CORS_ORIGINS_<i>, and the claim policy admits exactly that list. Origins only: scheme, lower-case host, optional non-default port.'),
  gateway_name: z.string().superRefine(rule(checkDns1123Subdomain)).optional()
    .describe('Gateway the HTTPRoute attaches to (required with browser_routes = "httproute").'),
  gateway_namespace: z.string().superRefine(rule(checkDns1123Label)).optional()
    .meta({ description: 'Namespace of that Gateway.', 'x-default': 'the HTTPRoute\'s namespace' }),
  sandbox_url_pattern: z.string().superRefine(rule(checkUrlPattern)).optional()
    .meta({ description: 'OH_SANDBOX_SANDBOX_URL_PATTERN: how the app server and browsers reach a sandbox port; placeholders {sandbox_name}, {sandbox_id}, {namespace}, {port}. With browser_routes it is derived from the route (<scheme>://<ingress_domain><router_path_prefix>/<namespace>/{sandbox_name}/{port}) and another value is refused.', 'x-default': 'http://{sandbox_name}.{namespace}.svc.cluster.local:{port}, or the route\'s' }),
  max_num_sandboxes: z.number().int().min(2, { message: 'must be at least 2: the app server pauses all but max_num_sandboxes - 1 running sandboxes before it starts one, and refuses a count below 1, so with 1 no sandbox ever starts' }).max(10000).default(10)
    .describe('OH_SANDBOX_MAX_NUM_SANDBOXES: running sandboxes in the namespace (all users of this app server together) before the oldest is paused; at least 2. Also sizes the ResourceQuota\'s pods, CPU and memory, with room for one more pod while the paused one terminates.'),
  shutdown_after_seconds: z.number().int().min(1).optional()
    .meta({ description: 'OH_SANDBOX_SHUTDOWN_AFTER_SECONDS: claims are deleted this long after creation.', 'x-default': 'never' }),
  inject_session_key: z.boolean().default(true)
    .describe('OH_SANDBOX_INJECT_SESSION_KEY: give each sandbox its own session API key (through the claim\'s env).'),
}).describe('Settings of target "agent-sandbox" (OpenHands V1).');
export type AgentSandboxConfig = z.infer<typeof AgentSandboxConfig>;

function checkPathPrefix(prefix: string): string | undefined {
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix)) return 'must be a path like "/sandboxes": starting with "/", not ending with "/", segments of letters, digits, ".", "_", "~" and "-"';
  return undefined;
}

/**
 * An origin as a browser sends it in `Origin`, which the agent server (Starlette's CORS
 * middleware) compares as an exact string: no path or trailing slash, lower case, no default port
 * (browsers omit it), and no wildcard (`*` would admit every site, and `*.example.com` is compared
 * literally, so it matches nothing).
 */
function checkOrigin(url: string): string | undefined {
  const why = 'browsers send the Origin header as scheme://host[:port] and the agent server compares it exactly';
  if (url.includes('*')) return `is a wildcard: the agent server compares origins as exact strings, so "*" would admit every web site and "*.example.com" matches nothing; list each origin, like "https://openhands.example.com"`;
  const origin = /^(https?):\/\/([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?$/.exec(url);
  if (!origin) return `must be an origin like "https://openhands.example.com" (scheme http or https, lower-case host, optional port; no path, not even "/"): ${why}`;
  const [scheme, port] = [origin[1], origin[7]];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535 || port !== String(Number(port)))) return `has port ${port}, which is not a port (1-65535, no leading zero): ${why}`;
  if ((scheme === 'https' && port === '443') || (scheme === 'http' && port === '80')) return `names the default port ${port} of ${scheme}, which browsers leave out of the Origin header, so it would never match; drop ":${port}"`;
  return undefined;
}

function checkUrlPattern(pattern: string): string | undefined {
  const unknown = [...pattern.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]).filter((name) => !PLACEHOLDERS.includes(name));
  if (unknown.length > 0) return `uses unknown placeholder(s) ${unknown.map((name) => `{${name}}`).join(', ')}; known: ${PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`;
  if (!/^https?:\/\//.test(pattern)) return 'must start with http:// or https://';
  if (!pattern.includes('{sandbox_name}') && !pattern.includes('{sandbox_id}')) return 'must contain {sandbox_name} or {sandbox_id}, or every sandbox gets the same URL';
  return pattern.includes('{port}') ? undefined : 'must contain {port}: the agent server (8000) and VS Code (8001) need different URLs';
}
