import { Testing } from 'cdk8s';
import { podSecurityVersion, SandboxNamespace } from '../../lib/cluster/sandbox-namespace';

function namespaceOf(privileged: boolean) {
  const chart = Testing.chart();
  new SandboxNamespace(chart, 'ns', { name: 'sbx', labels: { team: 'a' }, privileged });
  return Testing.synth(chart)[0];
}

describe('SandboxNamespace', () => {
  test('enforces Pod Security baseline and warns and audits restricted', () => {
    expect(namespaceOf(false).metadata.labels).toEqual({
      'team': 'a',
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'latest',
    });
  });

  test('pins the Pod Security version of the targeted Kubernetes version', () => {
    const chart = Testing.chart();
    new SandboxNamespace(chart, 'ns', { name: 'sbx', labels: {}, privileged: false, podSecurityVersion: podSecurityVersion('1.34') });
    expect(Testing.synth(chart)[0].metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.34');
  });

  test('enforces privileged for privileged sandboxes and still reports baseline', () => {
    expect(namespaceOf(true).metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'baseline' });
  });

  test('refuses to emit or label the default namespace, naming the construct', () => {
    expect(() => new SandboxNamespace(Testing.chart(), 'ns', { name: 'default', labels: {}, privileged: false })).toThrow(/^\[test\/ns\] name "default"/);
  });
});
