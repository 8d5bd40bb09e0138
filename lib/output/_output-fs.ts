import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { byteLength, Content, contentBuffers } from './content';
import { contentHash, isOwnablePath } from './manifest';

/** The file-system calls output writing makes; tests replace them to inject failures or count calls. */
export interface OutputFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  lstatSync(path: string, options: { throwIfNoEntry: false }): FileKind | undefined;
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  linkSync(existing: string, path: string): void;
  unlinkSync(path: string): void;
  mkdirSync(path: string, options?: { recursive: true }): unknown;
  rmdirSync(path: string): void;
  readdirSync(path: string): string[];
}

/** What `lstat` tells about a path. */
export interface FileKind {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  readonly mtimeMs: number;
  readonly size: number;
}

export const TEMP_PREFIX = '.openhands-k8s-';

export const TEMP_NAME = /^\.openhands-k8s-[0-9a-f]{16}\.tmp$/;

/**
 * Files larger than this are never read into one string: they are hashed and compared block by
 * block (a string cannot exceed about 512 MiB, and holding one would double synth's memory).
 */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** Files are hashed and compared in blocks of this size. */
const BLOCK_BYTES = 1024 * 1024;

/** A regular file: its size, its text when read (see {@link inspect}), and its hash once taken. */
export interface FoundFile {
  readonly kind: 'file';
  readonly path: string;
  readonly size: number;
  readonly content?: string;
  hash?: string;
}

export type Found = { kind: 'missing' | 'folder' | 'symlink' | 'special' } | FoundFile;

/**
 * What is at `path`, without following a symbolic link; a regular file's text when `read` and it
 * is at most {@link MAX_TEXT_BYTES} long.
 */
export function inspect(fs: OutputFs, path: string, read = true): Found {
  const stat = fs.lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return { kind: 'missing' };
  if (stat.isSymbolicLink()) return { kind: 'symlink' };
  if (stat.isDirectory()) return { kind: 'folder' };
  if (!stat.isFile()) return { kind: 'special' };
  return read && stat.size <= MAX_TEXT_BYTES ? { kind: 'file', path, size: stat.size, content: fs.readFileSync(path, 'utf8') } : { kind: 'file', path, size: stat.size };
}

/** `sha256:<hex>` of a found file: of its text when read, else of its bytes, read block by block. */
export function fileHash(fs: OutputFs, file: FoundFile): string {
  if (file.hash === undefined) {
    if (file.content !== undefined) {
      file.hash = contentHash(file.content);
    } else {
      const hasher = createHash('sha256');
      readBlocks(fs, file.path, (block) => hasher.update(block));
      file.hash = `sha256:${hasher.digest('hex')}`;
    }
  }
  return file.hash;
}

/**
 * Whether a found file holds `content`: by text when both are strings, else by length and hash
 * (chunked content is never turned into a string, nor a large file read into one).
 */
export function holds(fs: OutputFs, file: FoundFile, content: Content): boolean {
  if (typeof content === 'string' && file.content !== undefined) return file.content === content;
  if (byteLength(content) !== file.size) return false;
  return fileHash(fs, file) === contentHash(content);
}

function readBlocks(fs: OutputFs, path: string, onBlock: (block: Buffer) => void): void {
  const fd = fs.openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
    for (let read = fs.readSync(fd, buffer, 0, BLOCK_BYTES, null); read > 0; read = fs.readSync(fd, buffer, 0, BLOCK_BYTES, null)) onBlock(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (renames, new files) to disk; best effort where folders cannot be opened. */
export function syncFolder(fs: OutputFs, dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here (Windows): the renames are still atomic, only less durable on power loss
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes `content` to a new, exclusive temporary file in `dir` and flushes it; returns its path.
 * `prefix` names it (the default is what a later run cleans up as a killed run's leftover).
 */
export function stage(fs: OutputFs, dir: string, content: Content, prefix = TEMP_PREFIX): string {
  const temp = join(dir, `${prefix}${randomBytes(8).toString('hex')}.tmp`);
  // 'wx' is O_CREAT|O_EXCL: it never follows a symbolic link and never reuses an existing file.
  const fd = fs.openSync(temp, 'wx');
  try {
    // Part by part: a large content is never one string nor one buffer.
    for (const bytes of contentBuffers(content)) {
      for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    tryUnlink(fs, temp);
    throw error;
  }
  fs.closeSync(fd);
  return temp;
}

export function isTempPath(path: string): boolean {
  const slash = path.lastIndexOf('/');
  return TEMP_NAME.test(path.slice(slash + 1)) && (slash < 0 || isOwnablePath(path.slice(0, slash)));
}

export function tryUnlink(fs: OutputFs, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // already gone
  }
}

export function tryRmdir(fs: OutputFs, dir: string): void {
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    // not empty or not there: leave it
  }
}

/** The folders on the way to each output file: checked once each, never a symbolic link. */
export class FolderCheck {
  private readonly seen = new Map<string, 'folder' | 'missing' | string>();
  private readonly created: string[] = [];

  constructor(private readonly fs: OutputFs, private readonly outDir: string) {}

  /** Why `path`'s folders cannot be written through, if they cannot. */
  check(path: string): string | undefined {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      let state = this.seen.get(folder);
      if (state === undefined) {
        const found = inspect(this.fs, join(this.outDir, folder), false);
        state = found.kind === 'folder' || found.kind === 'missing' ? found.kind : `${folder}/ is ${found.kind === 'symlink' ? 'a symbolic link' : 'not a folder'}; synth never writes through it`;
        this.seen.set(folder, state);
      }
      if (state !== 'folder' && state !== 'missing') return state;
    }
    return undefined;
  }

  /** Creates `path`'s missing folders. */
  create(path: string): void {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (this.seen.get(folder) !== 'missing') continue;
      this.fs.mkdirSync(join(this.outDir, folder), { recursive: true });
      this.seen.set(folder, 'folder');
      this.created.push(folder);
    }
  }

  /** Removes the folders `create` made, deepest first, when empty. */
  removeCreated(): void {
    for (const folder of this.created.reverse()) tryRmdir(this.fs, join(this.outDir, folder));
  }
}

/** Creates the output folder if needed; refuses a path that is not a folder. */
export function ensureFolder(fs: OutputFs, outDir: string): void {
  if (outDir === '') throw new Error('the output folder must not be empty');
  const stat = fs.lstatSync(outDir, { throwIfNoEntry: false });
  if (!stat) {
    makeFolders(fs, outDir);
    return;
  }
  if (stat.isDirectory()) return;
  if (stat.isSymbolicLink()) {
    try {
      fs.readdirSync(outDir);
      return;
    } catch {
      // fall through: a link to something that is not a folder
    }
  }
  throw Object.assign(new Error(`${outDir} is not a folder: --out must name a folder`), { code: 'ENOTDIR' });
}

/**
 * `mkdir -p`, one level at a time: Node 20's recursive mkdir loops forever where the kernel
 * answers ENOENT for a path whose parent exists (under /proc), and a parent that is a link to
 * nothing deserves a sentence of its own rather than "no such file or directory".
 */
function makeFolders(fs: OutputFs, path: string): void {
  const parent = dirname(path);
  const parentStat = parent === path ? undefined : fs.lstatSync(parent, { throwIfNoEntry: false });
  if (parent !== path && !parentStat) makeFolders(fs, parent);
  try {
    fs.mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return; // made meanwhile by another process: fine, ensureFolder's caller checks it
    const dangling = code === 'ENOENT' && parentStat?.isSymbolicLink();
    const reason = dangling ? `${parent} is a symbolic link to a missing folder` : (error as Error).message;
    throw Object.assign(new Error(`cannot create the output folder ${path}: ${reason}`), { code });
  }
}
