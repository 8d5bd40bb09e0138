import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

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
