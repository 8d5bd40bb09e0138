import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Chunks, Content, contentBuffers } from './content';
import { inspect, OutputFs, READ_NO_FOLLOW, syncFolder, tryUnlink } from './_output-fs';

/** The folder inside the output folder where a run writes its new files before switching them in. */
export const STAGING_DIR = '.openhands-k8s-staging';

/** A staged file's (or a staged new folder's, `d<n>`) name, relative to the output folder, as a journal may name it. */
export const STAGED_NAME = /^\.openhands-k8s-staging\/d?[0-9]{1,9}$/;

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
  /** New folders staged whole: the output folder's name of each, and its index. */
  private readonly folders = new Map<string, number>();
  /** Whether some staged files are not flushed to disk yet (no list of them is kept in memory). */
  private unflushed = false;

  constructor(private readonly fs: OutputFs, private readonly root: string) {}

  /** A staged file's name relative to the output folder. */
  static nameOf(index: number): string {
    return `${STAGING_DIR}/${index}`;
  }

  /** A new folder staged whole: its name relative to the output folder. */
  static folderNameOf(index: number): string {
    return `${STAGING_DIR}/d${index}`;
  }

  /** Writes `content` to a new staged file (flushed at once when `durable`); returns its index (see {@link nameOf}). */
  stage(content: Content, durable = false): number {
    const index = this.count++;
    this.write(join(this.root, Staging.nameOf(index)), content, durable);
    return index;
  }

  /** Writes text made part by part (a large manifest) to a new staged file, never holding it whole; returns its index. */
  stageParts(parts: Iterable<string>): number {
    const index = this.count++;
    this.write(join(this.root, Staging.nameOf(index)), parts, false);
    return index;
  }

  /**
   * Writes `file` of the folder `folder`, which does not exist in the output folder yet, into a
   * staged copy of that folder, switched in whole by one rename; returns the staged folder's index.
   */
  stageInNewFolder(folder: string, file: string, content: Content, again = false): number {
    let index = this.folders.get(folder);
    if (index === undefined) {
      index = this.folders.size;
      this.ensure();
      this.fs.mkdirSync(join(this.root, Staging.folderNameOf(index)));
      this.folders.set(folder, index);
    }
    this.count++;
    const path = join(this.root, Staging.folderNameOf(index), file);
    if (again) tryUnlink(this.fs, path); // the same file produced again: the later one wins, as for other files
    this.write(path, content, false);
    return index;
  }

  /** The new folders staged whole, `[staged name, folder]`. */
  newFolders(): Array<[string, string]> {
    return [...this.folders].map(([folder, index]) => [Staging.folderNameOf(index), folder]);
  }

  private ensure(): void {
    if (this.made) return;
    this.fs.mkdirSync(join(this.root, STAGING_DIR));
    this.made = true;
  }

  private write(path: string, content: Content | Iterable<string>, durable: boolean): void {
    this.ensure();
    const fd = this.fs.openSync(path, 'wx');
    try {
      // Part by part: a large content is never one string nor one buffer.
      for (const bytes of typeof content === 'string' || content instanceof Chunks ? contentBuffers(content) : bufferedParts(content)) {
        for (let offset = 0; offset < bytes.length;) offset += this.fs.writeSync(fd, bytes, offset, bytes.length - offset);
      }
      if (durable || this.count <= FLUSH_EACH_UP_TO) this.fs.fsyncSync(fd);
      else this.unflushed = true;
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Flushes every staged file and the staging folder's entries to disk, before a journal points at them. */
  flush(): void {
    if (this.unflushed && !syncFileSystem(this.root)) walk(this.fs, join(this.root, STAGING_DIR), (path) => fsyncFile(this.fs, path), () => undefined);
    this.unflushed = false;
    for (const [, index] of this.folders) syncFolder(this.fs, join(this.root, Staging.folderNameOf(index)));
    if (this.made) syncFolder(this.fs, join(this.root, STAGING_DIR));
  }

  /** Removes the staging folder with everything in it (a failed run, or after the switch). */
  discard(): void {
    if (this.made) clearStaging(this.fs, this.root);
    this.made = false;
  }
}

function* bufferedParts(parts: Iterable<string>): Generator<Buffer> {
  for (const part of parts) yield Buffer.from(part, 'utf8');
}

/** One syncfs(2) of the file system holding `dir`, where coreutils has `sync -f`; false when that cannot be done. */
function syncFileSystem(dir: string): boolean {
  const command = process.platform === 'linux' ? SYNC_COMMANDS.find((path) => existsSync(path)) : undefined;
  return command !== undefined && spawnSync(command, ['-f', dir], { stdio: 'ignore', timeout: 10 * 60 * 1000 }).status === 0;
}

function fsyncFile(fs: OutputFs, path: string): void {
  const fd = fs.openSync(path, READ_NO_FOLLOW);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Visits every file (and link) below `dir`, then each folder after its content; never follows a link. */
function walk(fs: OutputFs, dir: string, onFile: (path: string) => void, onFolder: (path: string) => void): void {
  for (const entry of fs.readdirSync(dir)) {
    const path = join(dir, entry);
    if (inspect(fs, path, false).kind === 'folder') walk(fs, path, onFile, onFolder);
    else onFile(path);
  }
  onFolder(dir);
}

/**
 * Removes the staging folder a killed run left (and the one a run is done with), with everything
 * in it: files and links themselves (never what a link points at), then the folders. The folder
 * is synth's alone; a link or file in its place is removed as it is.
 */
export function clearStaging(fs: OutputFs, root: string): void {
  const dir = join(root, STAGING_DIR);
  const found = inspect(fs, dir, false);
  if (found.kind === 'missing') return;
  if (found.kind !== 'folder') fs.unlinkSync(dir);
  else walk(fs, dir, (path) => tryUnlink(fs, path), (path) => fs.rmdirSync(path));
}
