import { join } from 'node:path';
import { loadEnvironments } from '../../lib/config/environments';
import { configWarnings } from '../../lib/config/warnings';
import { KubeObject, renderObjects } from '../../lib/output/render';
import { configFrom, find } from '../support/fixtures';
import { agentSandboxToml, renderAgentSandbox } from './support';

/** The Go sandbox-router as its deploy/ manifests run it: labels, namespace, Service, and the prefix the README asks for. */
const ROUTER = { namespace: 'agent-sandbox-system', labels: { 'app.kubernetes.io/name': 'sandbox-router', 'app.kubernetes.io/component': 'sandbox-router' }, service: 'sandbox-router-svc', port: 8080 };
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SANDBOX = 'oh-agent-server-4xk9tqzr2lm8vb3nc7hd1s-1a2b3c';

/** Element-wise path prefix match, as Ingress `Prefix` and Gateway API `PathPrefix` define it. */
const prefixMatches = (prefix: string, path: string) => prefix === '/' || path === prefix || path.startsWith(`${prefix.replace(/\/$/, '')}/`);

/** The route's backend for a browser URL, or why none. */
function route(objects: KubeObject[], url: URL): { service: string; namespace: string; port: number } | string {
  const ingress = objects.find((o) => o.kind === 'Ingress') as any;
  if (ingress) {
    const rule = ingress.spec.rules.find((r: any) => r.host === url.hostname);
    const path = rule?.http.paths.find((p: any) => p.pathType === 'Prefix' && prefixMatches(p.path, url.pathname));
    if (!path) return 'no Ingress rule';
    if (ingress.spec.tls && url.protocol !== 'https:') return 'http on a TLS host';
    return { service: path.backend.service.name, namespace: ingress.metadata.namespace, port: path.backend.service.port.number };
  }
  const httpRoute = objects.find((o) => o.kind === 'HTTPRoute') as any;
  if (!httpRoute || !httpRoute.spec.hostnames.includes(url.hostname)) return 'no route';
  const rule = httpRoute.spec.rules.find((r: any) => r.matches.some((m: any) => m.path.type === 'PathPrefix' && prefixMatches(m.path.value, url.pathname)));
  if (!rule) return 'no HTTPRoute rule';
  const [backend] = rule.backendRefs;
  return { service: backend.name, namespace: backend.namespace ?? httpRoute.metadata.namespace, port: backend.port };
}

/** The router's path routing (--path-routing-prefix): `<prefix>/<ns>/<id>/<port>/<rest>` to `<id>.<ns>.svc:<port>/<rest>`. */
function routerTarget(prefix: string, path: string): { namespace: string; sandbox: string; port: number; path: string } | string {
  if (!prefixMatches(prefix, path)) return 'X-Sandbox-ID header is required';
  const [namespace, sandbox, port, ...rest] = path.slice(prefix.length + 1).split('/');
  if (!DNS_LABEL.test(namespace ?? '') || !DNS_LABEL.test(sandbox ?? '')) return 'invalid namespace or sandbox id';
  if (!/^\d+$/.test(port ?? '') || Number(port) < 1 || Number(port) > 65535) return 'invalid port';
  return { namespace, sandbox, port: Number(port), path: `/${rest.join('/')}` };
}

/** Whether the template's policy admits the router's pods to a port, and the pod listens there. */
function admitted(objects: KubeObject[], port: number): boolean {
  const template = find(objects, 'SandboxTemplate');
  const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  const allowed = template.spec.networkPolicy.ingress.some((rule: any) => rule.from.some((peer: any) =>
    labelsMatch(peer.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': ROUTER.namespace }) && labelsMatch(peer.podSelector.matchLabels, ROUTER.labels))
    && rule.ports.some((p: any) => p.port === port && p.protocol === 'TCP'));
  const listening = template.spec.podTemplate.spec.containers[0].ports.some((p: any) => p.containerPort === port);
  return allowed && listening;
}

/** A browser request to a URL the app server handed out, followed to the sandbox pod. */
function follow(objects: KubeObject[], url: string): string {
  const env = find(objects, 'ConfigMap', 'openhands-sandbox-server-env').data;
  const parsed = new URL(url);
  const backend = route(objects, parsed);
  if (typeof backend === 'string') return backend;
  if (backend.service !== ROUTER.service || backend.namespace !== ROUTER.namespace || backend.port !== ROUTER.port) return 'not the router';
  const prefix = new URL(env.OH_SANDBOX_SANDBOX_URL_PATTERN.replace(/\{[a-z_]+\}/g, 'x')).pathname.split('/').slice(0, -3).join('/');
  const target = routerTarget(prefix, parsed.pathname);
  if (typeof target === 'string') return target;
  if (target.namespace !== env.OH_SANDBOX_NAMESPACE) return 'another namespace';
  return admitted(objects, target.port) ? `${target.sandbox}.${target.namespace}.svc:${target.port}${target.path}` : `port ${target.port} refused by the network policy`;
}

const urls = (objects: KubeObject[]) => {
  const pattern = find(objects, 'ConfigMap', 'openhands-sandbox-server-env').data.OH_SANDBOX_SANDBOX_URL_PATTERN;
  return [8000, 8001].map((port) => pattern.replace('{sandbox_name}', SANDBOX).replace('{port}', String(port)).replace('{namespace}', 'agents'));
};

describe.each([
  ['an Ingress with TLS', '[kubernetes]\nnamespace = "agents"\ningress_domain = "sbx.example.com"\ningress_tls_secret = "sbx-tls"', 'ingress_class = "nginx"\n[extended.manifests.agent_sandbox]\nbrowser_routes = "ingress"\nweb_url = "https://openhands.example.com"'],
  ['an HTTPRoute', '[kubernetes]\nnamespace = "agents"\ningress_domain = "sbx.example.com"', '[extended.manifests.agent_sandbox]\nbrowser_routes = "httproute"\ngateway_name = "public"\nweb_url = "https://openhands.example.com"\nrouter_path_prefix = "/r/oh"'],
])('a browser request through %s', (_name, toml, manifests) => {
  const objects = renderAgentSandbox(toml, manifests);

  test('reaches the agent server (8000) and VS Code (8001) of the sandbox the URL names', () => {
    const [agent, vscode] = urls(objects);
    expect(follow(objects, `${agent}/api/conversations`)).toBe(`${SANDBOX}.agents.svc:8000/api/conversations`);
    expect(follow(objects, `${vscode}/?tkn=t&folder=/workspace/project`)).toBe(`${SANDBOX}.agents.svc:8001/`);
  });

  test('cannot reach another port, another namespace, or the router without a sandbox path', () => {
    const [agent] = urls(objects);
    expect(follow(objects, agent.replace('/8000', '/22'))).toBe('port 22 refused by the network policy');
    expect(follow(objects, agent.replace('/agents/', '/kube-system/'))).toMatch(/^no (Ingress|HTTPRoute) rule$/);
    expect(follow(objects, new URL('/', agent).href)).toMatch(/^no (Ingress|HTTPRoute) rule$/);
  });

  test('gives the agent server the browser\'s origin for CORS', () => {
    expect(find(objects, 'ConfigMap', 'openhands-sandbox-server-env').data.OH_WEB_URL).toBe('https://openhands.example.com');
    const variables = find(objects, 'ValidatingAdmissionPolicy', 'openhands-sandbox-agents-sandboxclaims').spec.variables;
    expect(variables.find((v: any) => v.name === 'allowedCorsEnv').expression).toBe('["OH_ALLOW_CORS_ORIGINS_0=https://openhands.example.com"]');
  });
});

test('the in-cluster default reaches the agent server from the app server only, and VS Code through the router', () => {
  const objects = renderAgentSandbox('[kubernetes]\nnamespace = "agents"', '');
  expect(find(objects, 'ConfigMap', 'openhands-sandbox-server-env').data.OH_SANDBOX_SANDBOX_URL_PATTERN).toBe('http://{sandbox_name}.{namespace}.svc.cluster.local:{port}');
  expect(admitted(objects, 8000) && admitted(objects, 8001)).toBe(true);
  expect(admitted(objects, 22)).toBe(false);
});

test('the Ingress extras reach the Ingress route, and are warned about where no Ingress carries them', () => {
  const extras = 'ingress_class = "nginx"\ningress_labels = { team = "ai" }\ningress_annotations = { "nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600" }\n';
  const ingress = find(renderAgentSandbox('[kubernetes]\nnamespace = "agents"', `${extras}[extended.manifests.agent_sandbox]\nbrowser_routes = "ingress"\nweb_url = "https://oh.example.com"`), 'Ingress');
  expect([ingress.spec.ingressClassName, ingress.metadata.labels.team, ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']]).toEqual(['nginx', 'ai', '3600']);
  const gateway = configFrom(agentSandboxToml('[kubernetes]\nnamespace = "agents"', `${extras}[extended.manifests.agent_sandbox]\nbrowser_routes = "httproute"\ngateway_name = "gw"\nweb_url = "https://oh.example.com"`));
  expect(configWarnings(gateway)).toEqual([
    'extended.manifests.ingress_class, extended.manifests.ingress_annotations, extended.manifests.ingress_labels reach no object on agent-sandbox: the HTTPRoute\'s TLS, class and annotations belong to its Gateway',
  ]);
});

test('the example config\'s URLs lead through its Ingress and the router to its sandboxes\' ports', () => {
  const [environment] = loadEnvironments([join(__dirname, '..', '..', 'examples', 'agent-sandbox.toml')], {});
  const objects = renderObjects(environment.settings);
  const [agent, vscode] = urls(objects);
  expect(agent).toBe(`https://sandboxes.example.com/sandboxes/openhands-agents/${SANDBOX}/8000`);
  expect(follow(objects, `${agent}/alive`)).toBe(`${SANDBOX}.openhands-agents.svc:8000/alive`);
  expect(follow(objects, `${vscode}/`)).toBe(`${SANDBOX}.openhands-agents.svc:8001/`);
  expect(follow(objects, agent.replace('https:', 'http:'))).toBe('http on a TLS host');
});
