import { APP_LABEL } from '../openhands/runtime-names';
import { isOurs, objectRef, StreamObject } from './stream';
import { VerifyProblem } from './verify';

const PEER_FIX = 'use labels: with includeSelectors: false (commonLabels, and labels with includeSelectors: true, add the label to NetworkPolicy peer selectors too)';
const LABEL_FIX = 'use labels: with includeSelectors: false (not commonLabels, nor labels with includeSelectors: true), or set extended.manifests.pod_labels to give the label to the pods too';

/**
 * Labels the pods OpenHands creates carry: `app` and `session` (OpenHands' own), plus those the
 * stream's MutatingAdmissionPolicy adds (read from its JSON patches).
 */
export function openhandsPodLabels(objects: readonly StreamObject[]): Map<string, string | undefined> {
  const labels = new Map<string, string | undefined>([['app', APP_LABEL], ['session', undefined]]);
  for (const object of objects) {
    if (object.kind !== 'MutatingAdmissionPolicy') continue;
    for (const mutation of object.spec?.mutations ?? []) {
      const expression: string = mutation.jsonPatch?.expression ?? '';
      for (const [, key, value] of expression.matchAll(/path: "\/metadata\/labels\/" \+ jsonpatch\.escapeKey\("([^"]+)"\), value: "([^"]*)"/g)) labels.set(key, value);
    }
  }
  return labels;
}

/**
 * Label pairs an overlay added to every generated object (`commonLabels`, `labels`): present on
 * each object carrying our managed-by label, and not among the labels synth itself sets.
 */
export function overlayLabels(objects: readonly StreamObject[]): Map<string, string> {
  const ours = objects.filter(isOurs);
  if (ours.length === 0) return new Map();
  const common = new Map(Object.entries(ours[0].metadata.labels ?? {}));
  for (const object of ours.slice(1)) {
    for (const [key, value] of common) if (object.metadata.labels?.[key] !== value) common.delete(key);
  }
  for (const key of common.keys()) if (key.startsWith('app.kubernetes.io/')) common.delete(key);
  return common;
}

/**
 * Selectors that select labels the pods they are meant for never carry: a Service, NetworkPolicy
 * or admission policy aimed at OpenHands' pods with a label OpenHands does not set, and a
 * NetworkPolicy peer (DNS, app server, ingress controller) with a label an overlay added.
 */
export function selectorProblems(objects: readonly StreamObject[]): VerifyProblem[] {
  const podLabels = openhandsPodLabels(objects);
  const added = overlayLabels(objects);
  const problems: VerifyProblem[] = [];
  const checkPodSelector = (object: StreamObject, field: string, selector: Record<string, string> | undefined, what: string) => {
    for (const [key, value] of Object.entries(selector ?? {})) {
      if (podLabels.has(key) && (podLabels.get(key) === undefined || podLabels.get(key) === value)) continue;
      problems.push({ severity: 'error', object: objectRef(object), field: `${field}[${key}]`, message: `selects ${key}=${value}, which the pods OpenHands creates never carry: ${what}`, fix: LABEL_FIX });
    }
  };
  const checkPeer = (object: StreamObject, field: string, selector: Record<string, string> | undefined) => {
    for (const [key, value] of Object.entries(selector ?? {})) {
      if (added.get(key) !== value) continue;
      problems.push({ severity: 'error', object: objectRef(object), field: `${field}[${key}]`, message: `selects ${key}=${value}, a label the overlay added to every generated object, which the peer's pods (DNS, the app server) do not carry: that traffic is blocked`, fix: PEER_FIX });
    }
  };
  for (const object of objects) {
    const spec = object.spec ?? {};
    if (object.kind === 'Service' && spec.selector?.app === APP_LABEL) {
      checkPodSelector(object, 'spec.selector', spec.selector, 'the Service reaches no sandbox OpenHands (re)creates');
    } else if (object.kind === 'NetworkPolicy' && isOurs(object)) {
      // synth writes expressions, which label transformers leave alone; labels a patch adds are checked.
      checkPodSelector(object, 'spec.podSelector.matchLabels', spec.podSelector?.matchLabels, 'the sandboxes OpenHands creates are no longer isolated');
      (spec.ingress ?? []).forEach((rule: any, i: number) => (rule.from ?? []).forEach((peer: any, j: number) => checkPeer(object, `spec.ingress[${i}].from[${j}].podSelector.matchLabels`, peer.podSelector?.matchLabels)));
      (spec.egress ?? []).forEach((rule: any, i: number) => (rule.to ?? []).forEach((peer: any, j: number) => checkPeer(object, `spec.egress[${i}].to[${j}].podSelector.matchLabels`, peer.podSelector?.matchLabels)));
    } else if (/^(Validating|Mutating)AdmissionPolicy$/.test(object.kind) && isOurs(object)) {
      const selector = spec.matchConstraints?.objectSelector?.matchLabels;
      if (selector) checkPodSelector(object, 'spec.matchConstraints.objectSelector.matchLabels', selector, 'the policy no longer applies to them');
    }
  }
  return problems;
}
