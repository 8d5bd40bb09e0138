import { createHash, Hash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Bytes from which a {@link Chunks} keeps its parts compressed. */
export const RAW_BYTES = 32 * 1024 * 1024;

/**
 * A large output file's content, built part by part: its UTF-8 bytes, its SHA-256 computed as the
 * parts come, and never joined into one string. A single-file environment of 100,000 sessions is
 * hundreds of megabytes of YAML, more than V8's longest string (about 512 MiB) and more than memory should
 * hold: past {@link RAW_BYTES} the parts are kept compressed (a generated file compresses about
 * twentyfold). Below, compressing would cost more time than the memory it saves is worth.
 */
export class Chunks {
  /** The parts, raw until the content outgrows {@link RAW_BYTES}, compressed from then on. */
  private parts: Buffer[] = [];
  private compressed = false;
  private readonly hasher: Hash = createHash('sha256');
  private bytes = 0;
  private last = '';
  private digest?: string;

  /**
   * @param texts the first parts
   * @param rawBytes the size from which parts are kept compressed
   */
  constructor(texts: Iterable<string> = [], private readonly rawBytes = RAW_BYTES) {
    for (const text of texts) this.push(text);
  }

  /** Appends `text` (whole characters: a part never ends inside a surrogate pair); not once the hash was taken. */
  push(text: string): this {
    if (this.digest !== undefined) throw new Error('Chunks: cannot append once the hash was taken');
    if (text === '') return this;
    const raw = Buffer.from(text, 'utf8');
    this.hasher.update(raw);
    this.bytes += raw.length;
    this.last = text[text.length - 1];
    if (!this.compressed && this.bytes > this.rawBytes) {
      this.parts = this.parts.map(compress);
      this.compressed = true;
    }
    this.parts.push(this.compressed ? compress(raw) : raw);
    return this;
  }

  /** The content's length in UTF-8 bytes. */
  get byteLength(): number {
    return this.bytes;
  }

  /** The bytes its parts take in memory, compressed or not. */
  get storedBytes(): number {
    return this.parts.reduce((sum, part) => sum + part.byteLength, 0);
  }

  /** Whether the content ends with `\n`. */
  endsWithNewline(): boolean {
    return this.last === '\n';
  }

  /** `sha256:<hex>` of the content: that of the joined text. */
  hash(): string {
    this.digest ??= `sha256:${this.hasher.digest('hex')}`;
    return this.digest;
  }

  /** The content's bytes, part by part. */
  *buffers(): Generator<Buffer> {
    for (const part of this.parts) yield this.compressed ? inflateRawSync(part) : part;
  }

  /** The content as one string: only for contents that fit one (a diff, a test). */
  toString(): string {
    return [...this.buffers()].map((buffer) => buffer.toString('utf8')).join('');
  }
}

function compress(raw: Buffer): Buffer {
  const packed = deflateRawSync(raw, { level: 1 });
  // zlib's result is a view on a larger buffer (its 16 KiB chunk): keep a copy of just the bytes.
  return packed.byteLength < packed.buffer.byteLength ? Buffer.from(packed) : packed;
}

/** An output file's content: a string, or for a large file its {@link Chunks}. */
export type Content = string | Chunks;

/** The content's length in UTF-8 bytes. */
export function byteLength(content: Content): number {
  return typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
}

/** The content's bytes, part by part. */
export function* contentBuffers(content: Content): Generator<Buffer> {
  if (typeof content === 'string') yield Buffer.from(content, 'utf8');
  else yield* content.buffers();
}
