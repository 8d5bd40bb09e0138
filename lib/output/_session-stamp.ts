/**
 * Session stamping: the documents of session `sid` from those of two probe sessions, without
 * building or serializing its objects again.
 *
 * Every session of an environment is the same objects (five, three when headless) with only the
 * session id changed: the constructs put the id into names, labels and the host by concatenation.
 * So the constructs build two probe sessions whose ids differ in length, first character and
 * dashes, and both are serialized; where the two texts are the same around their ids, the text is
 * a template with the id as its only hole, and a session's YAML is that template filled with its
 * id. The stamp relies on one assumption, that the constructs use the id only inside strings;
 * the probes, the first session the caller builds and compares with its stamp, and tests on
 * random configs and ids check it. Three conditions it checks every time:
 *
 * - the probes' objects have the same structure and the same values except for strings holding
 *   the id (no key, count, order or number depends on it): otherwise there is no stamp;
 * - every string holding the id is written plain (unquoted) for both probes, so the id appears in
 *   the text as itself: otherwise there is no stamp;
 * - the same strings filled with the session's id are written plain too (`123`, `1e3` or `true`
 *   are not: such an id gets no stamped documents and is built by the constructs instead).
 */
import { dumpYaml } from './_yaml-emitter';
import { hostsOf, RenderedDocument } from './document';
import type { KubeObject } from './render';

/**
 * The probe session ids: valid session ids (DNS labels), one short and starting with a letter, one
 * of the longest length (36) starting with a digit and holding dashes. Neither contains the other
 * nor starts with its own end, so neither can be found where it is not.
 */
export const PROBE_IDS: readonly [string, string] = ['q7x0probe', '9-zk4w-v2-probe-session-jz-x7q2m0t5w'];

/** The ids a stamp fills in: ASCII letters, digits and dashes, whose UTF-8 length is their length. */
const STAMPABLE_ID = /^[a-z0-9-]{1,63}$/;

/** A text with a session id taken out: the parts between which the id goes. */
class IdTemplate {
  private readonly staticBytes: number;

  constructor(private readonly parts: readonly string[]) {
    this.staticBytes = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
  }

  /** How many times the id occurs. */
  get holes(): number {
    return this.parts.length - 1;
  }

  fill(id: string): string {
    return this.parts.length === 1 ? this.parts[0] : this.parts.join(id);
  }

  /** UTF-8 bytes of `fill(id)` for an ASCII id. */
  bytes(id: string): number {
    return this.staticBytes + this.holes * id.length;
  }

  /** Equal for equal templates. */
  get key(): string {
    return this.parts.join('\u0000');
  }
}

/** The template of two texts rendered for the two probes, when they are the same text around their ids. */
function templateOf(first: string, second: string): IdTemplate | undefined {
  const parts = first.split(PROBE_IDS[0]);
  const others = second.split(PROBE_IDS[1]);
  if (parts.length !== others.length || parts.some((part, index) => part !== others[index])) return undefined;
  return new IdTemplate(parts);
}

/** Whether a string is written as itself wherever it is a value (the top level is the strictest place). */
function writtenPlain(text: string): boolean {
  return dumpYaml(text) === `${text}\n`;
}

/**
 * Walks the two probes' objects side by side and collects the templates of the strings holding
 * the id. Returns how many ids the values hold, or undefined when the objects differ otherwise,
 * a key holds an id, or a string holding one is not written plain.
 */
function collectSlots(first: unknown, second: unknown, slots: Map<string, IdTemplate>): number | undefined {
  if (typeof first === 'string' && typeof second === 'string') {
    if (first === second && !first.includes(PROBE_IDS[0]) && !first.includes(PROBE_IDS[1])) return 0;
    const template = templateOf(first, second);
    if (!template || !writtenPlain(first) || !writtenPlain(second)) return undefined;
    slots.set(template.key, template);
    return template.holes;
  }
  if (typeof first !== 'object' || first === null || typeof second !== 'object' || second === null) return first === second ? 0 : undefined;
  if (Array.isArray(first) !== Array.isArray(second)) return undefined;
  const keys = Object.keys(first);
  const otherKeys = Object.keys(second);
  if (keys.length !== otherKeys.length) return undefined;
  let holes = 0;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    if (key !== otherKeys[index] || key.includes(PROBE_IDS[0]) || key.includes(PROBE_IDS[1])) return undefined;
    const found = collectSlots((first as Record<string, unknown>)[key], (second as Record<string, unknown>)[key], slots);
    if (found === undefined) return undefined;
    holes += found;
  }
  return holes;
}

/** An object's annotations as one text: keys and values, each followed by a newline. */
function annotationText(object: KubeObject): string {
  return Object.entries((object.metadata.annotations ?? {}) as Record<string, string>).map(([key, value]) => `${key}\n${value}\n`).join('');
}

/** The templates of one of a session's objects. */
interface ObjectStamp {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: IdTemplate;
  readonly yaml: IdTemplate;
  readonly json: IdTemplate;
  readonly annotations: IdTemplate;
  readonly annotationCount: number;
  readonly hosts: readonly IdTemplate[];
}

function objectStamp(first: KubeObject, second: KubeObject, slots: Map<string, IdTemplate>): ObjectStamp | undefined {
  const holes = collectSlots(first, second, slots);
  if (holes === undefined) return undefined;
  const name = templateOf(first.metadata.name, second.metadata.name);
  const yaml = templateOf(dumpYaml(first), dumpYaml(second));
  const json = templateOf(JSON.stringify(first), JSON.stringify(second));
  const annotations = templateOf(annotationText(first), annotationText(second));
  const [firstHosts, secondHosts] = [hostsOf(first), hostsOf(second)];
  const hosts = firstHosts.map((host, index) => templateOf(host, secondHosts[index] ?? ''));
  // The ids in the texts are exactly those in the values: none came from elsewhere.
  if (!name || !yaml || !json || !annotations || yaml.holes !== holes || json.holes !== holes) return undefined;
  if (firstHosts.length !== secondHosts.length || hosts.some((host) => host === undefined)) return undefined;
  const annotationCount = Object.keys(first.metadata.annotations ?? {}).length;
  return { apiVersion: first.apiVersion, kind: first.kind, namespace: first.metadata.namespace, name, yaml, json, annotations, annotationCount, hosts: hosts as IdTemplate[] };
}

/** The documents of any session of an environment, from its two probe sessions. */
export class SessionStamp {
  /**
   * The stamp of the probe sessions' objects, in construct order (the first probe's, then the
   * second's), or undefined when they are not the same objects around their ids.
   */
  static of(probeObjects: readonly KubeObject[]): SessionStamp | undefined {
    const count = probeObjects.length / 2;
    if (!Number.isInteger(count) || count === 0) return undefined;
    const slots = new Map<string, IdTemplate>();
    const objects: ObjectStamp[] = [];
    for (let index = 0; index < count; index++) {
      const stamp = objectStamp(probeObjects[index], probeObjects[count + index], slots);
      if (!stamp) return undefined;
      objects.push(stamp);
    }
    return new SessionStamp(objects, [...slots.values()]);
  }

  private constructor(private readonly objects: readonly ObjectStamp[], private readonly slots: readonly IdTemplate[]) {}

  /** How many objects a session has. */
  get objectsPerSession(): number {
    return this.objects.length;
  }

  /**
   * The documents of session `sid`, exactly as its objects would be written; undefined when some
   * string holding the id would not be written plain with this id (build those with the constructs).
   */
  documents(sid: string): RenderedDocument[] | undefined {
    if (!STAMPABLE_ID.test(sid)) return undefined;
    for (const slot of this.slots) if (!writtenPlain(slot.fill(sid))) return undefined;
    return this.objects.map((object) => ({
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name.fill(sid),
      jsonBytes: object.json.bytes(sid),
      // The annotation text has a newline after every key and value; the API counts neither.
      annotationBytes: object.annotations.bytes(sid) - 2 * object.annotationCount,
      ...(object.hosts.length > 0 && { hosts: object.hosts.map((host) => host.fill(sid)) }),
      yaml: object.yaml.fill(sid),
    }));
  }
}
