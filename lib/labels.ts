/** The part a generated object plays, for the `app.kubernetes.io/component` label. */
export type Component = 'sandbox' | 'workspace' | 'execution-server' | 'vscode' | 'cluster';

/** Who manages the generated objects. */
export const MANAGED_BY = 'openhands-k8s';

/**
 * The recommended `app.kubernetes.io/*` labels of a generated object. They sit beside, never
 * instead of, the `app`/`session` labels OpenHands selects pods by.
 */
export function standardLabels(component: Component, instance: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'openhands-runtime',
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'openhands',
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}
