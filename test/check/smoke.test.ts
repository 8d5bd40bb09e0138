import { join } from 'node:path';
import { loadEnvironments } from '../../lib/config/environments';
import { httpClusterClient } from '../../lib/check/http-client';
import { isBlocker, Requirement } from '../../lib/check/preflight';
import { smoke } from '../../lib/check/smoke';
import { renderEnvironment } from '../../lib/output/files';
import { ClusterVersion } from '../support/kube-discovery';
import { startFakeCluster } from '../support/fake-api-server';
import { IMAGE } from '../support/fixtures';
import { workspace } from '../support/workspace';

const config = (version: string, extra = '') => `[kubernetes]\nnamespace = "sbx"\n[sandbox]\nruntime_container_image = "${IMAGE}"\n[extended.manifests]\nsessions = []\n${extra}\n[extended.manifests.governance]\nkubernetes_version = "${version}"\n`;

/** The environment of a config and its rendered output. */
function environmentOf(toml: string) {
  const dir = workspace({ 'config.toml': toml });
  const [environment] = loadEnvironments([join(dir, 'config.toml')], {});
  return { environment, objects: renderEnvironment(environment).objects };
}

/** Smoke against a fake cluster of this version on which `applied` was applied. */
async function smokeOn(toml: string, cluster: ClusterVersion, applied?: (objects: any[]) => any[], sent?: any[]) {
  const { environment, objects } = environmentOf(toml);
  const fake = await startFakeCluster(cluster, applied ? applied(objects) : objects, sent);
  try {
    const results = await smoke(environment, objects, httpClusterClient(fake.url, { headers: { Authorization: 'Bearer fake-token' } }, 'fake'), { env: {}, sessionId: '0123456789abcdef0123456789abcdef' });
    // Only reads and dry runs: nothing persists.
    expect(fake.requests.filter((r) => r.method !== 'GET' && !/[?&]dryRun=All(&|$)/.test(r.url))).toEqual([]);
    return results;
  } finally {
    await fake.close();
  }
}

const statuses = (results: Requirement[]) => results.map((r) => `${r.status} ${r.requirement}`);

describe('smoke against a fake API server whose admission is the harness running our policies', () => {
  test.each([
    ['1.36', { minor: 36 }],
    ['1.34', { minor: 34, runtimeConfig: ['admissionregistration.k8s.io/v1beta1'] }],
  ] as const)('output for %s applied: OpenHands\' objects are admitted and hardened, every hostile variant refused by us', async (version, cluster) => {
    const results = await smokeOn(config(version), cluster);
    const sid = '0123456789abcdef0123456789abcdef';
    expect(statuses(results)).toEqual([
      `ok OpenHands can create PersistentVolumeClaim openhands-runtime-${sid}-pvc`,
      `ok OpenHands can create Pod openhands-runtime-${sid}`,
      `ok OpenHands can create Service openhands-runtime-${sid}-svc`,
      `ok OpenHands can create Service openhands-runtime-${sid}-svc-code`,
      `ok OpenHands can create Ingress openhands-runtime-${sid}-ingress-code`,
      'ok the admitted pod is hardened',
      'ok refuses another image',
      'ok refuses a second container',
      'ok refuses a pod that is not a sandbox',
      'ok refuses a hostPath volume',
      'ok refuses a privileged container',
      'ok refuses twice the memory limit',
    ]);
    expect(results.find((r) => r.requirement === 'refuses another image')!.detail).toMatch(/^refused: pods "openhands-runtime-\w+" is forbidden: ValidatingAdmissionPolicy 'openhands-sandbox-sbx-pods' with binding 'openhands-sandbox-sbx-pods' denied request: containerImage: image docker\.io\/library\/busybox:1\.36 is not allowed/);
  });

  test('the mutating policy not applied (a 1.34 cluster without its API): the pod is refused, named as the failure', async () => {
    const results = await smokeOn(config('1.34'), { minor: 34 });
    const pod = results.find((r) => r.requirement.startsWith('OpenHands can create Pod'))!;
    expect(pod.status).toBe('will-fail');
    expect(pod.detail).toMatch(/serviceAccount: .*is the MutatingAdmissionPolicy installed and bound/);
    expect(results.some((r) => isBlocker(r.status))).toBe(true);
  });

  test('no governance applied at all: OpenHands\' objects are admitted but hostile variants too, which fails', async () => {
    const results = await smokeOn(config('1.36'), { minor: 36 }, (objects) => objects.filter((o) => !/AdmissionPolicy|LimitRange|Namespace/.test(o.kind)));
    expect(results.find((r) => r.requirement === 'refuses another image')).toMatchObject({ status: 'will-fail', detail: 'admitted: nothing stops it' });
    expect(results.find((r) => r.requirement === 'the admitted pod is hardened')).toMatchObject({ status: 'will-fail' });
  });

  const agentToml = (agent = '') => `[kubernetes]\nnamespace = "agents"\n[sandbox]\nruntime_container_image = "ghcr.io/openhands/agent-server:1.37.1-python"\n[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.agent_sandbox]\n${agent}\n`;
  const CLAIM_VARIANTS = [
    'refuses a claim injecting LD_PRELOAD',
    'refuses a claim from another warm pool (another template)',
    'refuses a claim adding pod annotations',
  ];

  test('agent-sandbox target: the sandbox-server\'s SandboxClaim is admitted where the CRDs are installed, missing where not; its hostile variants are refused by our policy', async () => {
    const results = await smokeOn(agentToml(), { minor: 33, crds: ['agent-sandbox-v0.5.6'] });
    expect(statuses(results)).toEqual([expect.stringMatching(/^ok OpenHands can create SandboxClaim oh-agent-server-smoke[0-9a-f]{12}-[0-9a-f]{6}$/), ...CLAIM_VARIANTS.map((r) => `ok ${r}`)]);
    expect(results.find((r) => r.requirement === 'refuses a claim injecting LD_PRELOAD')!.detail).toMatch(/^refused: sandboxclaims "oh-agent-server-smoke[\w-]+" is forbidden: ValidatingAdmissionPolicy 'openhands-sandbox-agents-sandboxclaims' with binding '[^']+' denied request: sandbox claim env LD_PRELOAD is not a variable the sandbox-server injects/);
    expect(results.find((r) => r.requirement.includes('another warm pool'))!.detail).toMatch(/warm pool openhands-pool only \(agent_sandbox\.warm_pool\)/);
    expect(results.find((r) => r.requirement.includes('pod annotations'))!.detail).toMatch(/sandbox claim sets spec\.additionalPodMetadata/);
    expect(statuses(await smokeOn(agentToml(), { minor: 33 }))).toEqual([expect.stringMatching(/^missing OpenHands can create SandboxClaim/)]);
  });

  test('agent-sandbox target: the claim carries the lifecycle and CORS origins the sandbox-server sends for this config, and is admitted', async () => {
    const agent = 'shutdown_after_seconds = 7200\nweb_url = "https://openhands.example.com"\npermitted_cors_origins = ["https://ide.example.com", "https://openhands.example.com"]';
    const sent: any[] = [];
    const results = await smokeOn(agentToml(agent), { minor: 36, crds: ['agent-sandbox-v0.5.6'] }, undefined, sent);
    expect(statuses(results)).toEqual([expect.stringMatching(/^ok OpenHands can create SandboxClaim/), ...CLAIM_VARIANTS.map((r) => `ok ${r}`)]);
    const claim = sent[0];
    expect(claim.spec.lifecycle.shutdownPolicy).toBe('Delete');
    // Python's isoformat of a UTC time with microseconds, +00:00 written as Z.
    expect(claim.spec.lifecycle.shutdownTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    const inSeconds = (Date.parse(claim.spec.lifecycle.shutdownTime) - Date.now()) / 1000;
    expect(inSeconds).toBeGreaterThan(7200 - 30);
    expect(inSeconds).toBeLessThanOrEqual(7200);
    expect(claim.spec.env.filter((e: any) => e.name.startsWith('OH_ALLOW_CORS'))).toEqual([
      { name: 'OH_ALLOW_CORS_ORIGINS_0', value: 'https://openhands.example.com' },
      { name: 'OH_ALLOW_CORS_ORIGINS_1', value: 'https://ide.example.com' },
    ]);
  });

  test('agent-sandbox target without the claim policy applied: the hostile claims are admitted, which fails', async () => {
    const results = await smokeOn(agentToml(), { minor: 33, crds: ['agent-sandbox-v0.5.6'] }, (objects) => objects.filter((o) => !/AdmissionPolicy/.test(o.kind)));
    expect(results[0].status).toBe('ok');
    for (const requirement of CLAIM_VARIANTS) expect(results.find((r) => r.requirement === requirement)).toMatchObject({ status: 'will-fail', detail: 'admitted: nothing stops it' });
    expect(results.some((r) => isBlocker(r.status))).toBe(true);
  });

  test('agent-sandbox target with governance.validating_policy = false: only the claim, no variants', async () => {
    const results = await smokeOn(`${agentToml()}[extended.manifests.governance]\nvalidating_policy = false\n`, { minor: 33, crds: ['agent-sandbox-v0.5.6'] });
    expect(statuses(results)).toEqual([expect.stringMatching(/^ok OpenHands can create SandboxClaim openhands-smoke-/)]);
  });
});
