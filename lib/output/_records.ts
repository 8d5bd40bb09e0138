import { FileRecord } from './manifest';
import { StringTable } from './_string-table';

/**
 * Each output file's hash and size, as the manifest records them, kept compactly (the per-object
 * layout has a few hundred thousand files): paths as bytes in a {@link StringTable}, 32 bytes of
 * digest per file in one growing buffer.
 */
export class Records {
  private readonly paths = new StringTable();
  private readonly sizes: number[] = [];
  private digests = Buffer.alloc(32 * 1024);

  /** Records a file's hash and size; returns whether the path had a record already (now replaced). */
  set(path: string, hash: string, size: number): boolean {
    const at = this.paths.add(path);
    const again = at < this.sizes.length;
    if (!again) {
      this.sizes.push(size);
      if ((at + 1) * 32 > this.digests.length) this.digests = Buffer.concat([this.digests, Buffer.alloc(this.digests.length)]);
    }
    this.sizes[at] = size;
    this.digests.write(hash.slice('sha256:'.length), at * 32, 32, 'hex');
    return again;
  }

  has(path: string): boolean {
    return this.paths.indexOf(path) !== -1;
  }

  keys(): Iterable<string> {
    return this.paths;
  }

  get(path: string): FileRecord | undefined {
    const at = this.paths.indexOf(path);
    return at === -1 ? undefined : this.record(at);
  }

  /** Every path with its record, sorted by path once, with no list of the paths made for the sort; iterable again. */
  sortedEntries(): Iterable<readonly [string, FileRecord]> {
    const order = this.paths.sortedIndexes();
    const entry = (at: number) => [this.paths.at(at), this.record(at)] as const;
    return { *[Symbol.iterator]() { for (const at of order) yield entry(at); } };
  }

  private record(at: number): FileRecord {
    return { hash: `sha256:${this.digests.toString('hex', at * 32, at * 32 + 32)}`, size: this.sizes[at] };
  }
}
