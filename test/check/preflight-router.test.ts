// preflight's checks of the browser routes' path through the cluster: the Gateway listener that
// takes the HTTPRoute, the sandbox-router's --path-routing-prefix, and the NetworkPolicies on the
// router's egress. Against the fake API server on loopback (GETs only) and a saved dump.
import { join } from 'node:path';
import { loadEnvironments } from '../../lib/config/environments';
import { httpClusterClient } from '../../lib/check/http-client';
import { readDump } from '../../lib/check/dump';
import { isBlocker, preflight, Requirement } from '../../lib/check/preflight';
import { renderEnvironment } from '../../lib/output/files';
import { discoveryDocuments } from '../support/kube-discovery';
import { startFakeCluster } from '../support/fake-api-server';
import { parseDocument } from 'yaml';
import { readmeBlocks } from '../support/readme-blocks';
import { workspace } from '../support/workspace';

const STANDARD = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'x' };
const CLUSTER = { minor: 32, crds: ['agent-sandbox-v1.0.0', 'gateway-api-v1.5.1'] };
const ROUTER_LABELS = { 'app.kubernetes.io/name': 'sandbox-router', 'app.kubernetes.io/component': 'sandbox-router' };

const toml = (routes: 'httproute' | 'ingress', extra = '') => `[kubernetes]\nnamespace = "agents"\ningress_domain = "sandboxes.example.com"\n[sandbox]\nruntime_container_image = "ghcr.io/openhands/agent-server:1.37.1-python"\n[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.governance]\nkubernetes_version = "1.30"\n[extended.manifests.agent_sandbox]\nbrowser_routes = "${routes}"\nweb_url = "https://openhands.example.com"\n${routes === 'httproute' ? 'gateway_name = "public"\ngateway_namespace = "gateway-system"\n' : ''}${extra}`;

/** agent-sandbox's Go router Deployment (sandbox-router/deploy/deployment.yaml), with these args and env. */
const router = (args: string[], env: object[] = [], name = 'sandbox-router') => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'agent-sandbox-system', labels: ROUTER_LABELS },
  spec: { selector: { matchLabels: ROUTER_LABELS }, template: { metadata: { labels: ROUTER_LABELS }, spec: { containers: [{ name: 'sandbox-router', image: 'registry.k8s.io/agent-sandbox/sandbox-router-go:v1.0.0', args: ['--http-bind-address=:8080', '--cluster-domain=cluster.local', ...args], env }] } } },
});
const gateway = (listeners: object[]) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'gateway-system' }, spec: { gatewayClassName: 'x', listeners } });
const ALL = { name: 'https', protocol: 'HTTPS', port: 443, allowedRoutes: { namespaces: { from: 'All' } } };
const policy = (egress: object[]) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'sandbox-router', namespace: 'agent-sandbox-system' }, spec: { podSelector: { matchLabels: ROUTER_LABELS }, policyTypes: ['Ingress', 'Egress'], egress } });
/** The router's NetworkPolicy as agent-sandbox first shipped it: sandbox egress on 8888 only. */
const UPSTREAM_8888 = policy([{ ports: [{ protocol: 'UDP', port: 53 }] }, { to: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 8888 }] }]);
/** As it ships later in the 1.0 line: any TCP port on pods the controller labels as sandboxes. */
const UPSTREAM_ANY = policy([{ ports: [{ protocol: 'UDP', port: 53 }] }, { to: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'agents.x-k8s.io/sandbox-name-hash', operator: 'Exists' }] } }], ports: [{ protocol: 'TCP' }] }]);
const GOOD = [STANDARD, gateway([ALL]), router(['--path-routing-prefix=/sandboxes'])];

function inputs(text: string) {
  const dir = workspace({ 'config.toml': text });
  return loadEnvironments([join(dir, 'config.toml')], {}).map((environment) => ({ environment, objects: renderEnvironment(environment).objects }));
}

async function check(text: string, objects: object[]): Promise<Requirement[]> {
  const fake = await startFakeCluster(CLUSTER, objects);
  try {
    const results = await preflight(inputs(text), httpClusterClient(fake.url, { headers: { Authorization: 'Bearer fake-token' } }, 'fake'));
    expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    return results;
  } finally {
    await fake.close();
  }
}

const blockers = (results: Requirement[]) => results.filter((r) => isBlocker(r.status)).map((r) => r.requirement);
const PREFIX = 'sandbox-router in agent-sandbox-system with --path-routing-prefix=/sandboxes (extended.manifests.agent_sandbox.router_path_prefix)';
const ATTACH = 'a listener of Gateway gateway-system/public admits HTTPRoute agents/openhands-sandbox-router';
const EGRESS = 'the sandbox-router may reach agents on TCP 8000, 8001 (NetworkPolicies in agent-sandbox-system)';
const line = (results: Requirement[], requirement: string) => results.filter((r) => r.requirement === requirement);

describe('preflight: the Gateway takes the HTTPRoute', () => {
  test('a listener admitting routes from every namespace: no blockers, and the checks are there', async () => {
    const results = await check(toml('httproute'), GOOD);
    expect(blockers(results)).toEqual([]);
    expect(line(results, ATTACH)).toEqual([expect.objectContaining({ status: 'ok', detail: 'listener https does' })]);
    expect(line(results, PREFIX)).toEqual([expect.objectContaining({ status: 'ok', detail: 'Deployment agent-sandbox-system/sandbox-router runs with --path-routing-prefix=/sandboxes' })]);
    expect(line(results, EGRESS)).toEqual([expect.objectContaining({ status: 'ok', detail: 'no NetworkPolicy in agent-sandbox-system limits the router\'s egress' })]);
  });

  test('the default allowedRoutes (Same) refuses a route from the sandbox namespace, with what to set', async () => {
    const [result] = line(await check(toml('httproute'), [STANDARD, gateway([{ name: 'http', protocol: 'HTTP', port: 80 }]), router(['--path-routing-prefix=/sandboxes'])]), ATTACH);
    expect(result).toMatchObject({
      status: 'will-fail',
      detail: 'none does: listener http: it admits routes from its own namespace only (allowedRoutes.namespaces.from: Same, the default), and the route is in agents',
      fix: 'give one HTTP or HTTPS listener covering sandboxes.example.com allowedRoutes.namespaces: {from: All}, or {from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: agents}}} (see the README, "Browser routes")',
    });
  });

  test.each([
    ['a selector on the namespace name', { name: 'a', protocol: 'HTTPS', port: 443, hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } } } } }, undefined],
    ['a selector on a label of our Namespace', { name: 'a', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'pod-security.kubernetes.io/enforce', operator: 'Exists' }] } } } }, undefined],
    ['a selector for other namespaces', { name: 'a', protocol: 'HTTPS', port: 443, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'web' } } } } }, 'listener a: its allowedRoutes.namespaces.selector does not select namespace agents'],
    ['another hostname', { ...ALL, name: 'a', hostname: 'other.example.com' }, 'listener a: its hostname other.example.com does not cover sandboxes.example.com'],
    ['a wildcard that does not cover the host', { ...ALL, name: 'a', hostname: '*.sandboxes.example.com' }, 'listener a: its hostname *.sandboxes.example.com does not cover sandboxes.example.com'],
    ['a TLS passthrough listener', { ...ALL, name: 'a', protocol: 'TLS' }, 'listener a: protocol TLS takes no HTTPRoute'],
    ['kinds without HTTPRoute', { ...ALL, name: 'a', allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } }, 'listener a: its allowedRoutes.kinds has no HTTPRoute'],
  ])('%s', async (_name, listener, refused) => {
    const [result] = line(await check(toml('httproute'), [STANDARD, gateway([listener]), router(['--path-routing-prefix=/sandboxes'])]), ATTACH);
    if (refused === undefined) expect(result).toMatchObject({ status: 'ok' });
    else expect(result).toMatchObject({ status: 'will-fail', detail: `none does: ${refused}` });
  });

  test('a missing Gateway is a blocker and its listeners are not checked', async () => {
    const results = await check(toml('httproute'), [STANDARD, router(['--path-routing-prefix=/sandboxes'])]);
    expect(blockers(results)).toEqual(['Gateway gateway-system/public (extended.manifests.agent_sandbox.gateway_name)']);
  });
});

describe('preflight: the sandbox-router runs with our --path-routing-prefix', () => {
  test.each([
    ['--flag=value', ['--path-routing-prefix=/sandboxes'], []],
    ['--flag value', ['--path-routing-prefix', '/sandboxes'], []],
    ['-flag=value (Go\'s flag package takes one dash too)', ['-path-routing-prefix=/sandboxes'], []],
    ['the last occurrence winning', ['--path-routing-prefix=/old', '--path-routing-prefix=/sandboxes'], []],
    ['$(VAR) from the container env', ['--path-routing-prefix=$(PREFIX)'], [{ name: 'PREFIX', value: '/sandboxes' }]],
  ])('ok with %s', async (_name, args, env) => {
    expect(line(await check(toml('httproute'), [STANDARD, gateway([ALL]), router(args, env)]), PREFIX)).toEqual([expect.objectContaining({ status: 'ok' })]);
  });

  test('no prefix is a blocker saying what to set; through an Ingress it also says the router is an open proxy', async () => {
    const [httproute] = line(await check(toml('httproute'), [STANDARD, gateway([ALL]), router([])]), PREFIX);
    expect(httproute).toMatchObject({
      status: 'will-fail',
      detail: 'Deployment agent-sandbox-system/sandbox-router runs without --path-routing-prefix: it answers browser URLs under /sandboxes with 400 (it routes them by X-Sandbox-* headers only)',
      fix: 'add --path-routing-prefix=/sandboxes to its container\'s args (agent-sandbox\'s Go router, 1.0 or later; the Python router has no path routing)',
    });
    const [ingress] = line(await check(toml('ingress'), [STANDARD, router(['--path-routing-prefix', '/sandboxes', '--', '--path-routing-prefix=/late'])]), PREFIX);
    expect(ingress).toMatchObject({ status: 'ok' });
    const [open] = line(await check(toml('ingress'), [STANDARD, router(['--', '--path-routing-prefix=/sandboxes'])]), PREFIX);
    expect(open).toMatchObject({ status: 'will-fail', detail: expect.stringMatching(/and the Ingress passes a client's own X-Sandbox-\* headers through to its header routing: any sandbox, port or pod IP the router reaches$/) });
  });

  test('another prefix is a blocker offering both fixes; a ConfigMap the router reads wins over its flag', async () => {
    const [other] = line(await check(toml('httproute'), [STANDARD, gateway([ALL]), router(['--path-routing-prefix=/sandboxes/'])]), PREFIX);
    expect(other).toMatchObject({ status: 'will-fail', fix: 'set --path-routing-prefix=/sandboxes on it, or extended.manifests.agent_sandbox.router_path_prefix = "/sandboxes/" and re-synth' });
    const map = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'router-config', namespace: 'agent-sandbox-system' }, data: { 'path-routing-prefix': '/r' } };
    const [overridden] = line(await check(toml('httproute'), [STANDARD, gateway([ALL]), map, router(['--path-routing-prefix=/sandboxes', '--config-configmap-name=router-config'])]), PREFIX);
    expect(overridden).toMatchObject({ status: 'will-fail', detail: expect.stringContaining('runs with path-routing prefix "/r" (ConfigMap router-config), not "/sandboxes"') });
  });

  test('a prefix preflight cannot see (config file, Secret-fed variable) is unknown, not assumed; no router is missing', async () => {
    const [file] = line(await check(toml('httproute'), [STANDARD, gateway([ALL]), router(['--config=/etc/router/config.yaml'])]), PREFIX);
    expect(file).toMatchObject({ status: 'unknown', detail: expect.stringContaining('may set its path-routing prefix in config file /etc/router/config.yaml') });
    const [secret] = line(await check(toml('httproute'), [STANDARD, gateway([ALL]), router(['--path-routing-prefix=$(P)'], [{ name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } }])]), PREFIX);
    expect(secret).toMatchObject({ status: 'unknown' });
    const [none] = line(await check(toml('httproute'), [STANDARD, gateway([ALL])]), PREFIX);
    expect(none).toMatchObject({ status: 'missing', detail: 'no Deployment in agent-sandbox-system runs pods labelled app.kubernetes.io/name=sandbox-router: the browser routes lead to no router' });
    const python = { ...router([]), metadata: { name: 'sandbox-router-deployment', namespace: 'agent-sandbox-system' }, spec: { selector: { matchLabels: { app: 'sandbox-router' } }, template: { metadata: { labels: { app: 'sandbox-router' } }, spec: { containers: [{ name: 'router', image: 'x' }] } } } };
    const [pythonRouter] = line(await check(toml('httproute', 'router_pod_labels = { app = "sandbox-router" }\n'), [STANDARD, gateway([ALL]), python]), PREFIX);
    expect(pythonRouter).toMatchObject({ status: 'will-fail', detail: expect.stringContaining('sandbox-router-deployment runs without --path-routing-prefix') });
  });
});

describe('preflight: the router\'s NetworkPolicies let it reach the sandboxes on the URLs\' ports', () => {
  test('agent-sandbox\'s first router policy (8888 only) blocks 8000 and 8001, with the rule to add', async () => {
    const [result] = line(await check(toml('httproute'), [...GOOD, UPSTREAM_8888]), EGRESS);
    expect(result).toMatchObject({
      status: 'will-fail',
      detail: 'NetworkPolicy sandbox-router select the router\'s pods and let it reach agents not on 8000, 8001: those browser URLs time out',
      fix: 'add an egress rule to NetworkPolicy agent-sandbox-system/sandbox-router: to namespaceSelector kubernetes.io/metadata.name: agents, ports TCP 8000, 8001 (see the README, "Browser routes")',
    });
  });

  test.each([
    ['the later upstream policy (any TCP port on sandbox pods)', UPSTREAM_ANY, 'ok'],
    ['the README\'s added rule', policy([...UPSTREAM_8888.spec.egress, { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } } }], ports: [{ protocol: 'TCP', port: 8000 }, { protocol: 'TCP', port: 8001 }] }]), 'ok'],
    ['a range 8000-8001', policy([{ to: [{ namespaceSelector: {} }], ports: [{ port: 8000, endPort: 8001 }] }]), 'ok'],
    ['the named ports of the sandbox container', policy([{ ports: [{ port: 'agent-server' }, { port: 'vscode' }] }]), 'ok'],
    ['8000 only', policy([{ ports: [{ port: 8000 }] }]), 'will-fail'],
    ['UDP only', policy([{ ports: [{ protocol: 'UDP', port: 8000 }, { protocol: 'UDP', port: 8001 }] }]), 'will-fail'],
    ['pods of another namespace', policy([{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }] }]), 'will-fail'],
    ['an address range only', policy([{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }]), 'warning'],
    ['a policy for other pods', { ...UPSTREAM_8888, spec: { ...UPSTREAM_8888.spec, podSelector: { matchLabels: { app: 'other' } } } }, 'ok'],
    ['an ingress-only policy', { ...UPSTREAM_8888, spec: { podSelector: {}, policyTypes: ['Ingress'] } }, 'ok'],
  ])('%s', async (_name, networkPolicy, status) => {
    expect(line(await check(toml('httproute'), [...GOOD, networkPolicy]), EGRESS)).toEqual([expect.objectContaining({ status })]);
  });
});

test('preflight --from-dump: the same checks from saved paths, and what the dump lacks is unknown', async () => {
  const paths: Record<string, unknown> = Object.fromEntries(discoveryDocuments(CLUSTER));
  const dump = (extra: Record<string, unknown>) => readDump('cluster.json', JSON.stringify({ paths: { ...paths, ...extra } }));
  const env = inputs(toml('httproute'));
  const lacking = await preflight(env, dump({}));
  expect(line(lacking, PREFIX)).toEqual([expect.objectContaining({ status: 'unknown', fix: 'kubectl get --raw /apis/apps/v1/namespaces/agent-sandbox-system/deployments' })]);
  expect(line(lacking, EGRESS)).toEqual([expect.objectContaining({ status: 'unknown', fix: 'kubectl get --raw /apis/networking.k8s.io/v1/namespaces/agent-sandbox-system/networkpolicies' })]);
  const saved = await preflight(env, dump({
    '/apis/gateway.networking.k8s.io/v1/namespaces/gateway-system/gateways/public': gateway([{ name: 'http', protocol: 'HTTP', port: 80 }]),
    '/api/v1/namespaces/agents': null,
    '/apis/apps/v1/namespaces/agent-sandbox-system/deployments': { items: [router([])] },
    '/apis/networking.k8s.io/v1/namespaces/agent-sandbox-system/networkpolicies': { items: [UPSTREAM_8888] },
  }));
  expect(blockers(saved)).toEqual(expect.arrayContaining([ATTACH, PREFIX, EGRESS]));
});

test('the README\'s Gateway listener and router egress rule pass preflight for its example namespace', async () => {
  const fragment = (what: string) => parseDocument(readmeBlocks().find((block) => block.marker?.startsWith(`fragment of ${what}`))!.body).toJS();
  const readmeGateway = fragment('a Gateway whose listener takes the HTTPRoute');
  const rule = fragment('the sandbox-router NetworkPolicy egress rule to add');
  const text = toml('httproute').replace('namespace = "agents"', 'namespace = "openhands-agents"');
  const results = await check(text, [STANDARD, readmeGateway, router(['--path-routing-prefix=/sandboxes']), policy([...UPSTREAM_8888.spec.egress, ...rule])]);
  expect(blockers(results)).toEqual([]);
  expect(results.filter((r) => /^(a listener of|the sandbox-router may reach)/.test(r.requirement)).map((r) => r.status)).toEqual(['ok', 'ok']);
  // Without the README's rule, the upstream policy blocks; in another namespace, the listener refuses.
  expect(blockers(await check(text, [STANDARD, readmeGateway, router(['--path-routing-prefix=/sandboxes']), UPSTREAM_8888]))).toEqual(['the sandbox-router may reach openhands-agents on TCP 8000, 8001 (NetworkPolicies in agent-sandbox-system)']);
  expect(blockers(await check(toml('httproute'), [STANDARD, readmeGateway, router(['--path-routing-prefix=/sandboxes'])]))).toEqual([ATTACH]);
});
