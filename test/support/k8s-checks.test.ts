import { find, render } from './fixtures';
import { apiServerRejections, baselineViolations, crossObjectErrors, unexemptedFindings } from './k8s-checks';
import { schemaErrors } from './schema';

// The posture checks must be able to fail: each is shown catching a real problem here.
describe('posture checks', () => {
  test('flag OpenHands\' own pod, which nothing hardens', () => {
    const checks = unexemptedFindings(render('[extended.manifests]\nsecurity_profile = "openhands"')).map((finding) => finding.check);
    expect(checks).toEqual(expect.arrayContaining([
      'automountServiceAccountToken', 'missingNetworkPolicy', 'privilege-escalation-container', 'run-as-non-root',
      'no-read-only-root-fs', 'drop-net-raw-capability', 'linuxHardening', 'tlsSettingsMissing', 'unset-cpu-requirements',
    ]));
  });

  test('catch baseline violations and API server rejections', () => {
    const pod = structuredClone(find(render(), 'Pod'));
    pod.spec.hostNetwork = true;
    pod.spec.volumes.push({ name: 'sock', hostPath: { path: '/var/run/docker.sock' } });
    pod.spec.containers[0].securityContext = { privileged: true, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'] } };
    expect(baselineViolations(pod)).toEqual(['hostNetwork is true', 'hostPath volume sock', 'runtime: privileged', 'runtime: adds capability NET_ADMIN']);
    expect(apiServerRejections(pod)).toEqual(['runtime: privileged with allowPrivilegeEscalation false']);
  });

  test('catch a Service that selects nothing, a missing target port and a broken backend', () => {
    const objects = structuredClone(render());
    find(objects, 'Service', 'openhands-runtime-default-svc').spec.selector.session = 'other';
    find(objects, 'Service', 'openhands-runtime-default-svc-code').spec.ports[0].targetPort = 'code-server';
    find(objects, 'Ingress').spec.rules[0].http.paths[0].backend.service.name = 'gone';
    expect(crossObjectErrors(objects)).toEqual([
      'Service openhands-runtime-default-svc selects no pod',
      'Service openhands-runtime-default-svc-code targets port "code-server", which pod openhands-runtime-default does not declare',
      'Ingress openhands-runtime-default-ingress-code routes to missing Service gone',
    ]);
  });

  test('catch schema errors', () => {
    const objects = structuredClone(render());
    find(objects, 'Pod').spec.containers[0].ports[0].containerPort = '8080';
    expect(schemaErrors(objects).join('\n')).toMatch(/Pod\/openhands-runtime-default: .*containerPort must be integer/);
  });
});
