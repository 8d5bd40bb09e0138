import { standardLabels, Component } from '../openhands/labels';

/** The agent server's API port (`--port`); the app server calls it. */
export const AGENT_SERVER_PORT = 8000;
/** VS Code in the agent-server image; browsers reach it through the sandbox-router. */
export const AGENT_VSCODE_PORT = 8001;
/**
 * The first agent-server release (its image tag is the software-agent-sdk version) with
 * `GET /ready`, which answers 503 until VS Code and the tools are up; `/health` answers as soon as
 * the process listens.
 */
export const READY_ENDPOINT_SINCE: readonly [number, number, number] = [1, 11, 2];

/**
 * The readiness path for an agent-server image: `/ready` from {@link READY_ENDPOINT_SINCE} on,
 * `/health` for older tags and for images whose version cannot be read from the tag (a digest, a
 * branch or `latest`), since every release answers it.
 */
export function agentServerReadinessPath(image: string): '/ready' | '/health' {
  const version = /:v?(\d+)\.(\d+)\.(\d+)(?:-[A-Za-z0-9.-]+)?$/.exec(image.replace(/@sha256:[0-9a-f]+$/, ''));
  if (!version) return '/health';
  const [major, minor, patch] = version.slice(1).map(Number);
  const [m, n, p] = READY_ENDPOINT_SINCE;
  const atLeast = major !== m ? major > m : minor !== n ? minor > n : patch >= p;
  return atLeast ? '/ready' : '/health';
}

/** User and group the agent-server image runs as. */
export const AGENT_SERVER_UID = 10001;
/** Name of the workspace volume claim template, and of the volume the controller adds for it. */
export const WORKSPACE_VOLUME = 'workspace';
/** Where the workspace is mounted; the app server keeps conversations and the project under it. */
export const WORKSPACE_PATH = '/workspace';
/** Name of the ConfigMap with the sandbox-server's environment. */
export const SANDBOX_SERVER_ENV = 'openhands-sandbox-server-env';

/** Labels of an object of the agent-sandbox target: the standard labels, named for the agent server. */
export function agentSandboxLabels(component: Component, instance: string): Record<string, string> {
  return { ...standardLabels(component, instance), 'app.kubernetes.io/name': 'openhands-agent-server' };
}

/**
 * kube-linter and Polaris opt-outs for what the agent server does by design, each kube-linter
 * one with its reason (Polaris exemptions take only "true").
 */
export function agentServerLintExemptions(privileged: boolean): Record<string, string> {
  const reasons: Array<[check: string, polarisCheck: string, reason: string]> = [
    ['no-read-only-root-fs', 'notReadOnlyRootFilesystem', 'The agent server installs packages and tools into its root filesystem.'],
    ['unset-cpu-requirements', 'cpuLimitsMissing', 'A CPU request and deliberately no CPU limit, so builds can burst.'],
  ];
  if (privileged) {
    reasons.push(['privileged-container', 'runAsPrivileged', 'privileged = true in [kubernetes] (discouraged: prefer runtime_class).']);
    reasons.push(['privilege-escalation-container', 'privilegeEscalationAllowed', 'A privileged container always allows privilege escalation.']);
    reasons.push(['drop-net-raw-capability', 'insecureCapabilities', 'A privileged container holds every capability; dropping some would not confine it.']);
  }
  const annotations: Record<string, string> = {};
  for (const [check, polarisCheck, reason] of reasons) {
    annotations[`ignore-check.kube-linter.io/${check}`] = reason;
    annotations[`polaris.fairwinds.com/${polarisCheck}-exempt`] = 'true';
  }
  return annotations;
}
