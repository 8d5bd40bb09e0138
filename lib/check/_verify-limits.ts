import { compareQuantities, parseQuantity } from '../kube/quantity';
import { objectRef, StreamObject } from './stream';
import { VerifyProblem } from './verify';

/** One upper bound on a quantity of a pod's containers or of a claim, and who sets it. */
interface Bound {
  readonly kind: 'Pod' | 'PersistentVolumeClaim';
  /** `limits.memory`, `requests.cpu`, `requests.storage`... */
  readonly field: string;
  readonly max: string;
  /** The object that sets it. */
  readonly source: string;
  /** The config key that sets it. */
  readonly key: string;
  readonly namespace?: string;
}

const CONTAINER_KEYS: Record<string, string> = {
  'limits.memory': 'kubernetes.resource_memory_limit',
  'requests.memory': 'kubernetes.resource_memory_request',
  'requests.cpu': 'kubernetes.resource_cpu_request',
  'limits.ephemeral-storage': 'extended.manifests.governance.ephemeral_storage_limit',
  'requests.ephemeral-storage': 'extended.manifests.governance.ephemeral_storage_limit',
};

/** The LimitRanges' `max` entries as bounds. */
function limitRangeBounds(objects: readonly StreamObject[]): Bound[] {
  return objects.filter((o) => o.kind === 'LimitRange').flatMap((range) => (range.spec?.limits ?? []).flatMap((item: any) => {
    const kind = item.type === 'PersistentVolumeClaim' ? 'PersistentVolumeClaim' : item.type === 'Container' ? 'Pod' : undefined;
    if (!kind) return [];
    return Object.entries<string | number>(item.max ?? {}).flatMap(([resource, quantity]) => {
      const max = String(quantity);
      const fields = kind === 'Pod' ? [`limits.${resource}`, `requests.${resource}`] : [`requests.${resource}`];
      return fields.map((field) => ({ kind, field, max, source: `${objectRef(range)} (LimitRange max)`, key: kind === 'Pod' ? CONTAINER_KEYS[field] ?? '(config)' : 'kubernetes.pvc_storage_size', namespace: range.metadata.namespace } as Bound));
    });
  }));
}

/** A policy's validations with their checks: `variables.<rule>` resolved to the rule variable's expression. */
function checks(policy: StreamObject): Array<{ expression: string; message: string }> {
  const variables = new Map<string, string>((policy.spec?.variables ?? []).map((v: any) => [v.name, v.expression]));
  return (policy.spec?.validations ?? []).map((v: any) => ({
    expression: variables.get(/^variables\.(\w+)$/.exec(v.expression ?? '')?.[1] ?? '') ?? v.expression ?? '',
    message: v.message ?? '',
  }));
}

/** The admission policies' quantity bounds, read from the validations synth writes (and their messages' config key). */
function policyBounds(objects: readonly StreamObject[]): Bound[] {
  const bounds: Bound[] = [];
  for (const policy of objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')) {
    const namespace: string | undefined = policy.spec?.matchConstraints?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
    for (const validation of checks(policy)) {
      const expression = validation.expression;
      const key = /change (\S+) and regenerate/.exec(validation.message ?? '')?.[1] ?? '(config)';
      const source = `${policy.kind}/${policy.metadata.name}`;
      for (const [, kind, resource, max] of expression.matchAll(/quantity\(c\.resources\.(limits|requests)\["([^"]+)"\]\)\.compareTo\(quantity\("([^"]+)"\)\) <= 0/g)) {
        bounds.push({ kind: 'Pod', field: `${kind}.${resource}`, max, source, key, namespace });
      }
      for (const [, max] of expression.matchAll(/quantity\(object\.spec\.resources\.requests\.storage\)\.compareTo\(quantity\("([^"]+)"\)\) <= 0/g)) {
        bounds.push({ kind: 'PersistentVolumeClaim', field: 'requests.storage', max, source, key, namespace });
      }
    }
  }
  return bounds;
}

/** Each container's (or the claim's) quantities by field, with the field's path. */
function quantitiesOf(object: StreamObject): { field: string; path: string; value: string }[] {
  if (object.kind === 'PersistentVolumeClaim') {
    return Object.entries<string | number>(object.spec?.resources?.requests ?? {}).map(([resource, value]) => ({ field: `requests.${resource}`, path: `spec.resources.requests.${resource}`, value: String(value) }));
  }
  return (object.spec?.containers ?? []).flatMap((container: any, i: number) => ['limits', 'requests'].flatMap((kind) =>
    Object.entries<string | number>(container.resources?.[kind] ?? {}).map(([resource, value]) => ({ field: `${kind}.${resource}`, path: `spec.containers[${i}].resources.${kind}.${resource}`, value: String(value) }))));
}

/** Pods whose image the pods policy does not admit (an `images:` transformer, a patch). */
function imageProblems(objects: readonly StreamObject[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  for (const policy of objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')) {
    const namespace: string | undefined = policy.spec?.matchConstraints?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
    for (const validation of checks(policy)) {
      const image = /^object\.spec\.containers\.all\(c, c\.image == "([^"]+)"\)$/.exec(validation.expression)?.[1];
      if (!image) continue;
      for (const pod of objects.filter((o) => o.kind === 'Pod' && (!namespace || o.metadata.namespace === namespace))) {
        (pod.spec?.containers ?? []).forEach((container: any, i: number) => {
          if (container.image === image) return;
          problems.push({ severity: 'error', object: objectRef(pod), field: `spec.containers[${i}].image`, message: `${String(container.image)} is not the image ValidatingAdmissionPolicy/${policy.metadata.name} admits (${image}): the API server refuses the pod`, fix: 'change sandbox.runtime_container_image instead, and re-synth' });
        });
      }
    }
  }
  return problems;
}

/**
 * Pods and claims above what the LimitRange, the admission policies or the ResourceQuota admit
 * (a patch raising the memory limit builds fine and is refused at apply, or once OpenHands runs).
 */
export function limitProblems(objects: readonly StreamObject[]): VerifyProblem[] {
  const bounds = [...limitRangeBounds(objects), ...policyBounds(objects)];
  const problems: VerifyProblem[] = [];
  for (const object of objects.filter((o) => o.kind === 'Pod' || o.kind === 'PersistentVolumeClaim')) {
    for (const { field, path, value } of quantitiesOf(object)) {
      for (const bound of bounds) {
        if (bound.kind !== object.kind || bound.field !== field || (bound.namespace && bound.namespace !== object.metadata.namespace)) continue;
        if (compareQuantities(value, bound.max) !== 1) continue;
        problems.push({ severity: 'error', object: objectRef(object), field: path, message: `${value} is above ${bound.max}, the most ${bound.source} admits: the API server refuses it`, fix: `change ${bound.key} instead (it sets the object, the policies and the LimitRange together) and re-synth` });
      }
    }
  }
  return [...imageProblems(objects), ...problems, ...quotaProblems(objects)];
}

/** Totals of each namespace's pods and claims above its ResourceQuota's `hard`. */
function quotaProblems(objects: readonly StreamObject[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  for (const quota of objects.filter((o) => o.kind === 'ResourceQuota')) {
    const namespace = quota.metadata.namespace;
    const inNamespace = objects.filter((o) => o.metadata.namespace === namespace);
    const totals = new Map<string, number>([
      ['pods', inNamespace.filter((o) => o.kind === 'Pod').length],
      ['persistentvolumeclaims', inNamespace.filter((o) => o.kind === 'PersistentVolumeClaim').length],
      ['services', inNamespace.filter((o) => o.kind === 'Service').length],
    ]);
    for (const object of inNamespace.filter((o) => o.kind === 'Pod' || o.kind === 'PersistentVolumeClaim')) {
      for (const { field, value } of quantitiesOf(object)) {
        totals.set(field, (totals.get(field) ?? 0) + (parseQuantity(value)?.value ?? 0));
        if (field === 'requests.cpu' || field === 'requests.memory') totals.set(field.slice('requests.'.length), totals.get(field)!);
      }
    }
    for (const [resource, hard] of Object.entries<string>(quota.spec?.hard ?? {})) {
      const total = totals.get(resource);
      const limit = parseQuantity(String(hard))?.value;
      if (total === undefined || limit === undefined || total <= limit) continue;
      problems.push({ severity: 'error', object: objectRef(quota), field: `spec.hard.${resource}`, message: `is ${hard}, but the objects in ${namespace} add up to ${+total.toPrecision(6)}: the last of them would be refused`, fix: 'change extended.manifests.governance.max_sessions (or the per-session resources) instead, and re-synth' });
    }
  }
  return problems;
}
