import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

/** Props of {@link SandboxServiceAccount}. */
export interface SandboxServiceAccountProps {
  /** ServiceAccount name. */
  readonly name: string;
  /** Namespace of the sandboxes. */
  readonly namespace: string;
  /** Labels of the ServiceAccount. */
  readonly labels: Record<string, string>;
}

/**
 * A ServiceAccount of their own for the sandbox pods, with no API permissions and no token
 * mounted, so an agent never holds the namespace default account's credentials.
 */
export class SandboxServiceAccount extends Construct {
  constructor(scope: Construct, id: string, props: SandboxServiceAccountProps) {
    super(scope, id);
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      automountServiceAccountToken: false,
    });
  }
}
