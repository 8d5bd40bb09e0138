import { agentSandboxProblems } from './_verify-agent-sandbox';
import { corsProblems } from './_verify-cors';
import { namespaceProblems } from './_verify-namespaces';
import { limitProblems } from './_verify-limits';
import { nameProblems } from './_verify-names';
import { selectorProblems } from './_verify-selectors';
import { shapeProblems } from './_verify-shapes';
import { StreamObject } from './stream';

/** One incoherence of a final YAML stream. */
export interface VerifyProblem {
  /** `error` breaks governance or OpenHands (exit 1); `warning` is harmless to the API server. */
  readonly severity: 'error' | 'warning';
  /** The object, as `Kind/namespace/name`. */
  readonly object: string;
  /** Where the object is in the stream (`document 3`), for a malformed object. */
  readonly document?: string;
  /** The field, as a dotted path. */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** What to change instead (a config key, or the overlay). */
  readonly fix: string;
}

/** What verify learned about the stream: where the sandboxes are, and what is wrong. */
export interface VerifyResult {
  /** The namespaces the sandboxes are in (where the generated namespace-level objects ended up). */
  readonly sandboxNamespaces: readonly string[];
  /** How many objects were read. */
  readonly objectCount: number;
  readonly problems: readonly VerifyProblem[];
}

/**
 * Checks a final YAML stream (synth's output after any Kustomize overlay, patch or GitOps tool)
 * for coherence: every admission policy and binding selects the namespace the sandboxes are in,
 * no cluster-scoped object carries a namespace, the agent-sandbox app server's environment and account stay in its namespace and name the
 * sandboxes', session objects keep the names OpenHands looks up, selectors select only labels the pods OpenHands
 * creates carry, and the pods and claims fit the LimitRange, the ResourceQuota and the policies'
 * limits. Each problem names the object, the field and the config key to change instead.
 */
export function verifyObjects(objects: readonly StreamObject[]): VerifyResult {
  // The checks read fields as Kubernetes types them: a malformed object is named, and nothing else is checked.
  const malformed = shapeProblems(objects);
  if (malformed.length > 0) return { sandboxNamespaces: [], objectCount: objects.length, problems: malformed };
  const sandboxNamespaces = findSandboxNamespaces(objects);
  return {
    sandboxNamespaces,
    objectCount: objects.length,
    problems: [
      ...namespaceProblems(objects, sandboxNamespaces),
      ...agentSandboxProblems(objects, sandboxNamespaces),
      ...corsProblems(objects),
      ...selectorProblems(objects),
      ...nameProblems(objects),
      ...limitProblems(objects),
    ],
  };
}

/** Kinds whose namespace is where the sandboxes are: the namespace-level objects synth generates for them. */
const SANDBOX_NAMESPACE_KINDS = new Set(['ResourceQuota', 'LimitRange', 'NetworkPolicy', 'Pod', 'PersistentVolumeClaim', 'SandboxTemplate', 'SandboxWarmPool']);

/**
 * The namespaces the sandboxes are in: those of the generated quota, LimitRange, NetworkPolicy,
 * pods, claims and agent-sandbox templates, else of the generated Namespace objects.
 */
export function findSandboxNamespaces(objects: readonly StreamObject[]): string[] {
  const found = new Set<string>();
  for (const object of objects) {
    if (SANDBOX_NAMESPACE_KINDS.has(object.kind) && object.metadata.namespace) found.add(object.metadata.namespace);
  }
  if (found.size === 0) for (const object of objects) if (object.kind === 'Namespace') found.add(object.metadata.name);
  return [...found].sort();
}

/** The problems as text, one per line: `error: Kind/ns/name field: message; fix` (with `(document N)` after a malformed object). */
export function formatProblems(result: VerifyResult): string {
  const lines = result.problems.map((p) => `${p.severity}: ${p.object}${p.document ? ` (${p.document})` : ''} ${p.field}: ${p.message}; ${p.fix}\n`);
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const where = result.sandboxNamespaces.length > 0 ? `sandboxes in ${result.sandboxNamespaces.join(', ')}` : 'no sandbox namespace found';
  const summary = errors === 0
    ? `ok: ${result.objectCount} objects are coherent (${where})${lines.length > 0 ? `, ${lines.length} warning(s)` : ''}\n`
    : result.problems.some((p) => p.document)
      ? `${errors} malformed field(s) in ${result.objectCount} objects: correct them, then verify checks the stream's coherence\n`
      : `${errors} problem(s) in ${result.objectCount} objects (${where})\n`;
  return lines.join('') + summary;
}
