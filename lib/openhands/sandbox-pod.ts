import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';
import { SandboxEnvVar } from './runtime-names';
import {
  containerSecurityContext, HARDENED_POD_SECURITY_CONTEXT, readinessProbe, RUNTIME_CONTAINER, RUNTIME_RESTART_POLICY, RUNTIME_WORKING_DIR, runtimePorts, WORKSPACE_VOLUME,
} from './sandbox-pod-shape';

export { SANDBOX_CAPABILITIES } from './sandbox-pod-shape';

/** The hardened profile's additions to the pod OpenHands creates. */
export interface SandboxHardening {
  /** ServiceAccount of the pod; its token is never mounted. */
  readonly serviceAccountName: string;
  /**
   * RuntimeClass of the pod, such as sysbox-runc or gvisor.
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /** Sets `allowPrivilegeEscalation: false`; off when the agent needs sudo (a non-root user id). */
  readonly noPrivilegeEscalation: boolean;
  /**
   * Ephemeral-storage limit of the container (writable layer, logs).
   * @default - no limit
   */
  readonly ephemeralStorageLimit?: string;
}

/** What every sandbox pod of an environment shares: everything but its name, labels and claim. */
export interface SandboxPodSpec {
  /**
   * Annotations of the pod.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /** The OpenHands runtime image. */
  readonly image: string;
  /** The action server command line. */
  readonly command: readonly string[];
  /** Environment variables, in order. */
  readonly env: readonly SandboxEnvVar[];
  /** Whether the VS Code port 8081 is declared. */
  readonly vscode: boolean;
  /** Where the workspace volume is mounted. */
  readonly workspaceMountPath: string;
  /** CPU request, written exactly as configured. */
  readonly cpuRequest: string;
  /** Memory request, written exactly as configured. */
  readonly memoryRequest: string;
  /** Memory limit, written exactly as configured. */
  readonly memoryLimit: string;
  /**
   * Secret for pulling the image.
   * @default - none
   */
  readonly imagePullSecret?: string;
  /**
   * Node labels the pod is pinned to.
   * @default - no nodeSelector
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Tolerations of the pod, with the Kubernetes field names.
   * @default - none
   */
  readonly tolerations?: readonly k8s.Toleration[];
  /** Runs the container privileged. */
  readonly privileged: boolean;
  /**
   * Hardening on top of OpenHands' pod.
   * @default - exactly OpenHands' pod: `securityContext: {privileged}` and nothing more
   */
  readonly hardening?: SandboxHardening;
}

/** Props of {@link SandboxPod}. */
export interface SandboxPodProps extends SandboxPodSpec {
  /** Pod name, `openhands-runtime-<sid>`: OpenHands attaches to a pod of that name. */
  readonly name: string;
  /** Namespace of the pod. */
  readonly namespace: string;
  /** Labels of the pod, including the `app`/`session` selector labels. */
  readonly labels: Record<string, string>;
  /** The workspace PersistentVolumeClaim. */
  readonly claimName: string;
}

/**
 * The sandbox pod of one session. It is written field by field like OpenHands' own, with no
 * cdk8s-plus defaults (non-root, read-only root filesystem, default resources, pull policy):
 * the sandbox runs as root, writes to its root filesystem and may be privileged.
 */
export class SandboxPod extends Construct {
  /** The pod's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SandboxPodProps) {
    super(scope, id);
    this.name = props.name;
    const hardening = props.hardening;
    new k8s.KubePod(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: props.labels,
        ...(props.annotations && Object.keys(props.annotations).length > 0 && { annotations: props.annotations }),
      },
      spec: {
        containers: [{
          name: RUNTIME_CONTAINER,
          image: props.image,
          command: [...props.command],
          workingDir: RUNTIME_WORKING_DIR,
          env: props.env.map(({ name, value }) => ({ name, value })),
          ports: runtimePorts(props.vscode).map((port) => ({ ...port })),
          volumeMounts: [{ name: WORKSPACE_VOLUME, mountPath: props.workspaceMountPath }],
          resources: {
            limits: {
              memory: k8s.Quantity.fromString(props.memoryLimit),
              ...(hardening?.ephemeralStorageLimit && { 'ephemeral-storage': k8s.Quantity.fromString(hardening.ephemeralStorageLimit) }),
            },
            requests: { cpu: k8s.Quantity.fromString(props.cpuRequest), memory: k8s.Quantity.fromString(props.memoryRequest) },
          },
          readinessProbe: readinessProbe(),
          securityContext: containerSecurityContext(props.privileged, hardening),
        }],
        volumes: [{ name: WORKSPACE_VOLUME, persistentVolumeClaim: { claimName: props.claimName } }],
        restartPolicy: RUNTIME_RESTART_POLICY,
        ...(props.imagePullSecret && { imagePullSecrets: [{ name: props.imagePullSecret }] }),
        ...(props.nodeSelector && { nodeSelector: props.nodeSelector }),
        ...(props.tolerations && props.tolerations.length > 0 && { tolerations: [...props.tolerations] }),
        ...(hardening && {
          serviceAccountName: hardening.serviceAccountName,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { seccompProfile: { ...HARDENED_POD_SECURITY_CONTEXT.seccompProfile } },
          ...(hardening.runtimeClassName && { runtimeClassName: hardening.runtimeClassName }),
        }),
      },
    });
  }
}
