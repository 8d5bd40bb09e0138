import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../../lib/config/environments';
import { httpClusterClient } from '../../lib/check/http-client';
import { readDump } from '../../lib/check/dump';
import { isBlocker, preflight, Requirement } from '../../lib/check/preflight';
import { run } from '../../lib/cli';
import { renderEnvironment } from '../../lib/output/files';
import { discoveryDocuments, ClusterVersion } from '../support/kube-discovery';
import { startFakeCluster } from '../support/fake-api-server';
import { IMAGE } from '../support/fixtures';
import { workspace } from '../support/workspace';

const config = (version: string, extra = '', kube = '') => `[kubernetes]\nnamespace = "sbx"\n${kube}[sandbox]\nruntime_container_image = "${IMAGE}"\n[extended.manifests]\n${extra}\n[extended.manifests.governance]\nkubernetes_version = "${version}"\n`;
const STANDARD = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'x' };

function inputs(toml: string) {
  const dir = workspace({ 'config.toml': toml });
  return loadEnvironments([join(dir, 'config.toml')], {}).map((environment) => ({ environment, objects: renderEnvironment(environment).objects }));
}

async function check(toml: string, cluster: ClusterVersion, objects: any[] = [STANDARD]): Promise<Requirement[]> {
  const fake = await startFakeCluster(cluster, objects);
  try {
    const results = await preflight(inputs(toml), httpClusterClient(fake.url, { headers: { Authorization: 'Bearer fake-token' } }, 'fake'));
    // Read-only: nothing but GETs reached the server.
    expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    return results;
  } finally {
    await fake.close();
  }
}

const blockers = (results: Requirement[]) => results.filter((r) => isBlocker(r.status)).map((r) => `${r.status} ${r.requirement}`);
const line = (results: Requirement[], requirement: string) => results.find((r) => r.requirement === requirement);

describe('preflight against a fake API server of real Kubernetes versions', () => {
  test.each([30, 31, 32, 33, 34, 35, 36])('output for 1.30 applies on 1.%i: every requirement ok', async (minor) => {
    const results = await check(config('1.30'), { minor });
    expect(blockers(results)).toEqual([]);
    expect(line(results, 'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy')).toMatchObject({ status: 'ok' });
    expect(line(results, 'a default StorageClass (kubernetes.pvc_storage_class is unset)')).toMatchObject({ status: 'ok', detail: 'standard is the default' });
  });

  test.each([30, 33, 35])('output for 1.36 on 1.%i: the version and the MutatingAdmissionPolicy v1 are blockers, with the fix', async (minor) => {
    const results = await check(config('1.36'), { minor });
    expect(blockers(results)).toEqual([
      'will-fail Kubernetes 1.36+ (extended.manifests.governance.kubernetes_version)',
      'missing admissionregistration.k8s.io/v1 MutatingAdmissionPolicy',
      'missing admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding',
    ]);
    expect(line(results, 'Kubernetes 1.36+ (extended.manifests.governance.kubernetes_version)')!.fix).toBe(`set extended.manifests.governance.kubernetes_version = "1.${minor}" and re-synth`);
    expect(line(results, 'admissionregistration.k8s.io/v1 MutatingAdmissionPolicy')!.detail).toBe('admissionregistration.k8s.io/v1 is served, but without MutatingAdmissionPolicy (off by default at this version)');
  });

  test('output for 1.34 (MutatingAdmissionPolicy v1beta1): missing on a default 1.34, ok with the runtime config', async () => {
    const off = await check(config('1.34'), { minor: 34 });
    expect(line(off, 'admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy')).toMatchObject({
      status: 'missing',
      detail: 'not served: admissionregistration.k8s.io serves v1',
      fix: expect.stringContaining('--runtime-config=admissionregistration.k8s.io/v1beta1=true and --feature-gates=MutatingAdmissionPolicy=true'),
    });
    const on = await check(config('1.34'), { minor: 34, runtimeConfig: ['admissionregistration.k8s.io/v1beta1'] });
    expect(blockers(on)).toEqual([]);
  });

  test('output for 1.36 on 1.36: ok, and a newer server is ok with a note', async () => {
    expect(blockers(await check(config('1.36'), { minor: 36 }))).toEqual([]);
    const newer = await check(config('1.30'), { minor: 36 });
    expect(line(newer, 'Kubernetes 1.30+ (extended.manifests.governance.kubernetes_version)')!.detail).toBe('the server is v1.36.4 (set kubernetes_version = "1.36" for what it adds)');
  });

  test('classes: a missing storage or runtime class is named with what the cluster has; no default storage class blocks', async () => {
    const results = await check(config('1.30', 'runtime_class = "gvisor"', 'pvc_storage_class = "fast"\n'), { minor: 30 }, [STANDARD]);
    expect(line(results, 'StorageClass fast (kubernetes.pvc_storage_class)')).toMatchObject({ status: 'missing', detail: 'the cluster has no StorageClass fast (it has standard)', fix: 'create it, or change kubernetes.pvc_storage_class' });
    expect(line(results, 'RuntimeClass gvisor (extended.manifests.runtime_class)')).toMatchObject({ status: 'missing' });
    const noDefault = await check(config('1.30'), { minor: 30 }, [{ ...STANDARD, metadata: { name: 'standard' } }]);
    expect(line(noDefault, 'a default StorageClass (kubernetes.pvc_storage_class is unset)')).toMatchObject({ status: 'will-fail', fix: 'set kubernetes.pvc_storage_class to one of standard, or mark one default (storageclass.kubernetes.io/is-default-class: "true")' });
  });

  test('objects under our names with another owner block; a namespace someone created only warns; ours are ok', async () => {
    const [{ objects }] = inputs(config('1.30'));
    const quota = objects.find((o) => o.kind === 'ResourceQuota')!;
    const existing = [
      STANDARD,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sbx' } },
      { ...quota, metadata: { ...quota.metadata, labels: { 'app.kubernetes.io/managed-by': 'Helm' } } },
      objects.find((o) => o.kind === 'LimitRange'),
    ];
    const results = await check(config('1.30'), { minor: 30 }, existing);
    expect(line(results, 'ResourceQuota sbx/openhands-sandboxes under our name')).toMatchObject({ status: 'will-fail', detail: 'exists, managed by Helm: apply would take it over' });
    expect(line(results, 'Namespace sbx under our name')).toMatchObject({ status: 'warning' });
    expect(line(results, 'objects under our names')!.detail).toMatch(/^\d+ to create, 1 already ours$/);
  });

  test('agent-sandbox target: its CRDs missing are blockers naming agent-sandbox; installed, ok', async () => {
    const toml = `[kubernetes]\nnamespace = "agents"\n[sandbox]\nruntime_container_image = "ghcr.io/openhands/agent-server:1.37.1-python"\n[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.governance]\nkubernetes_version = "1.30"\n`;
    const without = await check(toml, { minor: 30 });
    expect(line(without, 'extensions.agents.x-k8s.io/v1beta1 SandboxTemplate')).toMatchObject({ status: 'missing', fix: expect.stringMatching(/^install kubernetes-sigs\/agent-sandbox v1\.0\.x \(extended\.manifests\.agent_sandbox\.agent_sandbox_version\)/) });
    const withCrds = await check(toml, { minor: 30, crds: ['agent-sandbox-v0.5.6'] });
    expect(blockers(withCrds)).toEqual([]);
  });

  test('agent-sandbox browser routes through the Gateway API: CRDs and the Gateway checked', async () => {
    const toml = `[kubernetes]\nnamespace = "agents"\ningress_domain = "sandboxes.example.com"\n[sandbox]\nruntime_container_image = "ghcr.io/openhands/agent-server:1.37.1-python"\n[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.governance]\nkubernetes_version = "1.30"\n[extended.manifests.agent_sandbox]\nbrowser_routes = "httproute"\nweb_url = "https://openhands.example.com"\ngateway_name = "public"\ngateway_namespace = "gateway-system"\n`;
    const noGatewayApi = await check(toml, { minor: 32, crds: ['agent-sandbox-v0.5.6'] });
    expect(line(noGatewayApi, 'gateway.networking.k8s.io/v1 HTTPRoute')).toMatchObject({ status: 'missing', detail: 'not served: the cluster has no gateway.networking.k8s.io API', fix: expect.stringMatching(/^install the Gateway API CRDs/) });
    const cluster = { minor: 32, crds: ['agent-sandbox-v0.5.6', 'gateway-api-v1.5.1'] };
    const noGateway = await check(toml, cluster);
    expect(line(noGateway, 'Gateway gateway-system/public (extended.manifests.agent_sandbox.gateway_name)')).toMatchObject({ status: 'missing', detail: 'no such Gateway: the HTTPRoute attaches to nothing' });
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'gateway-system' }, spec: { listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }] } };
    const routerLabels = { 'app.kubernetes.io/name': 'sandbox-router' };
    const router = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sandbox-router', namespace: 'agent-sandbox-system' }, spec: { selector: { matchLabels: routerLabels }, template: { metadata: { labels: routerLabels }, spec: { containers: [{ name: 'r', image: 'r', args: ['--path-routing-prefix=/sandboxes'] }] } } } };
    expect(blockers(await check(toml, cluster, [STANDARD, gateway, router]))).toEqual([]);
  });
});

describe('preflight --from-dump', () => {
  test('reads a saved dump; what it lacks is unknown with the kubectl command, never assumed', async () => {
    const paths = Object.fromEntries(discoveryDocuments({ minor: 33 }));
    delete paths['/apis/storage.k8s.io/v1'];
    const dir = workspace({ 'config.toml': config('1.36') });
    writeFileSync(join(dir, 'cluster.json'), JSON.stringify({ paths: { ...paths, '/apis/storage.k8s.io/v1/storageclasses': { items: [STANDARD] }, '/api/v1/namespaces/sbx': null } }));
    const out: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: () => undefined, env: {}, isTty: false };
    const code = await run(['preflight', '-c', join(dir, 'config.toml'), '--from-dump', join(dir, 'cluster.json')], io);
    const text = out.join('');
    expect(code).toBe(1);
    expect(text).toMatch(/^WILL FAIL {2}config: Kubernetes 1\.36\+ \(extended\.manifests\.governance\.kubernetes_version\): the server is v1\.33\.4: .*; fix: set extended\.manifests\.governance\.kubernetes_version = "1\.33" and re-synth$/m);
    expect(text).toMatch(/^unknown +config: objects under our names: 1 to create, 0 already ours, \d+ not known; fix: kubectl get --raw \//m);
    expect(text).toMatch(/3 blocker\(s\): do not apply yet \(dump .*cluster\.json\)\n$/);
    out.length = 0;
    expect(await run(['preflight', '-c', join(dir, 'config.toml'), '--from-dump', join(dir, 'cluster.json'), '--format', 'json'], io)).toBe(1);
    expect(JSON.parse(out.join('')).requirements[0]).toMatchObject({ environment: 'config', status: 'will-fail' });
  });

  test('a dump that is not one is a clear error, exit 1', () => {
    expect(() => readDump('x.json', '{"version": 1}')).toThrow(/x\.json: 1 problem:\n {2}x\.json: paths: is missing: a dump is/);
    expect(() => readDump('x.json', 'nope')).toThrow(/x\.json: .*is not JSON/);
  });
});
