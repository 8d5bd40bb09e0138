/** The Kustomize transformer configuration synth writes beside `kustomization.yaml`. */
export const KUSTOMIZE_CONFIG_FILE = 'kustomizeconfig.yaml';

/**
 * Where the sandbox namespace appears inside objects, beyond `metadata.namespace`: the namespace
 * selectors of the admission policies and their bindings. An overlay's `namespace:` rewrites the
 * paths listed under `namespace:` in a transformer configuration, and a base's `configurations:`
 * carry into every overlay built on it, so an overlay that moves the sandboxes moves what governs
 * them too. Kustomize cannot be told the opposite: its built-in label paths (Service selectors,
 * NetworkPolicy pod selectors) can be added to, never removed, and it gives cluster-scoped kinds
 * it does not know (the admission policies) a namespace; `openhands-k8s verify` names both.
 */
export const NAMESPACE_SELECTOR_PATHS: ReadonlyArray<readonly [kind: string, path: string]> = [
  ['ValidatingAdmissionPolicy', 'spec/matchConstraints/namespaceSelector/matchLabels/kubernetes.io\\/metadata.name'],
  ['ValidatingAdmissionPolicyBinding', 'spec/matchResources/namespaceSelector/matchLabels/kubernetes.io\\/metadata.name'],
  ['MutatingAdmissionPolicy', 'spec/matchConstraints/namespaceSelector/matchLabels/kubernetes.io\\/metadata.name'],
  ['MutatingAdmissionPolicyBinding', 'spec/matchResources/namespaceSelector/matchLabels/kubernetes.io\\/metadata.name'],
];

/** The text of {@link KUSTOMIZE_CONFIG_FILE}, with `header` as its first line. */
export function kustomizeConfigText(header: string): string {
  const specs = NAMESPACE_SELECTOR_PATHS.map(([kind, path]) => `  - kind: ${kind}\n    path: ${path}\n`).join('');
  return `${header}\n# An overlay's namespace: also rewrites the admission policies' namespace selectors.\nnamespace:\n${specs}`;
}
