import { createHash } from 'node:crypto';
import { byteLength, Chunks, Content } from './content';
import { GENERATED_HEADER } from './files';

/** The file in the output folder that records what synth wrote there. */
export const MANIFEST_FILE = '.openhands-k8s-manifest.json';

/** What synth wrote: each file relative to the output folder, with the SHA-256 of its content. */
export interface OutputManifest {
  readonly files: ReadonlyMap<string, string>;
  /** Each file's size in bytes, where recorded (manifests written before 0.2 have none). */
  readonly sizes: ReadonlyMap<string, number>;
}

/** What the manifest records of one file. */
export interface FileRecord {
  readonly hash: string;
  readonly size: number;
}

/** `sha256:<hex>` of a file's content, as the manifest records it. */
export function contentHash(content: Content | Buffer): string {
  if (content instanceof Chunks) return content.hash();
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/**
 * Whether `path` is a plain relative path synth may own: `/`-separated segments of letters, digits,
 * `.`, `_` and `-`, none starting with `.` (so no `..`, no hidden files, no absolute path, no
 * backslash or drive letter). Anything else in a manifest is ignored, never followed.
 */
export function isOwnablePath(path: string): boolean {
  return path.length <= 4096 && /^(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(path);
}

/** The manifest's text for these output files: sorted, one line per file, stable across runs. */
export function manifestText(files: ReadonlyMap<string, Content>): string {
  return manifestOf(new Map([...files].map(([path, content]) => [path, { hash: contentHash(content), size: byteLength(content) }])));
}

/** What {@link manifestOf} reads: each file's record, by path. */
export interface ManifestRecords {
  keys(): Iterable<string>;
  get(path: string): FileRecord | undefined;
  /**
   * Every path with its record, sorted by path (JavaScript's order of strings), where the holder
   * can sort without a list of its paths; iterable twice (the manifest lists the paths twice).
   * @default - the paths of `keys()` are sorted, and each looked up with `get()`
   */
  sortedEntries?(): Iterable<readonly [string, FileRecord]>;
}

/**
 * The manifest's text from each file's hash and size: `files` (path to SHA-256) as ever, and
 * `sizes`, so that a file is compared by size before it is read (an 8 GB sparse file in place of
 * a generated one is told apart without reading it).
 */
export function manifestOf(records: ManifestRecords): string {
  return [...manifestParts(records)].join('');
}

/** The manifest's text is made and written in parts of this many lines. */
export const MANIFEST_LINES_PER_PART = 4096;

/**
 * The hash and size of the manifest {@link manifestParts} makes, without keeping its text: the
 * per-object layout of 100,000 sessions lists 500,000 files, about 100 MB of text.
 */
export function manifestDigest(records: ManifestRecords): FileRecord {
  const hasher = createHash('sha256');
  let size = 0;
  for (const part of manifestParts(records)) {
    const bytes = Buffer.from(part, 'utf8');
    hasher.update(bytes);
    size += bytes.length;
  }
  return { hash: `sha256:${hasher.digest('hex')}`, size };
}

/**
 * The manifest's text (see {@link manifestOf}) in parts of at most {@link MANIFEST_LINES_PER_PART}
 * lines, made as they are taken: a writer streams it and never holds it whole.
 */
export function* manifestParts(records: ManifestRecords): Generator<string> {
  // Sorted once, listed twice (hashes, then sizes).
  const sorted: Iterable<readonly [string, FileRecord]> = records.sortedEntries?.() ?? [...records.keys()].sort().map((path) => [path, records.get(path)!] as const);
  const lines = function* (line: (path: string, record: FileRecord) => string): Generator<string> {
    let part: string[] = [];
    let first = true;
    const flush = () => {
      const text = `${first ? '' : ',\n'}${part.join(',\n')}`;
      first = false;
      part = [];
      return text;
    };
    for (const [path, record] of sorted) {
      part.push(line(path, record));
      if (part.length === MANIFEST_LINES_PER_PART) yield flush();
    }
    if (part.length > 0) yield flush();
  };
  yield '{\n  "generator": "openhands-k8s",\n  "version": 1,\n  "files": {\n';
  yield* lines((path, { hash }) => `    ${JSON.stringify(path)}: ${JSON.stringify(hash)}`);
  yield '\n  },\n  "sizes": {\n';
  yield* lines((path, { size }) => `    ${JSON.stringify(path)}: ${size}`);
  yield '\n  }\n}\n';
}

/** Why a manifest's text is not one synth wrote (then nothing is trusted from it); undefined when it is one. */
export function manifestProblem(text: string): string | undefined {
  if (parseManifest(text)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `it holds ${data === null ? 'null' : Array.isArray(data) ? 'a list' : `a ${typeof data}`}, not an object`;
  return '"generator" is not "openhands-k8s" or "files" is not an object';
}

/** Reads a manifest's text; `undefined` when it is not one (then nothing is trusted from it). */
export function parseManifest(text: string): OutputManifest | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Any JSON value may sit there (`null`, a list, a number): only an object can be a manifest.
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { generator, files } = data as { generator?: unknown; files?: unknown };
  if (generator !== 'openhands-k8s' || typeof files !== 'object' || files === null || Array.isArray(files)) return undefined;
  const result = new Map<string, string>();
  for (const [path, hash] of Object.entries(files)) {
    if (isOwnablePath(path) && typeof hash === 'string' && /^sha256:[0-9a-f]{64}$/.test(hash)) result.set(path, hash);
  }
  const sizes = new Map<string, number>();
  const recorded = (data as { sizes?: unknown }).sizes;
  if (typeof recorded === 'object' && recorded !== null && !Array.isArray(recorded)) {
    for (const [path, size] of Object.entries(recorded)) if (result.has(path) && Number.isSafeInteger(size) && (size as number) >= 0) sizes.set(path, size as number);
  }
  return { files: result, sizes };
}

/**
 * Migration from versions without a manifest: the files a `kustomization.yaml` written by synth
 * lists, which carry synth's header themselves. `read` returns a file's content, if any.
 */
export function legacyOwnedFiles(read: (path: string) => string | undefined): Map<string, string> {
  const owned = new Map<string, string>();
  const kustomization = read('kustomization.yaml');
  if (!kustomization?.startsWith(GENERATED_HEADER)) return owned;
  owned.set('kustomization.yaml', contentHash(kustomization));
  for (const [, path] of kustomization.matchAll(/^ {2}- (.+)$/gm)) {
    if (!isOwnablePath(path)) continue;
    const content = read(path);
    if (content?.startsWith(GENERATED_HEADER)) owned.set(path, contentHash(content));
  }
  return owned;
}
