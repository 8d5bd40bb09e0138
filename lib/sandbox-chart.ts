import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppServerRbac } from './app-server-rbac';
import { Config } from './config';
import { standardLabels } from './labels';
import { SandboxNamespace } from './sandbox-namespace';
import { SandboxNetworkPolicy } from './sandbox-network-policy';
import { SandboxServiceAccount } from './sandbox-service-account';
import { SandboxSession } from './sandbox-session';
import { parseTolerations } from './tolerations';

/** Props of {@link SandboxChart}. */
export interface SandboxChartProps {
  /** A validated configuration. */
  readonly config: Config;
  /** Environment name: the `app.kubernetes.io/instance` label of every object. */
  readonly instance: string;
}

/**
 * One environment: the cluster-side pieces the sandboxes need (namespace, ServiceAccount, the app
 * server's RBAC, network isolation), then one {@link SandboxSession} per session id.
 */
export class SandboxChart extends Chart {
  /** Whether the Namespace object is emitted. */
  public readonly emitsNamespace: boolean;
  /** Whether the Role (and RoleBinding) are emitted. */
  public readonly emitsRbac: boolean;
  /** Whether the NetworkPolicy is emitted. */
  public readonly emitsNetworkPolicy: boolean;

  constructor(scope: Construct, id: string, props: SandboxChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { config, instance } = props;
    const { kubernetes: kube } = config;
    const manifests = config.extended.manifests;
    const hardened = manifests.security_profile === 'hardened';
    const labels = standardLabels('cluster', instance);
    this.emitsNamespace = (manifests.namespace ?? hardened) && kube.namespace !== 'default';
    this.emitsRbac = manifests.rbac ?? hardened;
    this.emitsNetworkPolicy = manifests.network_policy.enabled ?? hardened;

    if (this.emitsNamespace) {
      new SandboxNamespace(this, 'namespace', { name: kube.namespace, labels, privileged: kube.privileged });
    }
    if (hardened) {
      new SandboxServiceAccount(this, 'service-account', { name: manifests.sandbox_service_account, namespace: kube.namespace, labels });
    }
    if (this.emitsRbac) {
      const appServer = manifests.app_server;
      new AppServerRbac(this, 'rbac', {
        namespace: kube.namespace,
        labels,
        serviceAccount: appServer.service_account ? { name: appServer.service_account, namespace: appServer.namespace } : undefined,
        listWatch: appServer.list_watch,
      });
    }
    if (this.emitsNetworkPolicy) {
      new SandboxNetworkPolicy(this, 'network-policy', {
        namespace: kube.namespace,
        labels,
        appServerNamespace: manifests.app_server.namespace,
        appServerPodLabels: manifests.app_server.pod_labels,
        ingressControllerNamespace: manifests.headless ? undefined : manifests.network_policy.ingress_controller_namespace,
        allowEgressCidrs: manifests.network_policy.allow_egress_cidrs,
      });
    }

    const { tolerations } = parseTolerations(kube.tolerations_yaml);
    for (const sessionId of manifests.sessions) {
      new SandboxSession(this, `session-${sessionId}`, { sessionId, config, instance, tolerations });
    }
  }
}
