import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { agentSandboxLabels } from '../agent-sandbox/agent-server';
import { AgentServerTemplate } from '../agent-sandbox/agent-server-template';
import { AgentServerWarmPool } from '../agent-sandbox/agent-server-warm-pool';
import { SandboxRouterIngress } from '../agent-sandbox/sandbox-router-ingress';
import { SandboxRouterRoute } from '../agent-sandbox/sandbox-router-route';
import { SandboxServerEnv } from '../agent-sandbox/sandbox-server-env';
import { AgentSandboxQuota } from '../cluster/agent-sandbox-quota';
import { SandboxClaimPolicy } from '../cluster/sandbox-claim-policy';
import { SandboxClaimRbac } from '../cluster/sandbox-claim-rbac';
import { SandboxNamespace } from '../cluster/sandbox-namespace';
import { SandboxServiceAccount } from '../cluster/sandbox-service-account';
import { AgentSandboxSettings } from '../config/agent-sandbox-settings';

/** Props of {@link AgentSandboxChart}. */
export interface AgentSandboxChartProps {
  /** The resolved settings of one environment of target "agent-sandbox". */
  readonly settings: AgentSandboxSettings;
}

/**
 * One environment of OpenHands V1 on agent-sandbox: the namespace, the sandboxes' ServiceAccount,
 * the app server's RBAC, the SandboxTemplate and SandboxWarmPool, the sandbox-server's
 * environment, the governance objects (tokenless default ServiceAccount, quota, LimitRange,
 * policies on claims and Sandbox patches) and, when asked for, the browser route to the
 * sandbox-router. It only composes.
 */
export class AgentSandboxChart extends Chart {
  /** The settings the chart was built from. */
  public readonly settings: AgentSandboxSettings;

  constructor(scope: Construct, id: string, props: AgentSandboxChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const settings = props.settings;
    this.settings = settings;
    const { namespace, name } = settings;
    const labels = agentSandboxLabels('cluster', name);
    const sandboxLabels = agentSandboxLabels('sandbox', name);

    if (settings.namespaceObject) new SandboxNamespace(this, 'namespace', { ...settings.namespaceObject, labels });
    new SandboxServiceAccount(this, 'service-account', { ...settings.sandboxServiceAccount, namespace, labels });
    if (settings.rbac) new SandboxClaimRbac(this, 'rbac', { ...settings.rbac, namespace, labels });
    new AgentServerTemplate(this, 'template', { ...settings.template, namespace, labels: sandboxLabels });
    new AgentServerWarmPool(this, 'warm-pool', { ...settings.warmPool, namespace, labels: sandboxLabels });
    new SandboxServerEnv(this, 'server-env', { ...settings.serverEnv, labels });

    const gov = settings.governance;
    if (gov.defaultServiceAccount) new SandboxServiceAccount(this, 'default-service-account', { ...gov.defaultServiceAccount, namespace, labels });
    if (gov.quota) new AgentSandboxQuota(this, 'quota', { ...gov.quota, namespace, labels });
    if (gov.claimPolicy) new SandboxClaimPolicy(this, 'claim-policy', { ...gov.claimPolicy, namespace, labels });

    const route = settings.browserRoute;
    const routeLabels = agentSandboxLabels('vscode', name);
    if (route?.kind === 'httproute') new SandboxRouterRoute(this, 'browser-route', { ...route.route, namespace, labels: routeLabels });
    if (route?.kind === 'ingress') new SandboxRouterIngress(this, 'browser-route', { ...route.ingress, labels: { ...route.extraLabels, ...routeLabels } });
  }
}
