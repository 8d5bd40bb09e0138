import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

/**
 * Sandboxes a ResourceQuota admits beyond the configured number: room for one whose pod is
 * terminating. The quota counts a pod until it is gone (during its termination grace period, 30
 * seconds for OpenHands' pods and agent-sandbox's template alike, and up to that again past its
 * deletion timestamp), so when OpenHands deletes an old sandbox (V0: closing a conversation beyond
 * its limit) or the app server pauses the oldest (V1: beyond `max_num_sandboxes`) and at once
 * starts a new one, a quota sized exactly would refuse the new pod until the old is gone. One is
 * the common case (each start pauses or closes one); the quota can hold one more running sandbox
 * than configured for that long, which the count settings themselves (not the quota) prevent.
 */
export const TERMINATING_HEADROOM = 1;

/** What both targets' quota constructs emit: the quota's totals and the LimitRange's caps. */
export interface QuotaObjectsProps {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
  /** The ResourceQuota's hard totals, or undefined for none. */
  readonly hard?: Record<string, string>;
  /** Whether to emit the LimitRange. */
  readonly limitRange: boolean;
  /** Every container's ephemeral-storage default, request and cap. */
  readonly ephemeralStorage: string;
  /** Every container's memory cap. */
  readonly memoryLimit: string;
  /** Every volume claim's storage cap. */
  readonly storage: string;
}

/**
 * Adds the ResourceQuota (id `Resource`) and the LimitRange (id `LimitRange`) to `scope`: the
 * LimitRange gives every container the ephemeral-storage limit (before admission policies run)
 * and caps containers and claims at the configured sizes.
 */
export function addQuotaObjects(scope: Construct, props: QuotaObjectsProps): void {
  const q = (text: string) => k8s.Quantity.fromString(text);
  const metadata = { ...props.metadata };
  if (props.hard) {
    const hard = Object.fromEntries(Object.entries(props.hard).map(([key, value]) => [key, q(value)]));
    new k8s.KubeResourceQuota(scope, 'Resource', { metadata, spec: { hard } });
  }
  if (!props.limitRange) return;
  const storage = props.ephemeralStorage;
  new k8s.KubeLimitRange(scope, 'LimitRange', {
    metadata,
    spec: {
      limits: [
        {
          type: 'Container',
          default: { 'ephemeral-storage': q(storage) },
          defaultRequest: { 'ephemeral-storage': q(storage) },
          max: { 'ephemeral-storage': q(storage), memory: q(props.memoryLimit) },
        },
        { type: 'PersistentVolumeClaim', max: { storage: q(props.storage) } },
      ],
    },
  });
}
