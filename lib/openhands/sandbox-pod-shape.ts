import { k8s } from '../../imports/k8s';
import { APP_PORTS, EXECUTION_SERVER_PORT, VSCODE_PORT } from './runtime-names';

/**
 * The fixed parts of the sandbox pod OpenHands' KubernetesRuntime creates, and of its hardened
 * form: one source of truth that both the pod construct renders and the admission policies admit.
 */

/** Name of the one container. */
export const RUNTIME_CONTAINER = 'runtime';
/** Name of the workspace volume. */
export const WORKSPACE_VOLUME = 'workspace-volume';
/** The container's working directory. */
export const RUNTIME_WORKING_DIR = '/openhands/code/';
/** The pod's restart policy. */
export const RUNTIME_RESTART_POLICY = 'Never';

/**
 * Capabilities a root sandbox gets back after dropping ALL: the Pod Security baseline set minus
 * MKNOD (no device nodes needed). Package managers chown, set owners, setuid/setgid bits and file
 * capabilities, switch users and chroot; NET_RAW, SYS_ADMIN and NET_ADMIN are never added.
 */
export const SANDBOX_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** A container port as OpenHands declares it (name only on 8080 and 8081). */
export interface RuntimePort {
  readonly containerPort: number;
  readonly name?: string;
}

/** The container's ports: 8080 `http`, 8081 `vscode` unless headless, then the app ports. */
export function runtimePorts(vscode: boolean): RuntimePort[] {
  return [
    { containerPort: EXECUTION_SERVER_PORT, name: 'http' },
    ...(vscode ? [{ containerPort: VSCODE_PORT, name: 'vscode' }] : []),
    ...APP_PORTS.map((port) => ({ containerPort: port })),
  ];
}

/** The readiness probe: HTTP GET /alive on 8080. OpenHands sets no liveness or startup probe. */
export const READINESS_PROBE = {
  path: '/alive', port: EXECUTION_SERVER_PORT, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 3,
} as const;

/** The readiness probe as the pod spec writes it. */
export function readinessProbe(): k8s.Probe {
  const { path, port, ...timing } = READINESS_PROBE;
  return { httpGet: { path, port: k8s.IntOrString.fromNumber(port) }, ...timing };
}

/** What the hardened profile adds to the container (see `SandboxHardening`). */
export interface ContainerHardening {
  /** Sets `allowPrivilegeEscalation: false`. */
  readonly noPrivilegeEscalation: boolean;
}

/**
 * The container's securityContext. OpenHands sets only `privileged`. Hardening drops every
 * capability but the baseline set a root sandbox needs and forbids privilege escalation, except
 * where the API server would reject that (privileged) or the agent needs it (sudo from a non-root user).
 */
export function containerSecurityContext(privileged: boolean, hardening?: ContainerHardening): k8s.SecurityContext {
  if (!hardening || privileged) return { privileged };
  return {
    privileged: false,
    ...(hardening.noPrivilegeEscalation && { allowPrivilegeEscalation: false }),
    capabilities: { drop: ['ALL'], add: SANDBOX_CAPABILITIES },
  };
}

/** The hardened pod's securityContext (OpenHands sets none). */
export const HARDENED_POD_SECURITY_CONTEXT = { seccompProfile: { type: 'RuntimeDefault' } } as const;

/** The port of each session Service (`-svc` to the action server, `-svc-code` to VS Code), as OpenHands creates them. */
export const SESSION_SERVICE_PORTS = {
  service: { portName: 'execution-server', port: EXECUTION_SERVER_PORT, targetPort: 'http' },
  codeService: { portName: 'code', port: VSCODE_PORT, targetPort: 'vscode' },
} as const;
