/** UTF-8 never has this byte: it marks a string kept as UTF-16 (one with surrogates). */
const UTF16_MARK = 0xff;
/** A UTF-16 surrogate, paired or not (a lone one has no UTF-8 form). */
const SURROGATE = /[\uD800-\uDFFF]/;
/** Bytes are kept in blocks of this size, never copied as the list grows (a longer string gets a block of its own). */
const BLOCK = 1 << 20;

/**
 * A list of strings kept as bytes in blocks outside the JavaScript heap: 500,000 object names,
 * output paths or plan keys (100,000 sessions) take their bytes and 12 more each, where as many
 * strings take about twice their length and more inside the heap, which grows by a multiple of
 * what it holds. Read back one by one, or sorted without making a string for each.
 *
 * Exact: each string is stored as UTF-8 (lossless for a string without surrogates) or, when it has
 * surrogates (a lone one has no UTF-8 form), as its UTF-16 code units after a byte UTF-8 never has,
 * so two strings have the same bytes only if they are equal ({@link pendingEquals}).
 */
export class StringList {
  private readonly blocks: Buffer[] = [];
  /** The block being filled, and how much of it is. */
  private bytes = Buffer.allocUnsafe(1 << 12);
  private used = 0;
  /** The length of the bytes {@link encode} put right after `used` (kept there by {@link push}). */
  private pending = 0;
  /** Each string's block, and where its bytes start and end in it. */
  private blockOf = new Uint32Array(1 << 8);
  private starts = new Uint32Array(1 << 8);
  private ends = new Uint32Array(1 << 8);
  private count = 0;
  /** Whether every string so far is ASCII, whose byte order is JavaScript's string order. */
  private ascii = true;

  /** How many strings the list holds. */
  get length(): number {
    return this.count;
  }

  /** Adds `text` at the end; returns its index. */
  push(text: string): number {
    this.encode(text);
    return this.pushPending(text);
  }

  /** The string at `index`. */
  at(index: number): string {
    if (!(index >= 0 && index < this.count)) throw new RangeError(`no string at ${index} of ${this.count}`);
    const bytes = this.blockAt(index);
    const start = this.starts[index];
    const end = this.ends[index];
    return end > start && bytes[start] === UTF16_MARK ? bytes.toString('utf16le', start + 1, end) : bytes.toString('utf8', start, end);
  }

  /** The strings in order. */
  *[Symbol.iterator](): Generator<string> {
    for (let index = 0; index < this.count; index++) yield this.at(index);
  }

  /**
   * The indexes of the strings in JavaScript's order of strings (that of `[...strings].sort()`),
   * made without a string for each (ASCII strings are compared as bytes).
   */
  sortedIndexes(): Uint32Array {
    const indexes = new Uint32Array(this.count);
    for (let index = 0; index < this.count; index++) indexes[index] = index;
    if (this.ascii) {
      const { starts, ends } = this;
      return indexes.sort((a, b) => {
        const aBytes = this.blockAt(a);
        const bBytes = this.blockAt(b);
        const aEnd = ends[a];
        const bEnd = ends[b];
        for (let i = starts[a], j = starts[b]; ; i++, j++) {
          if (i === aEnd) return j === bEnd ? 0 : -1;
          if (j === bEnd) return 1;
          if (aBytes[i] !== bBytes[j]) return aBytes[i] - bBytes[j];
        }
      });
    }
    const strings = [...this];
    return indexes.sort((a, b) => (strings[a] < strings[b] ? -1 : strings[a] > strings[b] ? 1 : 0));
  }

  /**
   * Puts `text`'s bytes after the list's, not added yet ({@link pushPending} adds them); returns
   * their hash (FNV-1a).
   */
  encode(text: string): number {
    this.ensureBytes(text.length * 3 + 1);
    const { bytes, used } = this;
    let hash = 0x811c9dc5;
    // ASCII, by far the most common (names, paths), is copied here, with no call out of JavaScript.
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code > 0x7f) return this.encodeOther(text);
      bytes[used + at] = code;
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    this.pending = text.length;
    return hash >>> 0;
  }

  /** Whether the string at `index` is the one {@link encode} was given last. */
  pendingEquals(index: number): boolean {
    const start = this.starts[index];
    if (this.ends[index] - start !== this.pending) return false;
    const stored = this.blockAt(index);
    const { bytes, used, pending } = this;
    for (let at = 0; at < pending; at++) if (stored[start + at] !== bytes[used + at]) return false;
    return true;
  }

  /** Adds the string {@link encode} was given last (`text`); returns its index. */
  pushPending(text: string): number {
    const index = this.count++;
    if (index >= this.starts.length) this.growEntries();
    this.blockOf[index] = this.blocks.length;
    this.starts[index] = this.used;
    this.used += this.pending;
    this.ends[index] = this.used;
    if (this.pending !== text.length) this.ascii = false;
    return index;
  }

  private encodeOther(text: string): number {
    const { bytes, used } = this;
    if (SURROGATE.test(text)) {
      bytes[used] = UTF16_MARK;
      this.pending = 1 + bytes.write(text, used + 1, 'utf16le');
    } else {
      this.pending = bytes.write(text, used, 'utf8');
    }
    let hash = 0x811c9dc5;
    for (let at = used; at < used + this.pending; at++) hash = Math.imul(hash ^ bytes[at], 0x01000193);
    return hash >>> 0;
  }

  private blockAt(index: number): Buffer {
    const block = this.blockOf[index];
    return block === this.blocks.length ? this.bytes : this.blocks[block];
  }

  /** Room for `extra` more bytes in the block being filled: the first block grows to {@link BLOCK}, then a new one starts. */
  private ensureBytes(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    if (this.bytes.length < BLOCK && this.used + extra <= BLOCK) {
      const bytes = Buffer.allocUnsafe(BLOCK);
      this.bytes.copy(bytes, 0, 0, this.used);
      this.bytes = bytes;
      return;
    }
    this.blocks.push(this.used < this.bytes.length ? this.bytes.subarray(0, this.used) : this.bytes);
    this.bytes = Buffer.allocUnsafe(Math.max(BLOCK, extra));
    this.used = 0;
  }

  private growEntries(): void {
    this.blockOf = doubled(this.blockOf);
    this.starts = doubled(this.starts);
    this.ends = doubled(this.ends);
  }
}

/** `array` copied into one twice its length (the per-string arrays of a list or table as it grows). */
export function doubled(array: Uint32Array): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
