import { FileRecord } from './manifest';

/**
 * Each output file's hash and size, as the manifest records them, kept compactly (the per-object
 * layout has a few hundred thousand files): 32 bytes of digest per file in one growing buffer.
 */
export class Records {
  private readonly index = new Map<string, number>();
  private readonly sizes: number[] = [];
  private digests = Buffer.alloc(32 * 1024);

  set(path: string, hash: string, size: number): void {
    let at = this.index.get(path);
    if (at === undefined) {
      at = this.sizes.length;
      this.index.set(path, at);
      this.sizes.push(size);
      if ((at + 1) * 32 > this.digests.length) this.digests = Buffer.concat([this.digests, Buffer.alloc(this.digests.length)]);
    }
    this.sizes[at] = size;
    this.digests.write(hash.slice('sha256:'.length), at * 32, 32, 'hex');
  }

  has(path: string): boolean {
    return this.index.has(path);
  }

  keys(): Iterable<string> {
    return this.index.keys();
  }

  get(path: string): FileRecord | undefined {
    const at = this.index.get(path);
    return at === undefined ? undefined : { hash: `sha256:${this.digests.toString('hex', at * 32, at * 32 + 32)}`, size: this.sizes[at] };
  }
}
