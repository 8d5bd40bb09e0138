import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { yamlDepthProblem } from '../config/yaml-depth';
import { CurrentDocuments } from './_current-documents';
import { dumpYaml } from './_yaml-emitter';
import type { RenderedDocument } from './document';
import type { ObjectRef } from './_plan-words';
import { StringList } from './_string-list';

/** How far a current file is read ahead for the next new document: at most this many documents... */
const LOOKAHEAD_DOCUMENTS = 64;
/** ...and this many characters. */
const LOOKAHEAD_CHARS = 4 * 1024 * 1024;

/** Objects as `Kind/name`: those only the new output has, only the current one has, and both with other content. */
export interface ObjectChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64');

/**
 * Keys with the place they were found, listed in that order at the end. The keys are kept as
 * bytes ({@link StringList}): a plan of 100,000 sessions finds 500,000.
 */
class Found {
  private readonly keys = new StringList();
  private readonly places: number[] = [];

  push(place: number, key: string): void {
    this.keys.push(key);
    this.places.push(place);
  }

  ordered(): string[] {
    // Usually found in order already (documents read in step): then the keys are read back as they are.
    const { keys, places } = this;
    if (places.every((place, index) => index === 0 || places[index - 1] <= place)) return [...keys];
    return places.map((_, index) => index).sort((a, b) => places[a] - places[b]).map((index) => keys.at(index));
  }
}

/** One current file's documents not yet matched, read ahead a little. */
class CurrentFile {
  readonly queue: string[] = [];
  private chars = 0;
  private done: boolean;

  constructor(private readonly documents: CurrentDocuments | undefined) {
    this.done = documents === undefined;
  }

  /** Where in the look-ahead the text is (reading ahead as allowed), or -1. */
  find(text: string): number {
    for (let index = 0; ; index++) {
      if (index === this.queue.length && (this.queue.length >= LOOKAHEAD_DOCUMENTS || this.chars >= LOOKAHEAD_CHARS || !this.pull())) return -1;
      if (this.queue[index] === text) return index;
    }
  }

  /** The first `count` documents of the look-ahead, taken out. */
  take(count: number): string[] {
    const taken = this.queue.splice(0, count);
    for (const text of taken) this.chars -= text.length;
    return taken;
  }

  /** Reads one more document into the look-ahead; false at the end of the file. */
  pull(): boolean {
    const text = this.done ? undefined : this.documents!.next();
    if (text === undefined) {
      this.done = true;
      return false;
    }
    this.queue.push(text);
    this.chars += text.length;
    return true;
  }

  get exhausted(): boolean {
    return this.done && this.queue.length === 0;
  }
}

/**
 * Compares an environment's new objects with those of its current output files, document by
 * document as they are rendered, in bounded memory. The current files are read in step with the
 * new documents: a document synth wrote and that did not change is the same text, found at the
 * head of the current file (or a few documents ahead, past removed ones) and compared as text, with
 * nothing kept. Only documents that differ are parsed (a text that differs may still be the same
 * object, written by another version or by hand) and remembered, by key and a hash of the object
 * as synth would write it, until their counterpart comes.
 */
export class ObjectComparison {
  private readonly files = new Map<string, CurrentFile>();
  private readonly waitingNew = new Map<string, { readonly place: number; readonly digest: string }>();
  private readonly waitingCurrent = new Map<string, { readonly place: number; readonly digest: string; readonly ref: ObjectRef }>();
  private readonly removedRefs: ObjectRef[] = [];
  private readonly added = new Found();
  private readonly removed = new Found();
  private readonly changed = new Found();
  private newPlace = 0;
  private currentPlace = 0;

  /**
   * @param outDir the output folder
   * @param perObject whether the new documents go to a file each (else all to one file, whose
   *   end means that no current object is left to come)
   */
  constructor(private readonly outDir: string, private readonly perObject: boolean) {}

  /** A new document, which goes to `path` in the output folder. */
  add(document: RenderedDocument, path: string): void {
    const place = this.newPlace++;
    const key = `${document.kind}/${document.name}`;
    const file = this.fileAt(path);
    const at = file.find(document.yaml);
    if (at !== -1) {
      const skipped = file.take(at + 1);
      for (let index = 0; index < at; index++) this.current(skipped[index], path);
    } else {
      this.unmatched(place, key, document.yaml, file);
    }
    // A per-object file holds one object: read it to its end now, so no file stays open.
    if (this.perObject) {
      this.drain(path, file);
      this.files.delete(path);
    }
  }

  /** A new document whose text the current file does not hold where expected: matched by key. */
  private unmatched(place: number, key: string, yaml: string, file: CurrentFile): void {
    const current = this.waitingCurrent.get(key);
    if (current) {
      this.waitingCurrent.delete(key);
      if (current.digest !== digest(yaml)) this.changed.push(place, key);
    } else if (!this.perObject && file.exhausted) {
      this.added.push(place, key); // the one current file is read to its end: nothing is left to match
    } else {
      this.waitingNew.set(key, { place, digest: digest(yaml) });
    }
  }

  /** Reads the rest of a current file, every document of it unmatched so far. */
  private drain(path: string, file: CurrentFile): void {
    while (file.pull());
    for (const text of file.take(file.queue.length)) this.current(text, path);
  }

  /** Reads the rest of the current files and returns the changes, each list in output order. */
  finish(): ObjectChanges {
    for (const [path, file] of this.files) this.drain(path, file);
    for (const [key, { place }] of this.waitingNew) this.added.push(place, key);
    for (const [key, { place }] of this.waitingCurrent) this.removed.push(place, key);
    const refs = new Map([...this.waitingCurrent].map(([key, { ref }]) => [key, ref]));
    this.waitingNew.clear();
    this.waitingCurrent.clear();
    const removed = this.removed.ordered();
    for (const key of removed) {
      const ref = refs.get(key);
      if (ref) this.removedRefs.push(ref);
    }
    return { added: this.added.ordered(), removed, changed: this.changed.ordered() };
  }

  /** After {@link finish}: the removed objects with what kubectl needs to delete them, in output order. */
  leftInCluster(): ObjectRef[] {
    return this.removedRefs;
  }

  /** The objects of these current files, every one as removed (an environment no config produces any more). */
  currentOnly(paths: readonly string[]): ObjectChanges {
    for (const path of paths) this.drain(path, this.fileAt(path)); // one file open at a time
    return this.finish();
  }

  private fileAt(path: string): CurrentFile {
    let file = this.files.get(path);
    if (!file) {
      file = new CurrentFile(CurrentDocuments.open(join(this.outDir, path)));
      this.files.set(path, file);
    }
    return file;
  }

  /** A current document whose text no new document has: parsed, and matched by key. */
  private current(text: string, path: string): void {
    for (const { key, digest: hash, ref } of currentObjects(text, join(this.outDir, path))) {
      const place = this.currentPlace++;
      const added = this.waitingNew.get(key);
      if (added) {
        this.waitingNew.delete(key);
        if (added.digest !== hash) this.changed.push(added.place, key);
      } else if (!this.waitingCurrent.has(key)) {
        this.waitingCurrent.set(key, { place, digest: hash, ref });
      }
    }
  }
}

/** The objects of a document's text, by `Kind/name`, each with the hash of its YAML as synth writes it. */
export function currentObjects(text: string, file: string): Array<{ readonly key: string; readonly digest: string; readonly ref: ObjectRef }> {
  const objects: Array<{ key: string; digest: string; ref: ObjectRef }> = [];
  const deep = yamlDepthProblem(text);
  if (deep) throw Object.assign(new Error(`${file} cannot be read as YAML (it ${deep.message}, line ${deep.line} of a document); it is not what synth writes`), { code: 'EFTYPE' });
  for (const document of parseAllDocuments(text, { prettyErrors: false })) {
    let object: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
    let yaml: string;
    try {
      // A generated file has no aliases; a handful is tolerated, a billion laughs is not.
      object = document.toJS({ maxAliasCount: 50 }) as typeof object;
      yaml = dumpYaml(object);
    } catch (error) {
      throw Object.assign(new Error(`${file} cannot be read as YAML (${(error as Error).message.split('\n')[0]}); it is not what synth writes`), { code: 'EFTYPE' });
    }
    const kind = object?.kind;
    const name = object?.metadata?.name;
    if (kind && name) {
      const namespace = object?.metadata?.namespace;
      const ref: ObjectRef = { apiVersion: String(object?.apiVersion), kind: String(kind), name: String(name), ...(namespace ? { namespace: String(namespace) } : {}) };
      objects.push({ key: `${kind}/${name}`, digest: digest(yaml), ref });
    }
  }
  return objects;
}
