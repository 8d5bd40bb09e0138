import { parseAllDocuments } from 'yaml';
import { ConfigError } from '../config/errors';
import { MANAGED_BY } from '../openhands/labels';

/** A Kubernetes object read from a YAML stream. */
export interface StreamObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [field: string]: any;
}

/** Where parseStream found each object: `document 3`, or `document 3, item 2` inside a List. */
const LOCATIONS = new WeakMap<object, string>();

/** Where in its stream {@link parseStream} read an object, or undefined for an object from elsewhere. */
export function streamLocation(object: StreamObject): string | undefined {
  return LOCATIONS.get(object);
}

/** `Kind/namespace/name` (or `Kind/name` without a namespace): how problems name an object. */
export function objectRef(object: StreamObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind}/${namespace ? `${namespace}/` : ''}${name}`;
}

/** Whether openhands-k8s generated the object (its `app.kubernetes.io/managed-by` label). */
export function isOurs(object: StreamObject): boolean {
  return object.metadata.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY;
}

/**
 * Every object of a multi-document YAML stream (`kubectl kustomize` output, synth --stdout, one
 * output file), with `List` documents flattened; empty documents skipped.
 * @throws ConfigError naming the source and the document when it is not YAML of Kubernetes objects.
 */
export function parseStream(text: string, source: string): StreamObject[] {
  const objects: StreamObject[] = [];
  const problems: { key: string; message: string }[] = [];
  parseAllDocuments(text, { uniqueKeys: false }).forEach((doc, index) => {
    const key = `document ${index + 1}`;
    if (doc.errors.length > 0) {
      problems.push({ key, message: `is not valid YAML: ${doc.errors[0].message.split('\n')[0]}` });
      return;
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) return;
    const list = isObject(value) && value.kind === 'List' && Array.isArray(value.items);
    const items: unknown[] = list ? value.items : [value];
    items.forEach((item: unknown, itemIndex: number) => {
      if (!isObject(item) || typeof item.kind !== 'string' || typeof item.apiVersion !== 'string' || !isObject(item.metadata) || typeof item.metadata.name !== 'string') {
        problems.push({ key, message: 'is not a Kubernetes object (apiVersion, kind and metadata.name)' });
      } else {
        objects.push(item as StreamObject);
        LOCATIONS.set(item, !list ? key : `${key}, item ${itemIndex + 1}`);
      }
    });
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return objects;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
