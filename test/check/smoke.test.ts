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
async function smokeOn(toml: string, cluster: ClusterVersion, applied?: (objects: any[]) => any[]) {
  const { environment, objects } = environmentOf(toml);
  const fake = await startFakeCluster(cluster, applied ? applied(objects) : objects);
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
    expect(results.find((r) => r.requirement === 'refuses another image')!.detail).toMatch(/^refused: pods "openhands-runtime-\w+" is forbidden: ValidatingAdmissionPolicy 'openhands-sandbox-sbx-pods' with binding 'openhands-sandbox-sbx-pods' denied request: image docker\.io\/library\/busybox:1\.36 is not allowed/);
  });

  test('the mutating policy not applied (a 1.34 cluster without its API): the pod is refused, named as the failure', async () => {
    const results = await smokeOn(config('1.34'), { minor: 34 });
    const pod = results.find((r) => r.requirement.startsWith('OpenHands can create Pod'))!;
    expect(pod.status).toBe('will-fail');
    expect(pod.detail).toMatch(/must carry the hardened settings .*is the MutatingAdmissionPolicy installed and bound/);
    expect(results.some((r) => isBlocker(r.status))).toBe(true);
  });

  test('no governance applied at all: OpenHands\' objects are admitted but hostile variants too, which fails', async () => {
    const results = await smokeOn(config('1.36'), { minor: 36 }, (objects) => objects.filter((o) => !/AdmissionPolicy|LimitRange|Namespace/.test(o.kind)));
    expect(results.find((r) => r.requirement === 'refuses another image')).toMatchObject({ status: 'will-fail', detail: 'admitted: nothing stops it' });
    expect(results.find((r) => r.requirement === 'the admitted pod is hardened')).toMatchObject({ status: 'will-fail' });
  });

  test('agent-sandbox target: a SandboxClaim dry run is admitted where the CRDs are installed, missing where not', async () => {
    const toml = `[kubernetes]\nnamespace = "agents"\n[sandbox]\nruntime_container_image = "ghcr.io/openhands/agent-server:1.37.1-python"\n[extended.manifests]\ntarget = "agent-sandbox"\n`;
    expect(statuses(await smokeOn(toml, { minor: 33, crds: ['agent-sandbox-v0.5.6'] }))).toEqual([expect.stringMatching(/^ok OpenHands can create SandboxClaim oh-agent-server-smoke[0-9a-f]{12}-[0-9a-f]{6}$/)]);
    expect(statuses(await smokeOn(toml, { minor: 33 }))).toEqual([expect.stringMatching(/^missing OpenHands can create SandboxClaim/)]);
  });
});
