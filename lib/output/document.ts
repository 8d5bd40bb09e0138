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
  /**
   * The host names it routes (an Ingress' rules, an HTTPRoute's hostnames), which plan lists.
   * @default - none
   */
  readonly hosts?: readonly string[];
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
  const hosts = hostsOf(object);
  return {
    apiVersion: object.apiVersion, kind: object.kind, namespace, name,
    jsonBytes: Buffer.byteLength(JSON.stringify(object)), annotationBytes, ...(hosts.length > 0 && { hosts }),
  };
}

/** The host names an object routes: an Ingress' rules' hosts, an HTTPRoute's hostnames. */
export function hostsOf(object: KubeObject): string[] {
  const spec = object.spec as { rules?: Array<{ host?: string }>; hostnames?: string[] } | undefined;
  if (object.kind === 'Ingress') return (spec?.rules ?? []).flatMap((rule) => (rule.host === undefined ? [] : [rule.host]));
  if (object.kind === 'HTTPRoute') return [...(spec?.hostnames ?? [])];
  return [];
}

/** An object as one YAML document with its summary. */
export function documentOf(object: KubeObject): RenderedDocument {
  return { ...summaryOf(object), yaml: dumpYaml(object) };
}
