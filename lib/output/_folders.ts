import { join } from 'node:path';
import { Found, inspect, OutputFs, tryRmdir } from './_output-fs';

/**
 * The output folder as synth sees it: its real path (the `--out` a user typed may itself be a
 * symbolic link, their choice) and, below it, only real folders. Every path synth reads, writes,
 * renames or removes below the root goes through {@link locate}, which checks each folder on the
 * way with `lstat` (once per folder and run), so no symbolic link in the folder, planted or
 * committed, leads synth outside it. The last part of a path is the caller's to open without
 * following (`inspect`, `O_EXCL` creation, `rename`, `unlink` never follow it).
 */
export class FolderCheck {
  private readonly seen = new Map<string, 'folder' | 'missing' | string>();
  private readonly created: string[] = [];

  /** @param root the real path of the output folder (`realpath` of `--out`) */
  constructor(private readonly fs: OutputFs, readonly root: string) {}

  /** Why `path`'s folders cannot be gone through, if they cannot. */
  check(path: string): string | undefined {
    const state = this.folderOf(path);
    return state === 'folder' || state === 'missing' ? undefined : state;
  }

  /** `folder` when every folder on the way to `path` is a real folder, `missing` when one is missing, else why not. */
  private folderOf(path: string): string {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      let state = this.seen.get(folder);
      if (state === undefined) {
        const found = inspect(this.fs, join(this.root, folder), false);
        state = found.kind === 'folder' || found.kind === 'missing' ? found.kind : `${folder}/ is ${found.kind === 'symlink' ? 'a symbolic link' : 'not a folder'}; synth never writes through it`;
        this.seen.set(folder, state);
      }
      if (state !== 'folder') return state; // nothing below a missing folder exists
    }
    return 'folder';
  }

  /** Whether a folder on the way to `path` does not exist (so `path` does not either). */
  isMissing(path: string): boolean {
    return this.folderOf(path) === 'missing';
  }

  /** Records that `folder` was just made a real folder (a staged folder renamed into place). */
  made(folder: string): void {
    this.seen.set(folder, 'folder');
  }

  /** The absolute path of `path` below the root, or `undefined` when a folder on the way is a link or no folder. */
  locate(path: string): string | undefined {
    return this.check(path) === undefined ? join(this.root, path) : undefined;
  }

  /** What is at `path` (see `inspect`); a path behind a link counts as a symbolic link, never followed. */
  find(path: string, read = true): Found {
    const state = this.folderOf(path);
    if (state === 'missing') return { kind: 'missing' }; // in a folder yet to be made: no call needed
    return state === 'folder' ? inspect(this.fs, join(this.root, path), read) : { kind: 'symlink' };
  }

  /** Creates `path`'s missing folders, one level at a time, never through a link. */
  create(path: string): void {
    const reason = this.check(path);
    if (reason !== undefined) throw Object.assign(new Error(`${this.root}/${reason}`), { code: 'ELOOP' });
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const state = this.seen.get(folder) ?? (inspect(this.fs, join(this.root, folder), false).kind === 'folder' ? 'folder' : 'missing');
      if (state === 'folder') {
        this.seen.set(folder, 'folder');
        continue;
      }
      try {
        this.fs.mkdirSync(join(this.root, folder));
        this.created.push(folder);
      } catch (error) {
        // Made meanwhile is fine only if it is a real folder.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || inspect(this.fs, join(this.root, folder), false).kind !== 'folder') throw error;
      }
      this.seen.set(folder, 'folder');
    }
  }

  /** Removes `folder` when empty (after its last file went), and forgets what was known of it. */
  removeIfEmpty(folder: string): void {
    if (this.locate(`${folder}/x`) === undefined) return;
    tryRmdir(this.fs, join(this.root, folder));
    for (const known of [...this.seen.keys()]) if (known === folder || known.startsWith(`${folder}/`)) this.seen.delete(known);
  }

  /** Removes the folders `create` made, deepest first, when empty. */
  removeCreated(): void {
    for (const folder of this.created.reverse()) tryRmdir(this.fs, join(this.root, folder));
  }
}
