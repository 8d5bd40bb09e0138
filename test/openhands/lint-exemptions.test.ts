import { ingressLintExemptions, podLintExemptions } from '../../lib/openhands/lint-exemptions';

const checks = (annotations: Record<string, string>) => Object.keys(annotations).sort();

describe('lint exemptions', () => {
  test('a hardened root sandbox is exempt from the root, writable-filesystem and CPU-limit findings, each with a reason', () => {
    const annotations = podLintExemptions({ privileged: false, noPrivilegeEscalation: true, addsCapabilities: true });
    expect(checks(annotations)).toEqual([
      'ignore-check.kube-linter.io/no-read-only-root-fs', 'ignore-check.kube-linter.io/run-as-non-root', 'ignore-check.kube-linter.io/unset-cpu-requirements',
      'polaris.fairwinds.com/cpuLimitsMissing-exempt', 'polaris.fairwinds.com/insecureCapabilities-exempt',
      'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt', 'polaris.fairwinds.com/runAsRootAllowed-exempt',
    ]);
    for (const [key, value] of Object.entries(annotations)) {
      expect(value).toMatch(key.startsWith('polaris') ? /^true$/ : /^[A-Z].{20,}\.$/);
    }
  });

  test('a privileged sandbox is also exempt from the privileged, capability and escalation findings', () => {
    const annotations = podLintExemptions({ privileged: true, noPrivilegeEscalation: false, addsCapabilities: false });
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toMatch(/privileged = true/);
    expect(annotations['ignore-check.kube-linter.io/drop-net-raw-capability']).toMatch(/privileged container holds every capability/);
    expect(annotations['ignore-check.kube-linter.io/privilege-escalation-container']).toBe('A privileged container always allows privilege escalation.');
    expect(annotations['polaris.fairwinds.com/runAsPrivileged-exempt']).toBe('true');
  });

  test('a non-root agent that needs sudo is exempt from the escalation finding with that reason', () => {
    const annotations = podLintExemptions({ privileged: false, noPrivilegeEscalation: false, addsCapabilities: true });
    expect(annotations['ignore-check.kube-linter.io/privilege-escalation-container']).toBe('The agent runs as a non-root user and needs sudo.');
    expect(annotations['ignore-check.kube-linter.io/privileged-container']).toBeUndefined();
  });

  test('an ingress without TLS carries the Polaris exemption, one with TLS nothing', () => {
    expect(ingressLintExemptions(false)).toEqual({ 'polaris.fairwinds.com/tlsSettingsMissing-exempt': 'true' });
    expect(ingressLintExemptions(true)).toEqual({});
  });
});
