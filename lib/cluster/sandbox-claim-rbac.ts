import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

/** Props of {@link SandboxClaimRbac}. */
export interface SandboxClaimRbacProps {
  /** Namespace of the sandboxes, where the Role applies. */
  readonly namespace: string;
  /** Labels of the objects. */
  readonly labels: Record<string, string>;
  /** The app server's ServiceAccount, emitted in its own namespace. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

/**
 * The OpenHands V1 app server's identity on agent-sandbox: its ServiceAccount, and a Role with
 * exactly what its Kubernetes sandbox service calls (claims created and deleted, sandboxes patched
 * to suspend and resume), bound in the sandbox namespace. No pods, no secrets, no wildcards.
 */
export class SandboxClaimRbac extends Construct {
  constructor(scope: Construct, id: string, props: SandboxClaimRbacProps) {
    super(scope, id);
    const account = props.serviceAccount;
    new k8s.KubeServiceAccount(this, 'Account', {
      metadata: { name: account.name, namespace: account.namespace, labels: props.labels },
    });
    const metadata = { name: account.name, namespace: props.namespace, labels: props.labels };
    new k8s.KubeRole(this, 'Resource', {
      metadata,
      rules: [
        { apiGroups: ['extensions.agents.x-k8s.io'], resources: ['sandboxclaims'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
        { apiGroups: ['agents.x-k8s.io'], resources: ['sandboxes'], verbs: ['get', 'list', 'watch', 'patch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account.name },
      subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: account.namespace }],
    });
  }
}
