import { dumpYaml } from './_yaml-emitter';
import type { KubeObject } from './render';

/** What the API-limit checks need of an object: its id and sizes, not the object itself. */
export interface ObjectSummary {
  readonly apiVersion: string;
  readonly kind: string;
  /** @default - cluster-scoped */
  readonly namespace?: string;
  readonly name: string;
  /** UTF-8 bytes of the object as JSON, which approximates its size in etcd. */
  readonly jsonBytes: number;
  /** UTF-8 bytes of its annotations' keys and values, which the API server bounds. */
  readonly annotationBytes: number;
}

/** One object ready to write: one YAML document (as `toYaml([object])` writes it) and its summary. */
export interface RenderedDocument extends ObjectSummary {
  readonly yaml: string;
}

/** The summary of an object. */
export function summaryOf(object: KubeObject): ObjectSummary {
  const { namespace, name, annotations } = object.metadata;
  let annotationBytes = 0;
  for (const [key, value] of Object.entries((annotations ?? {}) as Record<string, string>)) annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  return {
    apiVersion: object.apiVersion, kind: object.kind, namespace, name,
    jsonBytes: Buffer.byteLength(JSON.stringify(object)), annotationBytes,
  };
}

/** An object as one YAML document with its summary. */
export function documentOf(object: KubeObject): RenderedDocument {
  return { ...summaryOf(object), yaml: dumpYaml(object) };
}
