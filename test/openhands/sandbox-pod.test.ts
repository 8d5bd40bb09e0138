import { Testing } from 'cdk8s';
import { SANDBOX_CAPABILITIES, SandboxPod, SandboxPodProps } from '../../lib/openhands/sandbox-pod';

const PROPS: SandboxPodProps = {
  name: 'openhands-runtime-x', namespace: 'ns', labels: { app: 'openhands-runtime', session: 'x' }, claimName: 'openhands-runtime-x-pvc',
  image: 'img:1', command: ['run'], env: [{ name: 'A', value: '1' }], vscode: true, workspaceMountPath: '/workspace',
  cpuRequest: '500m', memoryRequest: '1Gi', memoryLimit: '2.5Gi', privileged: false,
};

function podOf(props: Partial<SandboxPodProps> = {}) {
  const chart = Testing.chart();
  new SandboxPod(chart, 'pod', { ...PROPS, ...props });
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return manifests[0];
}

describe('SandboxPod', () => {
  test('renders OpenHands\' pod with no cdk8s-plus defaults', () => {
    expect(podOf()).toMatchSnapshot();
  });

  test('writes quantities exactly as given', () => {
    expect(podOf().spec.containers[0].resources).toEqual({ limits: { memory: '2.5Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  });

  test('declares the VS Code port only when asked', () => {
    expect(podOf({ vscode: false }).spec.containers[0].ports.map((port: { containerPort: number }) => port.containerPort)).toEqual([8080, 30082, 30083]);
  });

  test('adds pull secret, node selector and tolerations only when given', () => {
    const spec = podOf({ imagePullSecret: 'reg', nodeSelector: { pool: 'a' }, tolerations: [{ operator: 'Exists' }] }).spec;
    expect(spec.imagePullSecrets).toEqual([{ name: 'reg' }]);
    expect(spec.nodeSelector).toEqual({ pool: 'a' });
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(Object.keys(podOf({ tolerations: [] }).spec).sort()).toEqual(['containers', 'restartPolicy', 'volumes']);
  });

  test('hardening drops every capability but the baseline set, forbids escalation and mounts no token', () => {
    const spec = podOf({ hardening: { serviceAccountName: 'sbx', runtimeClassName: 'gvisor', noPrivilegeEscalation: true } }).spec;
    expect(spec.containers[0].securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: SANDBOX_CAPABILITIES } });
    expect(spec).toMatchObject({ serviceAccountName: 'sbx', automountServiceAccountToken: false, enableServiceLinks: false, runtimeClassName: 'gvisor', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
    expect(SANDBOX_CAPABILITIES).not.toEqual(expect.arrayContaining(['NET_RAW']));
  });

  test('a hardened privileged pod keeps only privileged: the API server refuses more', () => {
    const spec = podOf({ privileged: true, hardening: { serviceAccountName: 'sbx', noPrivilegeEscalation: false } }).spec;
    expect(spec.containers[0].securityContext).toEqual({ privileged: true });
  });
});
