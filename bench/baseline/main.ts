// The baseline of `npm run bench`: a stock cdk8s app, as `cdk8s init typescript-app` lays it out
// (main.ts, cdk8s.yaml with `app: npx ts-node main.ts`, synthesized by `cdk8s synth`), that builds
// the same five objects per session as openhands-k8s with the "openhands" profile: PVC, Pod, two
// Services and an Ingress, written with the k8s L1 classes. Nothing from this project's lib/ is
// used. The k8s classes come from cdk8s-plus-28's bundled L1 module, as imports/k8s.ts does,
// because `cdk8s import k8s` needs the internet. BENCH_SESSIONS sets the number of sessions.
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

const NAMESPACE = 'bench';
const IMAGE = 'ghcr.io/acme/runtime:1.0';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, sessions: number, props: ChartProps = {}) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    for (let i = 0; i < sessions; i++) {
      const session = `s${i}`;
      const name = `openhands-runtime-${session}`;
      const selector = { app: 'openhands-runtime', session };

      new k8s.KubePersistentVolumeClaim(this, `${session}-pvc`, {
        metadata: { name: `${name}-pvc`, namespace: NAMESPACE },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: k8s.Quantity.fromString('2Gi') } },
        },
      });

      new k8s.KubePod(this, `${session}-pod`, {
        metadata: { name, namespace: NAMESPACE, labels: selector },
        spec: {
          restartPolicy: 'Never',
          containers: [{
            name: 'runtime',
            image: IMAGE,
            command: [
              '/openhands/micromamba/bin/micromamba', 'run', '-n', 'openhands', 'poetry', 'run', 'python', '-u', '-m',
              'openhands.runtime.action_execution_server', '8080', '--working-dir', '/workspace',
              '--plugins', 'agent_skills', 'jupyter', 'vscode', '--username', 'root', '--user-id', '0',
            ],
            workingDir: '/openhands/code/',
            env: [
              { name: 'port', value: '8080' },
              { name: 'PYTHONUNBUFFERED', value: '1' },
              { name: 'VSCODE_PORT', value: '8081' },
            ],
            ports: [
              { containerPort: 8080, name: 'http' },
              { containerPort: 8081, name: 'vscode' },
              { containerPort: 30082 },
              { containerPort: 30083 },
            ],
            readinessProbe: {
              httpGet: { path: '/alive', port: k8s.IntOrString.fromNumber(8080) },
              initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 3,
            },
            resources: {
              requests: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('1Gi') },
              limits: { memory: k8s.Quantity.fromString('2Gi') },
            },
            securityContext: { privileged: false },
            volumeMounts: [{ name: 'workspace-volume', mountPath: '/workspace' }],
          }],
          volumes: [{ name: 'workspace-volume', persistentVolumeClaim: { claimName: `${name}-pvc` } }],
        },
      });

      new k8s.KubeService(this, `${session}-svc`, {
        metadata: { name: `${name}-svc`, namespace: NAMESPACE },
        spec: {
          type: 'ClusterIP',
          selector,
          ports: [{ name: 'execution-server', port: 8080, targetPort: k8s.IntOrString.fromString('http') }],
        },
      });

      new k8s.KubeService(this, `${session}-svc-code`, {
        metadata: { name: `${name}-svc-code`, namespace: NAMESPACE },
        spec: {
          type: 'ClusterIP',
          selector,
          ports: [{ name: 'code', port: 8081, targetPort: k8s.IntOrString.fromString('vscode') }],
        },
      });

      new k8s.KubeIngress(this, `${session}-ingress-code`, {
        metadata: {
          name: `${name}-ingress-code`,
          namespace: NAMESPACE,
          annotations: { 'external-dns.alpha.kubernetes.io/hostname': `${session}.localhost` },
        },
        spec: {
          rules: [{
            host: `${session}.localhost`,
            http: {
              paths: [{
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: `${name}-svc-code`, port: { number: 8081 } } },
              }],
            },
          }],
        },
      });
    }
  }
}

const app = new App();
new MyChart(app, 'baseline', Number(process.env.BENCH_SESSIONS ?? '1'));
app.synth();
