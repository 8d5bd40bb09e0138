import { parseQuantity } from '../../lib/kube/quantity';
import { find, render } from '../support/fixtures';
import { renderAgentSandbox, templatePod } from '../agent-sandbox/support';

/*
 * An independent model of the ResourceQuota admission of pods (kube's quota evaluator): a pod is
 * charged unless it is terminal (Succeeded, Failed) or its deletion timestamp plus its grace period
 * has passed, so a terminating pod is charged for its whole grace period. Its compute resources come
 * from its containers, with the LimitRange's defaults filled in as LimitRanger does before quota.
 */
interface ModelPod { readonly usage: Record<string, number>; readonly phase: 'Running' | 'Succeeded'; readonly deletion?: { at: number; grace: number } }

const RESOURCES = ['requests.cpu', 'requests.memory', 'limits.memory', 'requests.ephemeral-storage', 'limits.ephemeral-storage'];

function usageOf(pod: any, limitRange: any): Record<string, number> {
  const defaults = limitRange.spec.limits.find((limit: any) => limit.type === 'Container');
  const usage: Record<string, number> = { pods: 1 };
  for (const container of pod.spec.containers) {
    for (const kind of ['requests', 'limits'] as const) {
      const given = { ...(kind === 'requests' ? defaults.defaultRequest : defaults.default), ...container.resources?.[kind] };
      for (const [resource, value] of Object.entries<string>(given)) usage[`${kind}.${resource}`] = (usage[`${kind}.${resource}`] ?? 0) + parseQuantity(String(value))!.value;
    }
  }
  return usage;
}

const charged = (pod: ModelPod, now: number) => pod.phase !== 'Succeeded' && !(pod.deletion && now > pod.deletion.at + pod.deletion.grace);

/** Whether the quota admits `candidate` beside `pods`, at time `now`. */
function admits(hard: Record<string, string>, pods: readonly ModelPod[], candidate: ModelPod, now: number): boolean {
  return ['pods', ...RESOURCES].filter((resource) => hard[resource] !== undefined).every((resource) => {
    const used = pods.filter((pod) => charged(pod, now)).reduce((sum, pod) => sum + (pod.usage[resource] ?? 0), 0);
    return used + (candidate.usage[resource] ?? 0) <= parseQuantity(hard[resource])!.value * (1 + 1e-12);
  });
}

/** At the limit, the oldest sandbox's pod deleted (grace 30 s) and a new one created at once, then a second. */
function replacement(hard: Record<string, string>, usage: Record<string, number>, limit: number) {
  const running = Array.from({ length: limit - 1 }, (): ModelPod => ({ usage, phase: 'Running' }));
  const terminating: ModelPod = { usage, phase: 'Running', deletion: { at: 0, grace: 30 } };
  const fresh: ModelPod = { usage, phase: 'Running' };
  return {
    replacementAdmitted: admits(hard, [...running, terminating], fresh, 1),
    beyondRefused: !admits(hard, [...running, terminating, fresh], fresh, 1),
    // The price, documented in the README: once the old pod is gone, the room admits one sandbox more than the limit.
    oneMoreOnceGone: admits(hard, [...running, terminating, fresh], fresh, 61),
  };
}

describe('the quota admits a replacement sandbox while the one it replaces terminates, and no more', () => {
  test('openhands (V0): max_sessions sandboxes, the oldest deleted and a new one created at once', () => {
    const objects = render('[kubernetes]\nnamespace = "s"\nresource_cpu_request = "750m"\nresource_memory_request = "1.5Gi"\n[extended.manifests]\nsessions = ["a"]\n[extended.manifests.governance]\nmax_sessions = 3');
    const pod = find(objects, 'Pod');
    expect(pod.spec.terminationGracePeriodSeconds ?? 30).toBe(30);
    const hard = find(objects, 'ResourceQuota').spec.hard;
    expect(replacement(hard, usageOf(pod, find(objects, 'LimitRange')), 3)).toEqual({ replacementAdmitted: true, beyondRefused: true, oneMoreOnceGone: true });
    // Its claim too: OpenHands may delete it with the pod, and it stays until the pod is gone.
    expect([Number(hard.persistentvolumeclaims), parseQuantity(hard['requests.storage'])!.value]).toEqual([4, 4 * parseQuantity(find(objects, 'PersistentVolumeClaim').spec.resources.requests.storage)!.value]);
  });

  test('agent-sandbox (V1): max_num_sandboxes running plus the warm pool, the oldest paused and a new one claimed at once', () => {
    const objects = renderAgentSandbox('[kubernetes]\nnamespace = "agents"\nresource_cpu_request = "500m"', '[extended.manifests.agent_sandbox]\nmax_num_sandboxes = 4\nreplicas = 1\n[extended.manifests.governance]\nmax_sessions = 9');
    const pod = templatePod(objects);
    expect(pod.spec.terminationGracePeriodSeconds ?? 30).toBe(30);
    const hard = find(objects, 'ResourceQuota').spec.hard;
    expect(replacement(hard, usageOf(pod, find(objects, 'LimitRange')), 4 + 1)).toEqual({ replacementAdmitted: true, beyondRefused: true, oneMoreOnceGone: true });
    // What outlives a paused pod is bounded by max_sessions (and the warm pool), without headroom.
    expect(hard['count/sandboxclaims.extensions.agents.x-k8s.io']).toBe('9');
    expect(hard.persistentvolumeclaims).toBe('10');
  });
});
