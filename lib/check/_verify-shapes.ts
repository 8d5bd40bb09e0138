import { z } from 'zod';
import { objectRef, StreamObject, streamLocation } from './stream';
import type { VerifyProblem } from './verify';

/*
 * The shape of every field verify's checks read, by kind: the one guard between a stream anyone
 * wrote (an overlay's output, a hand-made patch) and the checks, which may then read these fields
 * as typed. A field a check reads must be declared here; test/check/verify-shapes.test.ts fuzzes
 * real outputs to hold the two together. Absent and null fields are fine (the API server treats
 * null as unset); other fields pass through unchecked (the API server's own validation is for them).
 */

const text = z.string().nullish();
const stringMap = z.record(z.string(), z.string()).nullish();
/** Quantities: the API server also takes bare YAML numbers (`cpu: 1`). */
const quantities = z.record(z.string(), z.union([z.string(), z.number()])).nullish();
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();
const fields = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).nullish();
const labelSelector = fields({ matchLabels: stringMap });

const metadata = z.looseObject({ name: z.string(), namespace: text, labels: stringMap, annotations: stringMap });
const withSpec = (spec: z.ZodType) => z.looseObject({ metadata, spec: spec.nullish() });
const peers = list(z.looseObject({ podSelector: labelSelector }));
const policyConstraints = fields({ namespaceSelector: labelSelector, objectSelector: labelSelector });

const SHAPES: Record<string, z.ZodType> = {
  Pod: withSpec(z.looseObject({
    containers: list(z.looseObject({ image: text, resources: fields({ limits: quantities, requests: quantities }) })),
    volumes: list(z.looseObject({ persistentVolumeClaim: fields({ claimName: text }) })),
  })),
  PersistentVolumeClaim: withSpec(z.looseObject({ resources: fields({ requests: quantities }) })),
  LimitRange: withSpec(z.looseObject({ limits: list(z.looseObject({ type: text, max: quantities })) })),
  ResourceQuota: withSpec(z.looseObject({ hard: quantities })),
  Service: withSpec(z.looseObject({ selector: stringMap })),
  NetworkPolicy: withSpec(z.looseObject({
    podSelector: labelSelector,
    ingress: list(z.looseObject({ from: peers })),
    egress: list(z.looseObject({ to: peers })),
  })),
  ValidatingAdmissionPolicy: withSpec(z.looseObject({
    matchConstraints: policyConstraints,
    variables: list(z.looseObject({ name: text, expression: text })),
    validations: list(z.looseObject({ expression: text, message: text })),
  })),
  MutatingAdmissionPolicy: withSpec(z.looseObject({ matchConstraints: policyConstraints, mutations: list(z.looseObject({ jsonPatch: fields({ expression: text }) })) })),
  ValidatingAdmissionPolicyBinding: withSpec(z.looseObject({ matchResources: fields({ namespaceSelector: labelSelector }) })),
  MutatingAdmissionPolicyBinding: withSpec(z.looseObject({ matchResources: fields({ namespaceSelector: labelSelector }) })),
  ConfigMap: z.looseObject({ metadata, data: stringMap }),
  RoleBinding: z.looseObject({ metadata, subjects: list(z.looseObject({ kind: text, namespace: text })) }),
};
const ANY_KIND = z.looseObject({ metadata });

const EXPECTED: Record<string, string> = {
  array: 'a list', object: 'a mapping', record: 'a mapping', string: 'a string', number: 'a number',
};

/** What a YAML value is, for a message: `a number (5)`, `a list`, `null`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return `a ${typeof value} (${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
}

/** `spec.containers[0].resources`: a zod path as verify names fields. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * Fields of the stream's objects whose type is not what Kubernetes (and so verify) reads: each
 * named with its object, its document in the stream and its path. Empty when every object is
 * well-formed, which is what the other checks rely on.
 */
export function shapeProblems(objects: readonly StreamObject[]): VerifyProblem[] {
  return objects.flatMap((object, index) => {
    const result = (SHAPES[object.kind] ?? ANY_KIND).safeParse(object);
    if (result.success) return [];
    const document = streamLocation(object) ?? `object ${index + 1}`;
    return result.error.issues.map((issue): VerifyProblem => {
      const value = issue.path.reduce<any>((parent, key) => parent?.[key as any], object);
      const expected = issue.code === 'invalid_union' ? 'a quantity (a string such as "2Gi", or a number)' : EXPECTED[(issue as { expected?: string }).expected ?? ''] ?? 'another type';
      return {
        severity: 'error',
        object: objectRef(object),
        document,
        field: fieldPath(issue.path),
        message: `is ${describeValue(value)}, where Kubernetes expects ${expected}: the API server refuses the object, and verify cannot check it`,
        fix: 'correct the patch or overlay that wrote this field (synth writes it well-formed), then verify again',
      };
    });
  });
}
