import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppServerRbac } from '../cluster/app-server-rbac';
import { SandboxNamespace } from '../cluster/sandbox-namespace';
import { SandboxNetworkPolicy } from '../cluster/sandbox-network-policy';
import { SandboxServiceAccount } from '../cluster/sandbox-service-account';
import { SandboxMutatingPolicy } from '../cluster/sandbox-mutating-policy';
import { SandboxQuota } from '../cluster/sandbox-quota';
import { SandboxValidatingPolicy } from '../cluster/sandbox-validating-policy';
import { Settings } from '../config/settings';
import { standardLabels } from '../openhands/labels';
import { SandboxSession } from '../openhands/sandbox-session';

/** Props of {@link SandboxChart}. */
export interface SandboxChartProps {
  /** The resolved settings of one environment (see `resolveSettings`). */
  readonly settings: Settings;
  /**
   * The sessions this chart holds, for rendering a large environment in batches.
   * @default - every session of the settings
   */
  readonly sessions?: readonly string[];
  /**
   * Whether this chart holds the namespace-level objects (one batch of an environment does).
   * @default true
   */
  readonly includeCluster?: boolean;
}

/**
 * One environment: the namespace-level objects the sandboxes need (namespace, ServiceAccount, the
 * app server's RBAC, network isolation), then one {@link SandboxSession} per session id. It only
 * composes: every decision was made when the settings were resolved.
 */
export class SandboxChart extends Chart {
  /** The settings the chart was built from. */
  public readonly settings: Settings;

  constructor(scope: Construct, id: string, props: SandboxChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const settings = props.settings;
    this.settings = settings;
    const { namespace, cluster } = settings;
    const labels = standardLabels('cluster', settings.name);

    const includeCluster = props.includeCluster ?? true;
    if (includeCluster && cluster.namespace) new SandboxNamespace(this, 'namespace', { ...cluster.namespace, labels });
    if (includeCluster && cluster.sandboxServiceAccount) new SandboxServiceAccount(this, 'service-account', { ...cluster.sandboxServiceAccount, namespace, labels });
    if (includeCluster && cluster.rbac) new AppServerRbac(this, 'rbac', { ...cluster.rbac, namespace, labels });
    if (includeCluster && cluster.networkPolicy) new SandboxNetworkPolicy(this, 'network-policy', { ...cluster.networkPolicy, namespace, labels });
    if (includeCluster && cluster.defaultServiceAccount) new SandboxServiceAccount(this, 'default-service-account', { ...cluster.defaultServiceAccount, namespace, labels });
    if (includeCluster && cluster.quota) new SandboxQuota(this, 'quota', { ...cluster.quota, namespace, labels });
    if (includeCluster && cluster.mutatingPolicy) new SandboxMutatingPolicy(this, 'mutating-policy', { ...cluster.mutatingPolicy, namespace, labels });
    if (includeCluster && cluster.validatingPolicy) new SandboxValidatingPolicy(this, 'validating-policy', { ...cluster.validatingPolicy, namespace, labels });

    for (const sessionId of props.sessions ?? settings.sessions) {
      new SandboxSession(this, `session-${sessionId}`, {
        sessionId,
        namespace,
        instance: settings.name,
        pod: settings.pod,
        workspace: settings.workspace,
        vscode: settings.vscode,
        extraLabels: settings.extraLabels,
        standardLabels: settings.hardened,
        annotations: settings.sessionAnnotations,
      });
    }
  }
}
