import { Construct } from 'constructs';
import {
  SandboxTemplate,
  SandboxTemplateSpecEnvVarsInjectionPolicy,
  SandboxTemplateSpecNetworkPolicyManagement,
  SandboxTemplateSpecPodTemplateSpecContainersReadinessProbeHttpGetPort as ProbePort,
  SandboxTemplateSpecPodTemplateSpecContainersResourcesLimits as Limit,
  SandboxTemplateSpecPodTemplateSpecContainersResourcesRequests as Request,
  SandboxTemplateSpecVolumeClaimTemplatesSpecResourcesRequests as Storage,
} from '../../imports/agent-sandbox-template-extensions.agents.x-k8s.io';
import { templateNetworkPolicy, TemplateNetworkProps } from './_template-network-policy';
import { AGENT_SERVER_PORT, AGENT_SERVER_UID, AGENT_VSCODE_PORT, WORKSPACE_PATH, WORKSPACE_VOLUME } from './agent-server';

/** The pod every sandbox of the template runs. */
export interface AgentServerPodSpec {
  /** The agent-server image; the app server must be built against the same version. */
  readonly image: string;
  /**
   * Readiness probe path on port 8000, `/ready` or `/health` by agent-server version.
   * @default '/health'
   */
  readonly readinessPath?: string;
  /** Extra environment variables of the agent server, in order (claims add their own). */
  readonly env: readonly { readonly name: string; readonly value: string }[];
  /** CPU request, written exactly as configured. */
  readonly cpuRequest: string;
  /** Memory request, written exactly as configured. */
  readonly memoryRequest: string;
  /** Memory limit, written exactly as configured. */
  readonly memoryLimit: string;
  /**
   * Ephemeral-storage request and limit (writable layer, logs), so a ResourceQuota on ephemeral
   * storage admits the pod and one sandbox cannot fill the node's disk.
   * @default - none stated (a LimitRange may default it)
   */
  readonly ephemeralStorage?: string;
  /** Labels of the sandbox pods (the controller adds its own `agents.x-k8s.io/*` labels). */
  readonly labels: Record<string, string>;
  /** Annotations of the sandbox pods (linter opt-outs with reasons). */
  readonly annotations: Record<string, string>;
  /** ServiceAccount of the sandbox pods; its token is never mounted. */
  readonly serviceAccountName: string;
  /**
   * RuntimeClass, such as gvisor or kata: kernel-level isolation.
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * Secret for pulling the image.
   * @default - none
   */
  readonly imagePullSecret?: string;
  /**
   * Node labels the pods are pinned to.
   * @default - no nodeSelector
   */
  readonly nodeSelector?: Record<string, string>;
  /** Tolerations of the pods. */
  readonly tolerations: readonly { readonly key?: string; readonly operator?: string; readonly value?: string; readonly effect?: string; readonly tolerationSeconds?: number }[];
  /** Runs the container privileged (discouraged; leaves Pod Security "restricted"). */
  readonly privileged: boolean;
}

/** Each sandbox's workspace volume. */
export interface AgentServerWorkspace {
  /** Storage request. */
  readonly storage: string;
  /**
   * StorageClass; `""` disables dynamic provisioning.
   * @default - the cluster default class
   */
  readonly storageClassName?: string;
  /** Labels of the claims. */
  readonly labels: Record<string, string>;
}

/** Props of {@link AgentServerTemplate}. */
export interface AgentServerTemplateProps {
  /** Template name; the warm pool refers to it. */
  readonly name: string;
  /** Namespace of the sandboxes. */
  readonly namespace: string;
  /** Labels of the template object. */
  readonly labels: Record<string, string>;
  /** The sandbox pod. */
  readonly pod: AgentServerPodSpec;
  /** The workspace volume. */
  readonly workspace: AgentServerWorkspace;
  /** The template's network policy. */
  readonly network: TemplateNetworkProps;
}

/**
 * The SandboxTemplate of OpenHands' agent server: the pod each SandboxClaim of the app server
 * starts, hardened to Pod Security "restricted" (unless privileged), with a headless Service per
 * sandbox (`service: true`), env injection allowed for the claims, a workspace volume per sandbox
 * and a network policy that admits exactly the app server and the sandbox-router on the ports
 * OpenHands exposes.
 */
export class AgentServerTemplate extends Construct {
  constructor(scope: Construct, id: string, props: AgentServerTemplateProps) {
    super(scope, id);
    const { pod, workspace } = props;
    const restricted = !pod.privileged;
    new SandboxTemplate(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        envVarsInjectionPolicy: SandboxTemplateSpecEnvVarsInjectionPolicy.ALLOWED,
        service: true,
        networkPolicyManagement: SandboxTemplateSpecNetworkPolicyManagement.MANAGED,
        networkPolicy: templateNetworkPolicy(props.network),
        volumeClaimTemplates: [{
          metadata: { name: WORKSPACE_VOLUME, labels: workspace.labels },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: workspace.storageClassName,
            resources: { requests: { storage: Storage.fromString(workspace.storage) } },
          },
        }],
        podTemplate: {
          metadata: { labels: pod.labels, annotations: pod.annotations },
          spec: {
            serviceAccountName: pod.serviceAccountName,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            runtimeClassName: pod.runtimeClassName,
            nodeSelector: pod.nodeSelector,
            tolerations: pod.tolerations.length > 0 ? pod.tolerations.map((toleration) => ({ ...toleration })) : undefined,
            imagePullSecrets: pod.imagePullSecret ? [{ name: pod.imagePullSecret }] : undefined,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: AGENT_SERVER_UID,
              runAsGroup: AGENT_SERVER_UID,
              fsGroup: AGENT_SERVER_UID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [{
              name: 'agent-server',
              image: pod.image,
              args: ['--host', '0.0.0.0', '--port', String(AGENT_SERVER_PORT)],
              workingDir: WORKSPACE_PATH,
              env: pod.env.length > 0 ? pod.env.map(({ name, value }) => ({ name, value })) : undefined,
              ports: [
                { name: 'agent-server', containerPort: AGENT_SERVER_PORT },
                { name: 'vscode', containerPort: AGENT_VSCODE_PORT },
              ],
              readinessProbe: {
                httpGet: { path: pod.readinessPath ?? '/health', port: ProbePort.fromNumber(AGENT_SERVER_PORT) },
                initialDelaySeconds: 3,
                periodSeconds: 3,
                failureThreshold: 60,
              },
              resources: {
                requests: {
                  cpu: Request.fromString(pod.cpuRequest),
                  memory: Request.fromString(pod.memoryRequest),
                  ...(pod.ephemeralStorage && { 'ephemeral-storage': Request.fromString(pod.ephemeralStorage) }),
                },
                limits: {
                  memory: Limit.fromString(pod.memoryLimit),
                  ...(pod.ephemeralStorage && { 'ephemeral-storage': Limit.fromString(pod.ephemeralStorage) }),
                },
              },
              securityContext: restricted ? {
                allowPrivilegeEscalation: false,
                privileged: false,
                runAsNonRoot: true,
                readOnlyRootFilesystem: false,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              } : { privileged: true },
              volumeMounts: [{ name: WORKSPACE_VOLUME, mountPath: WORKSPACE_PATH }],
            }],
          },
        },
      },
    });
  }
}
