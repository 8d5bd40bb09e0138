import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

/** Name of the Role and RoleBinding. */
export const APP_SERVER_ROLE = 'openhands-runtime-manager';

/** Props of {@link AppServerRbac}. */
export interface AppServerRbacProps {
  /** Namespace of the sandboxes, where the Role applies. */
  readonly namespace: string;
  /** Labels of the Role and RoleBinding. */
  readonly labels: Record<string, string>;
  /**
   * The app server's ServiceAccount.
   * @default - no RoleBinding
   */
  readonly serviceAccount?: { readonly name: string; readonly namespace: string };
  /** Adds list and watch, for app servers that list their sandboxes. */
  readonly listWatch: boolean;
}

/**
 * The Role with exactly the calls OpenHands' KubernetesRuntime makes in the sandbox namespace,
 * and the RoleBinding to the app server's ServiceAccount. No wildcards, no pods/exec.
 */
export class AppServerRbac extends Construct {
  constructor(scope: Construct, id: string, props: AppServerRbacProps) {
    super(scope, id);
    const read = props.listWatch ? ['list', 'watch'] : [];
    const metadata = { name: APP_SERVER_ROLE, namespace: props.namespace, labels: props.labels };
    new k8s.KubeRole(this, 'Resource', {
      metadata,
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'create', 'delete', ...read] },
        { apiGroups: [''], resources: ['services'], verbs: ['create', 'delete', ...read] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create', 'delete', ...read] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['create', 'delete', ...read] },
      ],
    });
    if (!props.serviceAccount) return;
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: APP_SERVER_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount.name, namespace: props.serviceAccount.namespace }],
    });
  }
}
