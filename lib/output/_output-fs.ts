import { createHash } from 'node:crypto';
import { constants as nodeConstants } from 'node:fs';
import { dirname } from 'node:path';
import { byteLength, Content } from './content';
import { contentHash } from './manifest';

/** The file-system calls output writing makes; tests replace them to inject failures or count calls. */
export interface OutputFs {
  readFileSync(fd: number, encoding: 'utf8'): string;
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  lstatSync(path: string, options: { throwIfNoEntry: false; bigint: true }): FileIdentity | undefined;
  lstatSync(path: string, options: { throwIfNoEntry: false }): FileKind | undefined;
  fstatSync(fd: number): FileKind;
  realpathSync(path: string): string;
  openSync(path: string, flags: string | number): number;
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

/** What tells one file from any other: numbers the kernel assigns, which no checkout or archive can set. */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly birthtimeNs: bigint;
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
 * Opens a file for reading without following a symbolic link in its last part (its folders are
 * the caller's to check, see FolderCheck), nor blocking on a FIFO swapped in meanwhile.
 */
export const READ_NO_FOLLOW = nodeConstants.O_RDONLY | (nodeConstants.O_NOFOLLOW ?? 0) | (nodeConstants.O_NONBLOCK ?? 0);

/**
 * What is at `path`, without following a symbolic link; a regular file's text when `read` and it
 * is at most {@link MAX_TEXT_BYTES} long (read through a no-follow open, and only if what was
 * opened is still a regular file).
 */
export function inspect(fs: OutputFs, path: string, read = true): Found {
  const stat = fs.lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return { kind: 'missing' };
  if (stat.isSymbolicLink()) return { kind: 'symlink' };
  if (stat.isDirectory()) return { kind: 'folder' };
  if (!stat.isFile()) return { kind: 'special' };
  if (!read || stat.size > MAX_TEXT_BYTES) return { kind: 'file', path, size: stat.size };
  const fd = openNoFollow(fs, path);
  if (fd === undefined) return { kind: 'symlink' };
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.size > MAX_TEXT_BYTES) return { kind: 'special' };
    return { kind: 'file', path, size: opened.size, content: fs.readFileSync(fd, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

/** A no-follow read-only open; `undefined` when `path` turned into a symbolic link (ELOOP). */
function openNoFollow(fs: OutputFs, path: string): number | undefined {
  try {
    return fs.openSync(path, READ_NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
    throw error;
  }
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
  const fd = openNoFollow(fs, path);
  if (fd === undefined) throw Object.assign(new Error(`${path} turned into a symbolic link`), { code: 'ELOOP' });
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

/** Something at one of synth's own paths that synth did not put there: the user decides (exit 1). */
export class FolderStateError extends Error {
  public readonly userError = true;
}

/**
 * Creates the output folder if needed; refuses a path that is not a folder (a symbolic link to a
 * folder is the user's choice of folder). Returns the folders it created, deepest last, for
 * {@link removeFolders} when synth fails before writing anything.
 */
export function ensureFolder(fs: OutputFs, outDir: string): string[] {
  if (outDir === '') throw new Error('the output folder must not be empty');
  const stat = fs.lstatSync(outDir, { throwIfNoEntry: false });
  if (!stat) {
    const created: string[] = [];
    makeFolders(fs, outDir, created);
    return created;
  }
  if (stat.isDirectory()) return [];
  if (stat.isSymbolicLink()) {
    try {
      fs.readdirSync(outDir);
      return [];
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
function makeFolders(fs: OutputFs, path: string, created: string[]): void {
  const parent = dirname(path);
  const parentStat = parent === path ? undefined : fs.lstatSync(parent, { throwIfNoEntry: false });
  if (parent !== path && !parentStat) makeFolders(fs, parent, created);
  try {
    fs.mkdirSync(path);
    created.push(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return; // made meanwhile by another process: fine, ensureFolder's caller checks it
    const dangling = code === 'ENOENT' && parentStat?.isSymbolicLink();
    const reason = dangling ? `${parent} is a symbolic link to a missing folder` : (error as Error).message;
    throw Object.assign(new Error(`cannot create the output folder ${path}: ${reason}`), { code });
  }
}

/** Removes folders {@link ensureFolder} created, deepest first, each only when empty. */
export function removeFolders(fs: OutputFs, created: readonly string[]): void {
  for (const folder of [...created].reverse()) tryRmdir(fs, folder);
}
