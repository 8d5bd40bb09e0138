import { ApiObject } from 'cdk8s';
import { k8s } from '../../imports/k8s';

/** Marks a value the plain walk cannot turn into JSON by itself (a Lazy, a token, a class instance). */
const NOT_PLAIN = Symbol('not plain');

/**
 * The manifest of an L1 object, equal to `apiObject.toJson()` but several times cheaper for the
 * objects this project builds, whose props are plain values, Quantity and IntOrString.
 *
 * cdk8s' own `toJson` runs every value through its resolvers (looking the App up from each value,
 * copying the key path each time), then sanitizes and sorts; for thousands of objects that pass is
 * most of the synth time. This walk does the same sanitizing in one pass: drops undefined, unwraps
 * Quantity and IntOrString, sorts keys, and puts apiVersion, kind and metadata first. Anything it
 * does not know (a Lazy, a token, JSON patches) falls back to cdk8s' own `toJson`, so the output is
 * always what cdk8s would write (tests compare the two on every fixture).
 */
export function apiObjectJson(apiObject: ApiObject): Record<string, unknown> {
  if (((apiObject as unknown as { patches?: unknown[] }).patches ?? []).length > 0) return apiObject.toJson();
  const { props } = apiObject as unknown as { props: Record<string, unknown> };
  const body = plain({ ...props, metadata: metadataJson(apiObject) });
  if (body === NOT_PLAIN) return apiObject.toJson();
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = body as Record<string, unknown>;
  return { apiVersion: apiObject.apiVersion, kind: apiObject.kind, metadata, ...rest };
}

function plain(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map(plain);
    return items.includes(NOT_PLAIN) ? NOT_PLAIN : items;
  }
  if (value instanceof k8s.Quantity || value instanceof k8s.IntOrString) return value.value;
  // By prototype, not `value.constructor`: a user's label key "constructor" is an own property.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = plain((value as Record<string, unknown>)[key]);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item !== undefined) setOwn(result, key, item);
  }
  return result;
}

/** `object[key] = value`, except that a `__proto__` key becomes an own property instead of a prototype. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty costs several times an assignment; only `__proto__` needs it.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * `apiObject.metadata.toJson()` without cdk8s' sanitizer, which throws on a label or annotation
 * key named `constructor` and on prototype-free maps: the same fields, empty maps and lists left out.
 */
function metadataJson(apiObject: ApiObject): unknown {
  const metadata = apiObject.metadata as unknown as Record<string, unknown> & { _additionalAttributes: Record<string, unknown> };
  const fields: Record<string, unknown> = {
    ...metadata._additionalAttributes,
    name: metadata.name, namespace: metadata.namespace, annotations: metadata.annotations,
    finalizers: metadata.finalizers, ownerReferences: metadata.ownerReferences, labels: metadata.labels,
  };
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    const empty = Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    if (empty) delete fields[key];
  }
  return fields;
}
