import { Testing } from 'cdk8s';
import { SandboxNamespace } from '../../lib/cluster/sandbox-namespace';

function namespaceOf(privileged: boolean) {
  const chart = Testing.chart();
  new SandboxNamespace(chart, 'ns', { name: 'sbx', labels: { team: 'a' }, privileged });
  return Testing.synth(chart)[0];
}

describe('SandboxNamespace', () => {
  test('enforces Pod Security baseline and warns and audits restricted', () => {
    expect(namespaceOf(false).metadata.labels).toEqual({
      'team': 'a',
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.28',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'v1.28',
      'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.28',
    });
  });

  test('enforces privileged for privileged sandboxes and still reports baseline', () => {
    expect(namespaceOf(true).metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'baseline' });
  });

  test('refuses to emit or label the default namespace, naming the construct', () => {
    expect(() => new SandboxNamespace(Testing.chart(), 'ns', { name: 'default', labels: {}, privileged: false })).toThrow(/^\[test\/ns\] name "default"/);
  });
});
