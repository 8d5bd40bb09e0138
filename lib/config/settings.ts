import { AgentSandboxSettings } from './agent-sandbox-settings';
import { AppServerRbacProps } from '../cluster/app-server-rbac';
import { SandboxNamespaceProps } from '../cluster/sandbox-namespace';
import { SandboxNetworkPolicyProps } from '../cluster/sandbox-network-policy';
import { SandboxServiceAccountProps } from '../cluster/sandbox-service-account';
import { SandboxPodSpec } from '../openhands/sandbox-pod';
import { SandboxExtraLabels, SandboxVscode, SandboxWorkspace } from '../openhands/sandbox-session';
import { GovernanceSettings } from './resolve-governance';

/** Props a cluster construct takes beyond the namespace and labels every object shares. */
type Own<Props> = Omit<Props, 'namespace' | 'labels'>;

/** The namespace-level objects of an environment; an absent entry is not emitted. */
export interface ClusterSettings extends GovernanceSettings {
  /** The Namespace with its Pod Security labels. */
  readonly namespace?: Own<SandboxNamespaceProps>;
  /** The sandboxes' own tokenless ServiceAccount. */
  readonly sandboxServiceAccount?: Own<SandboxServiceAccountProps>;
  /** The app server's Role and RoleBinding. */
  readonly rbac?: Own<AppServerRbacProps>;
  /** The sandboxes' NetworkPolicy. */
  readonly networkPolicy?: Own<SandboxNetworkPolicyProps>;
}

/**
 * A configuration resolved once into what the chart builds: every profile decision made, every
 * text parsed (tolerations as objects, the command line, the environment), nothing left to derive.
 */
export interface Settings {
  /** Environment name: the output file name and the `app.kubernetes.io/instance` label. */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** Whether the hardened profile applies (else exactly OpenHands' objects). */
  readonly hardened: boolean;
  /** Session ids to pre-provision. */
  readonly sessions: readonly string[];
  /** The sandbox pod every session shares. */
  readonly pod: SandboxPodSpec;
  /** Each session's workspace volume. */
  readonly workspace: SandboxWorkspace;
  /** VS Code's Service and Ingress; absent when headless. */
  readonly vscode?: SandboxVscode;
  /** Extra labels of the session objects. */
  readonly extraLabels: SandboxExtraLabels;
  /**
   * Annotations of every session object (GitOps sync options).
   * @default - none
   */
  readonly sessionAnnotations?: Record<string, string>;
  /** The namespace-level objects. */
  readonly cluster: ClusterSettings;
  /** How the output is laid out: one file, or one file per object. */
  readonly layout: 'file' | 'per-object';
}

/** The resolved settings of one environment, for either target. */
export type EnvironmentSettings = Settings | AgentSandboxSettings;

/** Whether the settings are for target "agent-sandbox" (only those carry a `target`). */
export function isAgentSandbox(settings: EnvironmentSettings): settings is AgentSandboxSettings {
  return 'target' in settings && settings.target === 'agent-sandbox';
}

/** One line about what an environment holds, for synth's and validate's summaries. */
export function environmentSummary(settings: EnvironmentSettings): string {
  return isAgentSandbox(settings)
    ? `agent-sandbox, pool ${settings.warmPool.name}`
    : `${settings.sessions.length} session(s)`;
}
