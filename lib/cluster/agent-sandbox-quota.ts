import { Construct } from 'constructs';
import { scaleQuantity } from '../kube/quantity';
import { addQuotaObjects, TERMINATING_HEADROOM } from './_quota-objects';
import { SANDBOX_QUOTA } from './sandbox-quota';

/** Props of {@link AgentSandboxQuota}. */
export interface AgentSandboxQuotaProps {
  /** Namespace of the sandboxes. */
  readonly namespace: string;
  /** Labels of the objects. */
  readonly labels: Record<string, string>;
  /** Sandboxes running at once (`max_num_sandboxes`): the app server pauses the oldest beyond it. */
  readonly maxRunning: number;
  /** Sandboxes that may exist at once, running or paused (`governance.max_sessions`). */
  readonly maxSandboxes: number;
  /** Pre-warmed sandboxes of the warm pool, which run without a claim. */
  readonly warmReplicas: number;
  /** CPU request of one sandbox. */
  readonly cpuRequest: string;
  /** Memory request of one sandbox. */
  readonly memoryRequest: string;
  /** Memory limit of one sandbox. */
  readonly memoryLimit: string;
  /** Ephemeral-storage request and limit of one sandbox. */
  readonly ephemeralStorage: string;
  /** Workspace size of one sandbox. */
  readonly storage: string;
  /** Emits the ResourceQuota. */
  readonly quota: boolean;
  /** Emits the LimitRange. */
  readonly limitRange: boolean;
}

/**
 * The quota's hard limits on agent-sandbox: pods, CPU, memory and ephemeral storage for the
 * running sandboxes (a paused one keeps its claim, Sandbox, Service and volume but no pod) plus
 * {@link TERMINATING_HEADROOM} for the pod of the sandbox the app server just paused to start
 * another, claims for the sandboxes that exist, and Sandboxes, headless Services and volumes for
 * those plus the warm pool's.
 */
export function agentSandboxQuotaHard(props: AgentSandboxQuotaProps): Record<string, string> {
  const pods = props.maxRunning + props.warmReplicas + TERMINATING_HEADROOM;
  const sandboxes = props.maxSandboxes + props.warmReplicas;
  return {
    pods: String(pods),
    'count/sandboxclaims.extensions.agents.x-k8s.io': String(props.maxSandboxes),
    'count/sandboxes.agents.x-k8s.io': String(sandboxes),
    persistentvolumeclaims: String(sandboxes),
    services: String(sandboxes),
    'services.loadbalancers': '0',
    'services.nodeports': '0',
    'requests.cpu': scaleQuantity(props.cpuRequest, pods),
    'requests.memory': scaleQuantity(props.memoryRequest, pods),
    'limits.memory': scaleQuantity(props.memoryLimit, pods),
    'requests.ephemeral-storage': scaleQuantity(props.ephemeralStorage, pods),
    'limits.ephemeral-storage': scaleQuantity(props.ephemeralStorage, pods),
    'requests.storage': scaleQuantity(props.storage, sandboxes),
  };
}

/**
 * Capacity of the agent-sandbox namespace: a ResourceQuota sized from `max_num_sandboxes` (what
 * runs) and `governance.max_sessions` (what exists), and a LimitRange capping every container and
 * volume claim at the template's sizes.
 */
export class AgentSandboxQuota extends Construct {
  constructor(scope: Construct, id: string, props: AgentSandboxQuotaProps) {
    super(scope, id);
    addQuotaObjects(this, {
      metadata: { name: SANDBOX_QUOTA, namespace: props.namespace, labels: props.labels },
      hard: props.quota ? agentSandboxQuotaHard(props) : undefined,
      limitRange: props.limitRange,
      ephemeralStorage: props.ephemeralStorage,
      memoryLimit: props.memoryLimit,
      storage: props.storage,
    });
  }
}
