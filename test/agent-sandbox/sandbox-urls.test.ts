import { createHash } from 'node:crypto';
import { claimName, routerUrlPattern, sandboxUrls } from '../../lib/agent-sandbox/sandbox-urls';
import { BLOCKED_IPV4, BLOCKED_IPV6 } from '../../lib/kube/egress-blocklist';
import { find, render } from '../support/fixtures';
import { renderAgentSandbox } from './support';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sandbox URLs', () => {
  test('claim names follow the sandbox-server: lower-cased, other characters as "-", a digest that keeps a_b and a.b apart, at most 63 characters', () => {
    expect(claimName('a_b', sha)).toBe(`oh-agent-server-a-b-${sha('a_b').slice(0, 6)}`);
    expect(claimName('a.b', sha)).not.toBe(claimName('a_b', sha));
    const long = claimName('X'.repeat(63), sha);
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^oh-agent-server-x+-[0-9a-f]{6}$/);
    expect(claimName('___', sha)).toBe(`oh-agent-server-${sha('___').slice(0, 6)}`);
  });

  test('the pattern is filled as the sandbox-server fills it, once per exposed port', () => {
    const pattern = routerUrlPattern({ scheme: 'https', host: 'sbx.example.com', prefix: '/sandboxes', namespace: 'agents' });
    expect(pattern).toBe('https://sbx.example.com/sandboxes/agents/{sandbox_name}/{port}');
    expect(sandboxUrls(pattern, { sandboxId: 'Ab1', sandboxName: 'oh-agent-server-ab1-123456', namespace: 'agents' })).toEqual({
      AGENT_SERVER: 'https://sbx.example.com/sandboxes/agents/oh-agent-server-ab1-123456/8000',
      VSCODE: 'https://sbx.example.com/sandboxes/agents/oh-agent-server-ab1-123456/8001',
    });
  });
});

describe('the template\'s network policy', () => {
  test('blocks exactly what the V0 target blocks: one list for both targets', () => {
    const v0 = find(render('[kubernetes]\nnamespace = "sandboxes"'), 'NetworkPolicy').spec.egress.find((rule: any) => rule.to?.[0]?.ipBlock);
    const v1 = find(renderAgentSandbox('[kubernetes]\nnamespace = "agents"'), 'SandboxTemplate').spec.networkPolicy.egress.find((rule: any) => rule.to?.[0]?.ipBlock);
    expect(v1.to).toEqual(v0.to);
    expect(v1.to.map((peer: any) => peer.ipBlock.except)).toEqual([[...BLOCKED_IPV4], [...BLOCKED_IPV6]]);
    expect(BLOCKED_IPV4).toEqual(expect.arrayContaining(['0.0.0.0/8', '192.0.0.0/24', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4']));
    expect(BLOCKED_IPV6).toEqual(expect.arrayContaining(['64:ff9b::/96', '2002::/16']));
  });

  test('honours dns_namespace and allow_egress_ports', () => {
    const egress = find(renderAgentSandbox('[kubernetes]\nnamespace = "agents"', '[extended.manifests.network_policy]\ndns_namespace = "dns"\nallow_egress_cidrs = ["10.1.0.0/16"]\nallow_egress_ports = [5432]'), 'SandboxTemplate').spec.networkPolicy.egress;
    expect(egress[0].to[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'dns' });
    expect(egress[3]).toEqual({ to: [{ ipBlock: { cidr: '10.1.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  });
});
