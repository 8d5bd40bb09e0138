import { join } from 'node:path';
import { loadEnvironments } from '../../lib/config/environments';
import { resolveEnvironment } from '../../lib/config/resolve';
import { configWarnings } from '../../lib/config/warnings';
import { KubeObject, renderObjects } from '../../lib/output/render';
import { ROUTER_ROUTING_HEADERS } from '../../lib/agent-sandbox/sandbox-router-route';
import { configFrom, find } from '../support/fixtures';
import { agentSandboxToml, renderAgentSandbox } from './support';

/** The Go sandbox-router as its deploy/ manifests run it: labels, namespace, Service, and the prefix the README asks for. */
const ROUTER = { namespace: 'agent-sandbox-system', labels: { 'app.kubernetes.io/name': 'sandbox-router', 'app.kubernetes.io/component': 'sandbox-router' }, service: 'sandbox-router-svc', port: 8080 };
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SANDBOX = 'oh-agent-server-4xk9tqzr2lm8vb3nc7hd1s-1a2b3c';
/** What a hostile client adds to a sandbox URL it was given: another sandbox, namespace, port, pod. */
const FORGED = { 'X-Sandbox-ID': 'victim', 'X-Sandbox-Namespace': 'kube-system', 'X-Sandbox-Port': '22', 'X-Sandbox-Pod-IP': '10.0.0.5', 'X-Sandbox-UID': 'u' };

/** Element-wise path prefix match, as Ingress `Prefix` and Gateway API `PathPrefix` define it. */
const prefixMatches = (prefix: string, path: string) => prefix === '/' || path === prefix || path.startsWith(`${prefix.replace(/\/$/, '')}/`);

type Headers = Readonly<Record<string, string>>;

/** The route's backend for a browser URL and the headers it forwards, or why none. */
function route(objects: KubeObject[], url: URL, headers: Headers): { service: string; namespace: string; port: number; headers: Headers } | string {
  const ingress = objects.find((o) => o.kind === 'Ingress') as any;
  if (ingress) {
    const rule = ingress.spec.rules.find((r: any) => r.host === url.hostname);
    const path = rule?.http.paths.find((p: any) => p.pathType === 'Prefix' && prefixMatches(p.path, url.pathname));
    if (!path) return 'no Ingress rule';
    if (ingress.spec.tls && url.protocol !== 'https:') return 'http on a TLS host';
    // Ingress has no portable header filter: what the client sent is what the router gets.
    return { service: path.backend.service.name, namespace: ingress.metadata.namespace, port: path.backend.service.port.number, headers };
  }
  const httpRoute = objects.find((o) => o.kind === 'HTTPRoute') as any;
  if (!httpRoute || !httpRoute.spec.hostnames.includes(url.hostname)) return 'no route';
  const rule = httpRoute.spec.rules.find((r: any) => r.matches.some((m: any) => m.path.type === 'PathPrefix' && prefixMatches(m.path.value, url.pathname)));
  if (!rule) return 'no HTTPRoute rule';
  // RequestHeaderModifier.remove, header names compared case-insensitively (Gateway API).
  const removed = new Set((rule.filters ?? []).filter((f: any) => f.type === 'RequestHeaderModifier').flatMap((f: any) => f.requestHeaderModifier.remove ?? []).map((h: string) => h.toLowerCase()));
  const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => !removed.has(name.toLowerCase())));
  const [backend] = rule.backendRefs;
  return { service: backend.name, namespace: backend.namespace ?? httpRoute.metadata.namespace, port: backend.port, headers: forwarded };
}

type Target = { namespace: string; sandbox: string; port: number; path: string; podIp?: string };

/** The Go sandbox-router's routing headers, spelled as its proxy/headers.go does. */
const GO_ROUTER_HEADERS = ['X-Sandbox-Id', 'X-Sandbox-Uid', 'X-Sandbox-Namespace', 'X-Sandbox-Port', 'X-Sandbox-Pod-Ip'];
/** The Python sandbox-router's (sandbox_router.py: routing, plus its per-request timeout). */
const PYTHON_ROUTER_HEADERS = ['x-sandbox-id', 'x-sandbox-namespace', 'x-sandbox-port', 'x-sandbox-pod-ip', 'x-sandbox-timeout'];

/**
 * agent-sandbox's Go sandbox-router (proxy.go resolveTarget): with `--path-routing-prefix` set and
 * the path under it, `<prefix>/<ns>/<id>/<port>/<rest>` to `<id>.<ns>.svc:<port>/<rest>`; any
 * other request falls through to header routing (headers.go): X-Sandbox-Id (required),
 * X-Sandbox-Namespace (default "default"), X-Sandbox-Port (default 8888), X-Sandbox-Pod-Ip (dialled
 * as given). Header names are matched case-insensitively, as HTTP does.
 */
function routerTarget(prefix: string | null, path: string, headers: Headers): Target | string {
  if (prefix !== null && prefixMatches(prefix, path)) {
    const [namespace, sandbox, port, ...rest] = path.slice(prefix.length + 1).split('/');
    if (!DNS_LABEL.test(namespace ?? '') || !DNS_LABEL.test(sandbox ?? '')) return 'invalid namespace or sandbox id';
    if (!/^\d+$/.test(port ?? '') || Number(port) < 1 || Number(port) > 65535) return 'invalid port';
    return { namespace, sandbox, port: Number(port), path: `/${rest.join('/')}` };
  }
  const header = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const sandbox = header('X-Sandbox-Id');
  if (!sandbox) return 'X-Sandbox-ID header is required';
  const namespace = header('X-Sandbox-Namespace') ?? 'default';
  if (!DNS_LABEL.test(sandbox) || !DNS_LABEL.test(namespace)) return 'invalid namespace or sandbox id';
  return { namespace, sandbox, port: Number(header('X-Sandbox-Port') ?? 8888), path, podIp: header('X-Sandbox-Pod-Ip') };
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

/** The prefix of the app server's URLs, which the README asks to set on the router. */
const urlPrefix = (objects: KubeObject[]) => new URL(find(objects, 'ConfigMap', 'openhands-sandbox-server-env').data.OH_SANDBOX_SANDBOX_URL_PATTERN.replace(/\{[a-z_]+\}/g, 'x')).pathname.split('/').slice(0, -3).join('/');

/**
 * A browser request to a URL, with the headers it sends, followed through the route and the router
 * (run with `routerPrefix`, by default the URLs' prefix; null: no path routing) to the pod.
 */
function follow(objects: KubeObject[], url: string, headers: Headers = {}, routerPrefix: string | null = urlPrefix(objects)): string {
  const env = find(objects, 'ConfigMap', 'openhands-sandbox-server-env').data;
  const parsed = new URL(url);
  const backend = route(objects, parsed, headers);
  if (typeof backend === 'string') return backend;
  if (backend.service !== ROUTER.service || backend.namespace !== ROUTER.namespace || backend.port !== ROUTER.port) return 'not the router';
  const target = routerTarget(routerPrefix, parsed.pathname, backend.headers);
  if (typeof target === 'string') return target;
  if (target.podIp !== undefined) return `reached ${target.podIp}:${target.port}${target.path}`;
  // Another namespace's pods are not guarded by our policy: what the router dials there, it reaches.
  if (target.namespace !== env.OH_SANDBOX_NAMESPACE) return `reached ${target.sandbox}.${target.namespace}.svc:${target.port}${target.path}`;
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

  test('with the router\'s prefix set as the README asks, forged X-Sandbox-* headers change nothing', () => {
    const [agent] = urls(objects);
    expect(follow(objects, `${agent}/alive`, FORGED)).toBe(`${SANDBOX}.agents.svc:8000/alive`);
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

describe('a client forging the router\'s X-Sandbox-* headers, when the router does not path-route our prefix', () => {
  const objects = renderAgentSandbox('[kubernetes]\nnamespace = "agents"\ningress_domain = "sbx.example.com"', '[extended.manifests.agent_sandbox]\nbrowser_routes = "httproute"\ngateway_name = "public"\nweb_url = "https://openhands.example.com"');
  const [agent, vscode] = urls(objects);
  const lower = Object.fromEntries(Object.entries(FORGED).map(([name, value]) => [name.toLowerCase(), value]));
  const upper = Object.fromEntries(Object.entries(FORGED).map(([name, value]) => [name.toUpperCase(), value]));

  test.each([
    ['no --path-routing-prefix', null],
    ['another prefix', '/other'],
  ])('with %s, our HTTPRoute reaches no sandbox, port, namespace or pod IP the client names', (_name, prefix) => {
    for (const headers of [FORGED, lower, upper, { 'X-Sandbox-ID': 'victim', 'X-Sandbox-Namespace': 'agents', 'X-Sandbox-Port': '8000' }]) {
      for (const url of [`${agent}/alive`, `${vscode}/`, `${agent.replace(`/${SANDBOX}/`, '/victim/')}/x`]) {
        expect(follow(objects, url, headers, prefix)).toBe('X-Sandbox-ID header is required');
      }
    }
  });

  test('the model is not toothless: without the header filter the same request reaches what the client names', () => {
    const unfiltered = objects.map((o) => (o.kind === 'HTTPRoute' ? { ...o, spec: { ...(o as any).spec, rules: (o as any).spec.rules.map((r: any) => ({ ...r, filters: undefined })) } } : o)) as KubeObject[];
    expect(follow(unfiltered, `${agent}/alive`, FORGED, null)).toBe(`reached 10.0.0.5:22/sandboxes/agents/${SANDBOX}/8000/alive`);
    expect(follow(unfiltered, `${agent}/alive`, { 'X-Sandbox-ID': 'victim', 'X-Sandbox-Namespace': 'kube-system', 'X-Sandbox-Port': '22' }, null)).toBe(`reached victim.kube-system.svc:22/sandboxes/agents/${SANDBOX}/8000/alive`);
  });

  test('the route removes every header either upstream router reads, and nothing else', () => {
    const removed = find(objects, 'HTTPRoute').spec.rules[0].filters[0].requestHeaderModifier.remove.map((h: string) => h.toLowerCase()).sort();
    expect(removed).toEqual([...new Set([...GO_ROUTER_HEADERS, ...PYTHON_ROUTER_HEADERS].map((h) => h.toLowerCase()))].sort());
    expect(ROUTER_ROUTING_HEADERS).toEqual(find(objects, 'HTTPRoute').spec.rules[0].filters[0].requestHeaderModifier.remove);
  });

  test('an Ingress cannot remove headers: with the router misconfigured, forged headers get through (the README says so)', () => {
    const ingress = renderAgentSandbox('[kubernetes]\nnamespace = "agents"\ningress_domain = "sbx.example.com"', '[extended.manifests.agent_sandbox]\nbrowser_routes = "ingress"\nweb_url = "https://openhands.example.com"');
    const [url] = urls(ingress);
    expect(follow(ingress, `${url}/alive`, FORGED, null)).toBe(`reached 10.0.0.5:22/sandboxes/agents/${SANDBOX}/8000/alive`);
    expect(follow(ingress, `${url}/alive`, FORGED)).toBe(`${SANDBOX}.agents.svc:8000/alive`);
  });
});

test('synth notes say an Ingress cannot remove the router\'s headers, and recommend the HTTPRoute; the HTTPRoute has no such note', () => {
  const notes = (routes: string) => (resolveEnvironment(configFrom(agentSandboxToml('[kubernetes]\nnamespace = "agents"\ningress_domain = "sbx.example.com"', `[extended.manifests.agent_sandbox]\nbrowser_routes = "${routes}"\nweb_url = "https://oh.example.com"${routes === 'httproute' ? '\ngateway_name = "gw"' : ''}`)), 'test') as any).notes as string[];
  expect(notes('ingress')).toContain('browser route (ingress): an Ingress has no portable way to remove the X-Sandbox-* headers the router routes by, so a router running without that prefix lets any client pick any sandbox, port or pod IP it reaches; prefer browser_routes = "httproute" (which removes them), or strip them with your controller\'s own setting');
  expect(notes('httproute').filter((note) => note.includes('X-Sandbox-*'))).toEqual([]);
});
