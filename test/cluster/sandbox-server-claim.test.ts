import { pythonUtcIsoformat, sandboxServerClaim } from '../../lib/cluster/sandbox-server-claim';
import { runValidatingPolicy } from '../support/admission-harness';
import { find } from '../support/fixtures';
import { renderAgentSandbox } from '../agent-sandbox/support';

describe('the claim smoke sends as the sandbox-server would', () => {
  test('shutdownTime is written as Python\'s isoformat of a UTC time, +00:00 as Z', () => {
    // datetime(2026, 12, 3, 18, 0, 0, 123000, tzinfo=UTC).isoformat() == '2026-12-03T18:00:00.123000+00:00'
    expect(pythonUtcIsoformat(new Date('2026-12-03T18:00:00.123Z'))).toBe('2026-12-03T18:00:00.123000Z');
    // No microseconds: no fraction at all.
    expect(pythonUtcIsoformat(new Date('2026-12-03T18:00:00.000Z'))).toBe('2026-12-03T18:00:00Z');
  });

  test('it carries the lifecycle only with shutdown_after_seconds, and the claim policy of the same config admits it', () => {
    const rules = { warmPool: 'openhands-pool', webhookBaseUrl: 'http://oh.openhands.svc.cluster.local:3000', webUrl: 'https://oh.example.com', permittedCorsOrigins: ['https://a.example.com'], injectSessionKey: true, exposedPorts: { AGENT_SERVER: 8000, VSCODE: 8001 } };
    const now = new Date('2026-12-03T18:00:00.500Z');
    expect(sandboxServerClaim(rules, 'agents', 'Abc123', now).spec.lifecycle).toBeUndefined();
    const claim = sandboxServerClaim({ ...rules, shutdownAfterSeconds: 600 }, 'agents', 'Abc123', now);
    expect(claim.spec.lifecycle).toEqual({ shutdownTime: '2026-12-03T18:10:00.500000Z', shutdownPolicy: 'Delete' });
    const objects = renderAgentSandbox('[kubernetes]\nnamespace = "agents"', '[extended.manifests.app_server]\nnamespace = "openhands"\n[extended.manifests.agent_sandbox]\napp_server_service = "oh"\nweb_url = "https://oh.example.com"\npermitted_cors_origins = ["https://a.example.com"]\nshutdown_after_seconds = 600');
    const policy = find(objects, 'ValidatingAdmissionPolicy', 'openhands-sandbox-agents-sandboxclaims').spec;
    const created = { ...claim, metadata: { ...claim.metadata, creationTimestamp: '2026-12-03T18:00:00Z' } };
    expect(runValidatingPolicy(policy, { object: created, request: { operation: 'CREATE' } }, { strictMessages: true })).toEqual({ admitted: true });
  });
});
