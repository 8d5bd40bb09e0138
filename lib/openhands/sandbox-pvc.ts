import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

/** Props of {@link SandboxPvc}. */
export interface SandboxPvcProps {
  /** Claim name, `openhands-runtime-<sid>-pvc`. */
  readonly name: string;
  /** Namespace of the claim. */
  readonly namespace: string;
  /**
   * Labels of the claim.
   * @default - no labels, as OpenHands creates it
   */
  readonly labels?: Record<string, string>;
  /** Requested storage, written exactly as configured. */
  readonly storage: string;
  /**
   * StorageClass name. `""` is kept: it disables dynamic provisioning.
   * @default - no storageClassName: the cluster's default class
   */
  readonly storageClassName?: string;
}

/** The workspace volume claim of one sandbox session. */
export class SandboxPvc extends Construct {
  /** The claim's name, for the pod's volume. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SandboxPvcProps) {
    super(scope, id);
    this.name = props.name;
    new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: k8s.Quantity.fromString(props.storage) } },
        ...(props.storageClassName !== undefined && { storageClassName: props.storageClassName }),
      },
    });
  }
}
