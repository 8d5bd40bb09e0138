import { doubled, StringList } from './_string-list';

/**
 * A set of strings, each with its index in the order added: a {@link StringList} (bytes outside the
 * heap) with an open-addressing index over it. 500,000 object names or output paths take their
 * bytes and about 28 more each.
 */
export class StringTable {
  private readonly strings = new StringList();
  private hashes = new Uint32Array(1 << 8);
  /** Index + 1 of the string in each slot (0: free); never more than half full. */
  private slots = new Uint32Array(1 << 9);

  /** How many strings the table holds. */
  get size(): number {
    return this.strings.length;
  }

  /** The index of `text`, or -1 when the table does not hold it. */
  indexOf(text: string): number {
    return this.slots[this.find(this.strings.encode(text))] - 1;
  }

  /** The index of `text`, added after the others when the table does not hold it yet. */
  add(text: string): number {
    const hash = this.strings.encode(text);
    let slot = this.find(hash);
    if (this.slots[slot] !== 0) return this.slots[slot] - 1;
    const index = this.strings.pushPending(text);
    if (index >= this.hashes.length) this.hashes = doubled(this.hashes);
    this.hashes[index] = hash;
    if (this.strings.length * 2 > this.slots.length) {
      this.slots = new Uint32Array(this.slots.length * 2);
      for (let other = 0; other < index; other++) this.slots[this.free(this.hashes[other])] = other + 1;
      slot = this.free(hash);
    }
    this.slots[slot] = index + 1;
    return index;
  }

  /** The string at `index` (as added). */
  at(index: number): string {
    return this.strings.at(index);
  }

  /** The strings in the order they were added. */
  [Symbol.iterator](): Iterator<string> {
    return this.strings[Symbol.iterator]();
  }

  /** The indexes of the strings in JavaScript's order of strings (see {@link StringList.sortedIndexes}). */
  sortedIndexes(): Uint32Array {
    return this.strings.sortedIndexes();
  }

  /** The slot holding the string just encoded, or the free slot where it would go. */
  private find(hash: number): number {
    const { hashes, slots } = this;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === 0 || (hashes[entry - 1] === hash && this.strings.pendingEquals(entry - 1))) return slot;
    }
  }

  /** The first free slot for `hash`. */
  private free(hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }
}
