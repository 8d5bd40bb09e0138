import { objectRef, StreamObject } from './stream';
import { VerifyProblem } from './verify';

/** Cluster-scoped kinds an openhands-k8s output (or an overlay over it) can hold. */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'RuntimeClass', 'IngressClass',
  'PriorityClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'GatewayClass',
  'PersistentVolume', 'APIService',
]);

const POLICY_SELECTORS: Record<string, string> = {
  ValidatingAdmissionPolicy: 'spec.matchConstraints.namespaceSelector',
  MutatingAdmissionPolicy: 'spec.matchConstraints.namespaceSelector',
  ValidatingAdmissionPolicyBinding: 'spec.matchResources.namespaceSelector',
  MutatingAdmissionPolicyBinding: 'spec.matchResources.namespaceSelector',
};

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Admission policies and bindings that select another namespace than the sandboxes' (an overlay's
 * `namespace:` over a base without our transformer configuration, or a patch), and cluster-scoped
 * objects given a namespace (Kustomize does not know the admission policies are cluster-scoped).
 */
export function namespaceProblems(objects: readonly StreamObject[], sandboxNamespaces: readonly string[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  for (const object of objects) {
    const selectorPath = POLICY_SELECTORS[object.kind];
    if (selectorPath && sandboxNamespaces.length > 0) {
      const selector = selectorPath.split('.').reduce<any>((value, key) => value?.[key], object);
      const selected: unknown = selector?.matchLabels?.[NAME_LABEL];
      if (typeof selected === 'string' && !sandboxNamespaces.includes(selected)) {
        problems.push({
          severity: 'error',
          object: objectRef(object),
          field: `${selectorPath}.matchLabels[${NAME_LABEL}]`,
          message: `selects namespace "${selected}", but the sandboxes are in ${sandboxNamespaces.map((n) => `"${n}"`).join(', ')}: nothing governs what OpenHands creates there`,
          fix: `set kubernetes.namespace = "${sandboxNamespaces[0]}" and re-synth, or build the overlay on a synth output whose kustomization.yaml names kustomizeconfig.yaml (re-synth with this version)`,
        });
      }
    }
    if (CLUSTER_SCOPED_KINDS.has(object.kind) && object.metadata.namespace) {
      problems.push({
        severity: 'warning',
        object: objectRef(object),
        field: 'metadata.namespace',
        message: `is cluster-scoped but has namespace "${object.metadata.namespace}" (Kustomize's namespace: does not know this kind)`,
        // Kustomize runs patches before namespace:, so only an overlay over this one can remove it.
        fix: 'harmless to kubectl apply (the API server drops it); if a GitOps tool shows it as drift, remove /metadata/namespace in an overlay over this one',
      });
    }
  }
  return problems;
}
