import { Construct } from 'constructs';
import { scaleQuantity } from '../kube/quantity';
import { addQuotaObjects, TERMINATING_HEADROOM } from './_quota-objects';

export { TERMINATING_HEADROOM } from './_quota-objects';

/** Name of the ResourceQuota and the LimitRange. */
export const SANDBOX_QUOTA = 'openhands-sandboxes';

/** Props of {@link SandboxQuota}. */
export interface SandboxQuotaProps {
  /** Namespace of the sandboxes. */
  readonly namespace: string;
  /** Labels of the objects. */
  readonly labels: Record<string, string>;
  /** How many sandboxes may exist at once. */
  readonly maxSessions: number;
  /** CPU request of one sandbox. */
  readonly cpuRequest: string;
  /** Memory request of one sandbox. */
  readonly memoryRequest: string;
  /** Memory limit of one sandbox. */
  readonly memoryLimit: string;
  /** Ephemeral-storage limit (and, by defaulting, request) of one sandbox. */
  readonly ephemeralStorageLimit: string;
  /** Workspace size of one sandbox. */
  readonly storage: string;
  /** Emits the ResourceQuota. */
  readonly quota: boolean;
  /** Emits the LimitRange. */
  readonly limitRange: boolean;
}

/**
 * The quota's hard limits: `max_sessions` sandboxes, each with two Services and an Ingress, as
 * OpenHands creates them, plus {@link TERMINATING_HEADROOM} for a sandbox being deleted: its pod
 * and its workspace claim (which OpenHands deletes with the pod, and which the claim's protection
 * finalizer keeps until the pod is gone) still count. Services and Ingresses go at once.
 */
export function sandboxQuotaHard(props: SandboxQuotaProps): Record<string, string> {
  const n = props.maxSessions;
  const counted = n + TERMINATING_HEADROOM;
  return {
    pods: String(counted),
    persistentvolumeclaims: String(counted),
    services: String(2 * n),
    'services.loadbalancers': '0',
    'services.nodeports': '0',
    'count/ingresses.networking.k8s.io': String(n),
    'requests.cpu': scaleQuantity(props.cpuRequest, counted),
    'requests.memory': scaleQuantity(props.memoryRequest, counted),
    'limits.memory': scaleQuantity(props.memoryLimit, counted),
    'requests.storage': scaleQuantity(props.storage, counted),
    // A quota on ephemeral storage refuses pods that state none: only the LimitRange gives every
    // pod a request (the pods OpenHands creates state none, the mutating policy sets only the limit).
    ...(props.limitRange && {
      'requests.ephemeral-storage': scaleQuantity(props.ephemeralStorageLimit, counted),
      'limits.ephemeral-storage': scaleQuantity(props.ephemeralStorageLimit, counted),
    }),
  };
}

/**
 * Capacity of the sandbox namespace: a ResourceQuota admitting `max_sessions` sandboxes (and room
 * for one being deleted), and a LimitRange that gives every container the ephemeral-storage limit
 * (before admission policies run) and caps containers and claims at the configured sizes.
 */
export class SandboxQuota extends Construct {
  constructor(scope: Construct, id: string, props: SandboxQuotaProps) {
    super(scope, id);
    addQuotaObjects(this, {
      metadata: { name: SANDBOX_QUOTA, namespace: props.namespace, labels: props.labels },
      hard: props.quota ? sandboxQuotaHard(props) : undefined,
      limitRange: props.limitRange,
      ephemeralStorage: props.ephemeralStorageLimit,
      memoryLimit: props.memoryLimit,
      storage: props.storage,
    });
  }
}
