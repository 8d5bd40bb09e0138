/** The part a generated object plays, for the `app.kubernetes.io/component` label. */
export type Component = 'sandbox' | 'workspace' | 'execution-server' | 'vscode' | 'cluster';

import { selectorLabels } from './runtime-names';

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

/**
 * Labels of one session's object: the standard labels, then any extra labels from the config,
 * then the `app`/`session` selector labels last, so nothing can replace what Services select by.
 */
export function sessionLabels(component: Component, instance: string, sessionId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...standardLabels(component, instance), ...extra, ...selectorLabels(sessionId) };
}

/**
 * Labels of one session's object exactly as OpenHands sets them, plus any extra labels: the pod
 * gets `app` and `session`, the PVC, Services and Ingress none at all.
 * @returns undefined when the object has no labels.
 */
export function openhandsSessionLabels(component: Component, sessionId: string, extra: Record<string, string> = {}): Record<string, string> | undefined {
  const labels = { ...extra, ...(component === 'sandbox' ? selectorLabels(sessionId) : {}) };
  return Object.keys(labels).length > 0 ? labels : undefined;
}
