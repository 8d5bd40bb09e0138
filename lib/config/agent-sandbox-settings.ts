import { AgentServerTemplateProps } from '../agent-sandbox/agent-server-template';
import { AgentServerWarmPoolProps } from '../agent-sandbox/agent-server-warm-pool';
import { SandboxRouterIngressProps } from '../agent-sandbox/sandbox-router-ingress';
import { SandboxRouterRouteProps } from '../agent-sandbox/sandbox-router-route';
import { AgentSandboxQuotaProps } from '../cluster/agent-sandbox-quota';
import { SandboxClaimPolicyProps } from '../cluster/sandbox-claim-policy';
import { SandboxClaimRbacProps } from '../cluster/sandbox-claim-rbac';
import { SandboxNamespaceProps } from '../cluster/sandbox-namespace';
import { SandboxServiceAccountProps } from '../cluster/sandbox-service-account';

/** Props a construct takes beyond the namespace and labels every object shares. */
type Own<Props> = Omit<Props, 'namespace' | 'labels'>;

/** The browser route to the sandbox-router, when one is asked for. */
export type BrowserRouteSettings =
  | { readonly kind: 'httproute'; readonly route: Own<SandboxRouterRouteProps> }
  | { readonly kind: 'ingress'; readonly ingress: Omit<SandboxRouterIngressProps, 'labels'>; readonly extraLabels: Record<string, string> };

/**
 * A configuration of target "agent-sandbox" resolved once into what its chart builds. It has a
 * `target` field, which the V0 {@link Settings} has not: that is how the two are told apart.
 */
export interface AgentSandboxSettings {
  /** The target this environment is built for. */
  readonly target: 'agent-sandbox';
  /** Environment name: the output file name and the `app.kubernetes.io/instance` label. */
  readonly name: string;
  /** Namespace of the sandboxes (and of the template and pool). */
  readonly namespace: string;
  /** How the output is laid out: one file, or one file per object. */
  readonly layout: 'file' | 'per-object';
  /** The Namespace with Pod Security labels; absent when not emitted. */
  readonly namespaceObject?: Own<SandboxNamespaceProps>;
  /** The sandboxes' own tokenless ServiceAccount. */
  readonly sandboxServiceAccount: Own<SandboxServiceAccountProps>;
  /** The app server's ServiceAccount, Role and RoleBinding; absent when not emitted. */
  readonly rbac?: Own<SandboxClaimRbacProps>;
  /** The SandboxTemplate. */
  readonly template: Own<AgentServerTemplateProps>;
  /** The SandboxWarmPool. */
  readonly warmPool: Own<AgentServerWarmPoolProps>;
  /** The sandbox-server's environment and the namespace of its ConfigMap (the app server's). */
  readonly serverEnv: { readonly namespace: string; readonly env: Record<string, string> };
  /** The browser route; absent with browser_routes = "none". */
  readonly browserRoute?: BrowserRouteSettings;
  /** The governance objects; an absent entry is not emitted. */
  readonly governance: {
    /** The namespace's `default` ServiceAccount, tokenless. */
    readonly defaultServiceAccount?: Own<SandboxServiceAccountProps>;
    /** The ResourceQuota and LimitRange. */
    readonly quota?: Own<AgentSandboxQuotaProps>;
    /** The validating policies on SandboxClaims and Sandbox patches. */
    readonly claimPolicy?: Own<SandboxClaimPolicyProps>;
  };
  /** The URLs the app server gives a sample sandbox, by exposed port name (printed by `plan`). */
  readonly sampleUrls: { readonly sandboxId: string; readonly urls: Record<string, string> };
  /** What the operator must still do by hand, printed by `plan`. */
  readonly notes: readonly string[];
}
