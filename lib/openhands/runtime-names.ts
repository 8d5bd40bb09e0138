/**
 * The names, labels and fixed numbers OpenHands' KubernetesRuntime uses. OpenHands attaches to an
 * existing pod named `openhands-runtime-<sid>`, so these must match it to the letter.
 */

/** Port of the action execution server in the sandbox. */
export const EXECUTION_SERVER_PORT = 8080;
/** Port of VS Code in the sandbox. */
export const VSCODE_PORT = 8081;
/** The annotation OpenHands puts on each session's Ingress, with its host, for external-dns. */
export const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';
/** Ports OpenHands reserves for apps the agent starts. */
export const APP_PORTS = [30082, 30083] as const;
/** The `app` label value shared by every sandbox pod. */
export const APP_LABEL = 'openhands-runtime';
/** Keys of the labels the Services select sandbox pods by; extra labels may never replace them. */
export const SELECTOR_LABEL_KEYS: readonly string[] = ['app', 'session'];
/**
 * Longest session id: `openhands-runtime-<sid>-ingress-code` and the Service names must stay
 * within 63 characters (OpenHands' 32-character hex ids give exactly 63).
 */
export const MAX_SESSION_ID_LENGTH = 36;
/** A session id's grammar (RE2 and JavaScript): a DNS-1123 label of at most {@link MAX_SESSION_ID_LENGTH} characters. */
export const SESSION_ID_PATTERN = `[a-z0-9]([-a-z0-9]{0,${MAX_SESSION_ID_LENGTH - 2}}[a-z0-9])?`;
/** An environment variable of the sandbox container. */
export interface SandboxEnvVar {
  readonly name: string;
  readonly value: string;
}

/**
 * The environment variables OpenHands itself sets in the sandbox, in its order: the one list
 * that both the pod and the rule against user variables of the same name read.
 */
export function openhandsEnv(debug: boolean): SandboxEnvVar[] {
  return [
    { name: 'port', value: String(EXECUTION_SERVER_PORT) },
    { name: 'PYTHONUNBUFFERED', value: '1' },
    { name: 'VSCODE_PORT', value: String(VSCODE_PORT) },
    ...(debug ? [{ name: 'DEBUG', value: 'true' }] : []),
  ];
}

/** Names OpenHands may set in the sandbox, which user variables must not reuse. */
export function reservedEnvVars(): string[] {
  return openhandsEnv(true).map(({ name }) => name);
}

/** The names of one session's objects. */
export interface RuntimeNames {
  readonly pod: string;
  readonly pvc: string;
  readonly service: string;
  readonly codeService: string;
  readonly ingress: string;
}

/** Names OpenHands gives the objects of session `sid`. */
export function runtimeNames(sid: string): RuntimeNames {
  const pod = `openhands-runtime-${sid}`;
  return { pod, pvc: `${pod}-pvc`, service: `${pod}-svc`, codeService: `${pod}-svc-code`, ingress: `${pod}-ingress-code` };
}

/** The selector labels of session `sid`'s pod. */
export function selectorLabels(sid: string): Record<string, string> {
  return { app: APP_LABEL, session: sid };
}
