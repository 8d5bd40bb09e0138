import { agentServerReadinessPath } from '../../lib/agent-sandbox/agent-server';

describe('the agent server\'s readiness path', () => {
  test.each([
    ['ghcr.io/openhands/agent-server:1.37.1-python', '/ready'],
    ['ghcr.io/openhands/agent-server:1.11.2-python', '/ready'],
    ['ghcr.io/openhands/agent-server:2.0.0', '/ready'],
    ['ghcr.io/openhands/agent-server:1.12.0-python@sha256:' + 'ab'.repeat(32), '/ready'],
    ['ghcr.io/openhands/agent-server:1.11.1-python', '/health'],
    ['ghcr.io/openhands/agent-server:1.9.0-python', '/health'],
    ['ghcr.io/openhands/agent-server:0.99.99', '/health'],
    ['ghcr.io/openhands/agent-server@sha256:' + 'ab'.repeat(32), '/health'],
    ['ghcr.io/openhands/agent-server:latest-python', '/health'],
    ['ghcr.io/openhands/agent-server:3d9fc10-python', '/health'],
    ['registry:5000/agent-server', '/health'],
  ])('%s: %s (/ready from software-agent-sdk 1.11.2 on, /health where the version is unknown)', (image, path) => {
    expect(agentServerReadinessPath(image)).toBe(path);
  });
});
