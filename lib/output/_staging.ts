import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Content, contentBuffers } from './content';
import { FolderStateError, inspect, OutputFs, READ_NO_FOLLOW, syncFolder, tryUnlink } from './_output-fs';

/** The folder inside the output folder where a run writes its new files before switching them in. */
export const STAGING_DIR = '.openhands-k8s-staging';

/** A staged file's name, relative to the output folder, as a journal may name it. */
export const STAGED_NAME = /^\.openhands-k8s-staging\/[0-9]{1,9}$/;

/** Up to this many files are flushed one by one; beyond, one flush of the whole file system is far cheaper. */
const FLUSH_EACH_UP_TO = 32;

/** coreutils' `sync -f` (syncfs(2)): flushes a whole file system in one call. */
const SYNC_COMMANDS = ['/usr/bin/sync', '/bin/sync'];

/**
 * The staging area: one folder, made by this run, that only synth writes to. Every new file is
 * written there first (exclusive creation, which never follows a link), so whatever kills a run
 * before its journal is written leaves nothing outside this folder, and the next run removes it
 * whole ({@link clearStaging}).
 */
export class Staging {
  private count = 0;
  private made = false;
  /** Staged files from this number on are not flushed to disk yet (kept as a count: no list of names in memory). */
  private unflushedFrom?: number;

  constructor(private readonly fs: OutputFs, private readonly root: string) {}

  /** A staged file's name relative to the output folder. */
  static nameOf(index: number): string {
    return `${STAGING_DIR}/${index}`;
  }

  /** Writes `content` to a new staged file (flushed at once when `durable`); returns its index (see {@link nameOf}). */
  stage(content: Content, durable = false): number {
    if (!this.made) {
      this.fs.mkdirSync(join(this.root, STAGING_DIR));
      this.made = true;
    }
    const index = this.count++;
    const path = join(this.root, Staging.nameOf(index));
    const fd = this.fs.openSync(path, 'wx');
    try {
      // Part by part: a large content is never one string nor one buffer.
      for (const bytes of contentBuffers(content)) {
        for (let offset = 0; offset < bytes.length;) offset += this.fs.writeSync(fd, bytes, offset, bytes.length - offset);
      }
      if (durable || this.count <= FLUSH_EACH_UP_TO) this.fs.fsyncSync(fd);
      else this.unflushedFrom ??= this.count - 1;
    } finally {
      this.fs.closeSync(fd);
    }
    return index;
  }

  /** Flushes every staged file and the staging folder's entries to disk, before a journal points at them. */
  flush(): void {
    if (this.unflushedFrom !== undefined && !syncFileSystem(this.root)) {
      for (let index = this.unflushedFrom; index < this.count; index++) {
        const fd = this.fs.openSync(join(this.root, `${STAGING_DIR}/${index}`), READ_NO_FOLLOW);
        try {
          this.fs.fsyncSync(fd);
        } finally {
          this.fs.closeSync(fd);
        }
      }
    }
    this.unflushedFrom = undefined;
    if (this.made) syncFolder(this.fs, join(this.root, STAGING_DIR));
  }

  /** Removes the staging folder with everything in it (a failed run, or after the switch). */
  discard(): void {
    if (this.made) clearStaging(this.fs, this.root);
    this.made = false;
  }
}

/** One syncfs(2) of the file system holding `dir`, where coreutils has `sync -f`; false when that cannot be done. */
function syncFileSystem(dir: string): boolean {
  const command = process.platform === 'linux' ? SYNC_COMMANDS.find((path) => existsSync(path)) : undefined;
  return command !== undefined && spawnSync(command, ['-f', dir], { stdio: 'ignore', timeout: 10 * 60 * 1000 }).status === 0;
}

/**
 * Removes the staging folder a killed run left (and the one a run is done with): its files and
 * links themselves (never what a link points at), then the folder. A link or file in its place is
 * removed as it is; a folder in it is no staged file: the user decides.
 */
export function clearStaging(fs: OutputFs, root: string): void {
  const dir = join(root, STAGING_DIR);
  const found = inspect(fs, dir, false);
  if (found.kind === 'missing') return;
  if (found.kind !== 'folder') {
    fs.unlinkSync(dir);
    return;
  }
  for (const entry of fs.readdirSync(dir)) {
    const kind = inspect(fs, join(dir, entry), false).kind;
    if (kind === 'folder') throw new FolderStateError(`${dir}/${entry} is a folder; synth stages files only there. Remove ${dir} and run synth again.`);
    tryUnlink(fs, join(dir, entry));
  }
  fs.rmdirSync(dir);
}
