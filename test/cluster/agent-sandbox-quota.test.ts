import { agentSandboxQuotaHard, AgentSandboxQuotaProps } from '../../lib/cluster/agent-sandbox-quota';
import { find } from '../support/fixtures';
import { renderAgentSandbox } from '../agent-sandbox/support';

const PROPS: AgentSandboxQuotaProps = {
  namespace: 'agents', labels: {}, maxRunning: 4, maxSandboxes: 12, warmReplicas: 1,
  cpuRequest: '500m', memoryRequest: '1Gi', memoryLimit: '4Gi', ephemeralStorage: '10Gi', storage: '5Gi', quota: true, limitRange: true,
};

describe('the agent-sandbox quota', () => {
  test('sizes what runs from max_num_sandboxes (plus the pod of the one just paused, still terminating) and what exists from max_sessions, plus the warm pool', () => {
    expect(agentSandboxQuotaHard(PROPS)).toEqual({
      pods: '6',
      'count/sandboxclaims.extensions.agents.x-k8s.io': '12',
      'count/sandboxes.agents.x-k8s.io': '13',
      persistentvolumeclaims: '13',
      services: '13',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
      'requests.cpu': '3',
      'requests.memory': '6Gi',
      'limits.memory': '24Gi',
      'requests.ephemeral-storage': '60Gi',
      'limits.ephemeral-storage': '60Gi',
      'requests.storage': '65Gi',
    });
  });

  test('comes from the config\'s keys, and each object can be turned off', () => {
    const toml = '[kubernetes]\nnamespace = "agents"\nresource_cpu_request = "1"\npvc_storage_size = "5Gi"';
    const objects = renderAgentSandbox(toml, '[extended.manifests.agent_sandbox]\nmax_num_sandboxes = 3\nreplicas = 2\n[extended.manifests.governance]\nmax_sessions = 7\nephemeral_storage_limit = "2Gi"');
    expect(find(objects, 'ResourceQuota').spec.hard).toMatchObject({ pods: '6', 'count/sandboxclaims.extensions.agents.x-k8s.io': '7', persistentvolumeclaims: '9', 'requests.cpu': '6', 'requests.storage': '45Gi', 'limits.ephemeral-storage': '12Gi' });
    expect(find(objects, 'LimitRange').spec.limits[0].max).toEqual({ 'ephemeral-storage': '2Gi', memory: '2Gi' });
    const container = find(objects, 'SandboxTemplate').spec.podTemplate.spec.containers[0];
    expect([container.resources.requests['ephemeral-storage'], container.resources.limits['ephemeral-storage']]).toEqual(['2Gi', '2Gi']);
    expect(renderAgentSandbox(toml, '[extended.manifests.governance]\nresource_quota = false\nlimit_range = false').some((o) => ['ResourceQuota', 'LimitRange'].includes(o.kind))).toBe(false);
  });

  test('nothing namespace-wide in the "default" namespace', () => {
    expect(renderAgentSandbox().some((o) => ['ResourceQuota', 'LimitRange', 'ValidatingAdmissionPolicy'].includes(o.kind))).toBe(false);
  });
});
