import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { contentHash, isOwnablePath, legacyOwnedFiles, MANIFEST_FILE, manifestText, parseManifest } from './manifest';

/** The file-system calls output writing makes; tests replace them to inject failures or count calls. */
export interface OutputFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  lstatSync(path: string, options: { throwIfNoEntry: false }): FileKind | undefined;
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  linkSync(existing: string, path: string): void;
  unlinkSync(path: string): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  rmdirSync(path: string): void;
  readdirSync(path: string): string[];
}

/** What `lstat` tells about a path. */
export interface FileKind {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  readonly mtimeMs: number;
}

/** How to write. */
export interface WriteOptions {
  /**
   * Overwrite files synth did not write (or that were edited since).
   * @default false
   */
  readonly force?: boolean;
  /**
   * The file system.
   * @default node:fs
   */
  readonly fs?: OutputFs;
}

/** What a write did, file by file, relative to the output folder. */
export interface WriteResult {
  readonly written: string[];
  readonly unchanged: string[];
  readonly removed: string[];
  /** Files synth wrote earlier and no longer produces, kept because someone changed them. */
  readonly kept: string[];
}

/** How the output folder differs from what the configs produce. */
export interface OutputDiff {
  readonly changed: string[];
  readonly missing: string[];
  readonly stale: string[];
  /** The current content of each changed file, for a per-file diff. */
  readonly current: ReadonlyMap<string, string>;
}

/** Held by a running synth: the pid of its process. */
export const LOCK_FILE = '.openhands-k8s.lock';
/** Written once every new file is staged; lets the next run finish a switch a killed run began. */
export const JOURNAL_FILE = '.openhands-k8s-journal.json';
const TEMP_PREFIX = '.openhands-k8s-';
/** How long a lock without a pid counts as a run that is starting, before it counts as dead. */
const FRESH_LOCK_MS = 5000;
const TEMP_NAME = /^\.openhands-k8s-[0-9a-f]{16}\.tmp$/;

/** Synth refused to touch the output folder; the user decides (exit 1). */
export class OutputConflictError extends Error {
  public readonly userError = true;
}

/** Another synth holds the output folder (exit 3: the machine refused, try again). */
export class OutputLockedError extends Error {
  public readonly code = 'EBUSY';
}

/** One entry of the journal: a staged file and where it goes, or a file to remove. */
interface Journal {
  /** `[temporary file, target]`, relative to the output folder, the manifest last. */
  readonly renames: Array<[string, string]>;
  /** `[file, hash]`: files to remove once the renames are done, if they still hold that content. */
  readonly removes: Array<[string, string]>;
}

/**
 * Replaces the output folder's generated files with `files`, so that no failure and no kill ever
 * leaves a mix of old and new output:
 *
 * - a lock file (`.openhands-k8s.lock`, the pid) keeps a second synth out; a dead run's lock is taken over;
 * - every changed file is written to an exclusive temporary sibling and flushed to disk first; a
 *   failure up to there removes them and leaves the old output as it was;
 * - then a journal lists the renames, and the renames switch the files into place; a run killed
 *   during the renames is finished by the next run, which also removes any temporary leftovers;
 * - ownership comes from the manifest (`.openhands-k8s-manifest.json`, every file synth wrote and
 *   its hash): synth removes only listed files that still hold what it wrote, refuses to overwrite
 *   a file it did not write (or that was edited) unless `force`, and never follows a symbolic link.
 */
export function writeOutput(outDir: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): WriteResult {
  const fs = options.fs ?? nodeFs;
  ensureFolder(fs, outDir);
  const lock = acquireLock(fs, outDir);
  try {
    recover(fs, outDir);
    return switchOutput(fs, outDir, files, options.force ?? false);
  } finally {
    tryUnlink(fs, lock);
  }
}

function switchOutput(fs: OutputFs, outDir: string, files: ReadonlyMap<string, string>, force: boolean): WriteResult {
  const owned = ownedFiles(fs, outDir);
  removeLeftovers(fs, outDir, [...owned.keys(), ...files.keys()]);
  const folders = new FolderCheck(fs, outDir);
  const conflicts: string[] = [];
  const changes: Array<[string, string]> = [];
  const unchanged: string[] = [];
  for (const [path, content] of files) {
    if (!isOwnablePath(path)) throw new Error(`refusing to write "${path}": not a plain relative path`);
    const refused = folders.check(path);
    if (refused) {
      conflicts.push(refused);
      continue;
    }
    const current = inspect(fs, join(outDir, path));
    if (current.kind === 'file' && current.content === content) {
      unchanged.push(path);
      continue;
    }
    if (current.kind === 'folder') conflicts.push(`${path} is a folder`);
    else if (current.kind !== 'missing' && !force) {
      const recorded = owned.get(path);
      if (recorded === undefined) conflicts.push(`${path} was not written by openhands-k8s`);
      else if (current.kind !== 'file' || contentHash(current.content) !== recorded) conflicts.push(`${path} was changed since openhands-k8s wrote it`);
    }
    changes.push([path, content]);
  }
  if (conflicts.length > 0) {
    throw new OutputConflictError(`${outDir}/: refusing to overwrite:\n${conflicts.map((line) => `  ${line}\n`).join('')}Move these files away, or run synth with --force to overwrite them.`);
  }
  const removes: Array<[string, string]> = [];
  const kept: string[] = [];
  for (const [path, hash] of owned) {
    if (files.has(path)) continue;
    const current = inspect(fs, join(outDir, path));
    if (current.kind === 'file' && contentHash(current.content) === hash) removes.push([path, hash]);
    else if (current.kind !== 'missing') kept.push(path);
  }
  const manifest = manifestText(files);
  const manifestCurrent = inspect(fs, join(outDir, MANIFEST_FILE));
  const writes = changes.length > 0 || removes.length > 0 || manifestCurrent.kind !== 'file' || manifestCurrent.content !== manifest
    ? [...changes, [MANIFEST_FILE, manifest] as [string, string]] : [];
  if (writes.length > 0) commit(fs, outDir, writes, removes, folders);
  return { written: changes.map(([path]) => path), unchanged, removed: removes.map(([path]) => path), kept };
}

/** Stages every write, records the journal, then switches: the one way files change in the folder. */
function commit(fs: OutputFs, outDir: string, writes: Array<[string, string]>, removes: Array<[string, string]>, folders: FolderCheck): void {
  const staged: string[] = [];
  const journal: Journal = { renames: [], removes };
  try {
    for (const [path, content] of writes) {
      folders.create(path);
      const temp = stage(fs, join(outDir, dirname(path)), content);
      staged.push(temp);
      journal.renames.push([join(dirname(path), temp.slice(temp.lastIndexOf(TEMP_PREFIX))).split('\\').join('/'), path]);
    }
    const journalTemp = stage(fs, outDir, `${JSON.stringify(journal)}\n`);
    staged.push(journalTemp);
    // The staged files' folder entries reach the disk before the journal that points at them.
    for (const folder of new Set(writes.map(([path]) => dirname(path)))) syncFolder(fs, join(outDir, folder));
    fs.renameSync(journalTemp, join(outDir, JOURNAL_FILE));
    syncFolder(fs, outDir);
  } catch (error) {
    for (const temp of staged) tryUnlink(fs, temp);
    folders.removeCreated();
    throw error;
  }
  // The journal is on disk: from here on the switch is finished, by this run or by the next one.
  try {
    finish(fs, outDir, journal);
  } catch {
    try {
      finish(fs, outDir, journal);
    } catch (error) {
      throw Object.assign(new Error(`${outDir}/: the switch to the new output stopped half way (${(error as Error).message}); run synth again to finish it`), { code: (error as NodeJS.ErrnoException).code ?? 'EIO' });
    }
  }
}

/** Applies a journal: renames what is still staged, removes what still holds the recorded content. */
function finish(fs: OutputFs, outDir: string, journal: Journal): void {
  for (const [temp, target] of journal.renames) {
    if (inspect(fs, join(outDir, temp)).kind === 'file') fs.renameSync(join(outDir, temp), join(outDir, target));
  }
  for (const [path, hash] of journal.removes) {
    const current = inspect(fs, join(outDir, path));
    if (current.kind !== 'file' || contentHash(current.content) !== hash) continue;
    fs.unlinkSync(join(outDir, path));
    if (path.includes('/')) tryRmdir(fs, join(outDir, dirname(path)));
  }
  // The renames reach the disk before the journal that would redo them goes.
  for (const folder of new Set(journal.renames.map(([, target]) => dirname(target)))) syncFolder(fs, join(outDir, folder));
  tryUnlink(fs, join(outDir, JOURNAL_FILE));
}

/** Flushes a folder's entries (renames, new files) to disk; best effort where folders cannot be opened. */
function syncFolder(fs: OutputFs, dir: string): void {
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

/** Finishes the switch of a run that was killed after writing its journal. */
function recover(fs: OutputFs, outDir: string): void {
  const found = inspect(fs, join(outDir, JOURNAL_FILE));
  if (found.kind === 'missing') return;
  const journal = found.kind === 'file' ? parseJournal(found.content) : undefined;
  if (journal) finish(fs, outDir, journal);
  else tryUnlink(fs, join(outDir, JOURNAL_FILE));
}

function parseJournal(text: string): Journal | undefined {
  try {
    const data = JSON.parse(text) as Journal;
    const pair = (item: unknown): item is [string, string] => Array.isArray(item) && item.length === 2 && item.every((part) => typeof part === 'string');
    const renames = data.renames.filter((item) => pair(item) && isOwnablePath(item[1]) && isTempPath(item[0]));
    const removes = data.removes.filter((item) => pair(item) && isOwnablePath(item[0]));
    return { renames, removes };
  } catch {
    return undefined;
  }
}

function isTempPath(path: string): boolean {
  const slash = path.lastIndexOf('/');
  return TEMP_NAME.test(path.slice(slash + 1)) && (slash < 0 || isOwnablePath(path.slice(0, slash)));
}

/** Writes `content` to a new, exclusive temporary file in `dir` and flushes it; returns its path. */
function stage(fs: OutputFs, dir: string, content: string): string {
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}.tmp`);
  // 'wx' is O_CREAT|O_EXCL: it never follows a symbolic link and never reuses an existing file.
  const fd = fs.openSync(temp, 'wx');
  try {
    const bytes = Buffer.from(content, 'utf8');
    for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    tryUnlink(fs, temp);
    throw error;
  }
  fs.closeSync(fd);
  return temp;
}

/** Files synth owns: those its manifest lists, or for an output written before manifests, its kustomization's. */
function ownedFiles(fs: OutputFs, outDir: string): Map<string, string> {
  const manifest = inspect(fs, join(outDir, MANIFEST_FILE));
  if (manifest.kind === 'file') return new Map(parseManifest(manifest.content)?.files ?? []);
  return legacyOwnedFiles((path) => {
    const found = inspect(fs, join(outDir, path));
    return found.kind === 'file' ? found.content : undefined;
  });
}

/** Removes temporary files a killed run left in the output folder and the folders synth writes to. */
function removeLeftovers(fs: OutputFs, outDir: string, paths: readonly string[]): void {
  const folders = new Set(['.', ...paths.filter((path) => path.includes('/')).map((path) => dirname(path))]);
  for (const folder of folders) {
    const dir = join(outDir, folder);
    if (folder !== '.' && inspect(fs, dir).kind !== 'folder') continue;
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (TEMP_NAME.test(entry) && fs.lstatSync(join(dir, entry), { throwIfNoEntry: false })?.isFile()) tryUnlink(fs, join(dir, entry));
    }
  }
}

/** The folders on the way to each output file: checked once each, never a symbolic link. */
class FolderCheck {
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

type Found = { kind: 'missing' | 'folder' | 'symlink' | 'special' } | { kind: 'file'; content: string };

/** What is at `path`, without following a symbolic link; a regular file's content when `read`. */
function inspect(fs: OutputFs, path: string, read = true): Found {
  const stat = fs.lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return { kind: 'missing' };
  if (stat.isSymbolicLink()) return { kind: 'symlink' };
  if (stat.isDirectory()) return { kind: 'folder' };
  if (!stat.isFile()) return { kind: 'special' };
  return read ? { kind: 'file', content: fs.readFileSync(path, 'utf8') } : { kind: 'file', content: '' };
}

/** Creates the output folder if needed; refuses a path that is not a folder. */
function ensureFolder(fs: OutputFs, outDir: string): void {
  if (outDir === '') throw new Error('the output folder must not be empty');
  const stat = fs.lstatSync(outDir, { throwIfNoEntry: false });
  if (!stat) {
    fs.mkdirSync(outDir, { recursive: true });
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

/** Takes the output folder's lock, or throws OutputLockedError when a live run holds it. */
function acquireLock(fs: OutputFs, outDir: string): string {
  const path = join(outDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // The pid is written first, then linked into place (link fails if the lock exists): so a lock
      // is never seen without its pid, even when a run is killed while taking it.
      const temp = stage(fs, outDir, `${process.pid}\n`);
      try {
        fs.linkSync(temp, path);
      } finally {
        tryUnlink(fs, temp);
      }
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = inspect(fs, path);
    const holder = found.kind === 'file' ? Number.parseInt(found.content, 10) : NaN;
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new OutputLockedError(`${outDir}/ is locked by another openhands-k8s synth (pid ${holder}); wait for it to finish, or remove ${path} if that process is not openhands-k8s`);
    }
    // No pid yet: a run that is between creating the lock and writing its pid, unless it is old.
    const created = fs.lstatSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (!Number.isInteger(holder) && created !== undefined && Date.now() - created < FRESH_LOCK_MS) {
      throw new OutputLockedError(`${outDir}/ is locked by another openhands-k8s synth that is starting; try again`);
    }
    tryUnlink(fs, path); // left by a run that died: take it over
  }
  throw new OutputLockedError(`${outDir}/ is locked by another openhands-k8s synth; try again`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Compares the output folder with what the configs produce, without writing anything. */
export function diffOutput(outDir: string, files: ReadonlyMap<string, string>, fs: OutputFs = nodeFs): OutputDiff {
  const stat = fs.lstatSync(outDir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory() && !stat.isSymbolicLink()) throw Object.assign(new Error(`${outDir} is not a folder: --out must name a folder`), { code: 'ENOTDIR' });
  const changed: string[] = [];
  const missing: string[] = [];
  const current = new Map<string, string>();
  const compare = (path: string, content: string) => {
    const found = inspect(fs, join(outDir, path));
    if (found.kind === 'missing') missing.push(path);
    else if (found.kind !== 'file' || found.content !== content) {
      changed.push(path);
      current.set(path, found.kind === 'file' ? found.content : '');
    }
  };
  for (const [path, content] of files) compare(path, content);
  const stale = [...ownedFiles(fs, outDir).keys()].filter((path) => !files.has(path) && inspect(fs, join(outDir, path), false).kind !== 'missing');
  // The manifest follows from the files: worth a line only when nothing else differs.
  if (changed.length + missing.length + stale.length === 0) compare(MANIFEST_FILE, manifestText(files));
  return { changed, missing, stale, current };
}

/** The files the output folder's manifest (or, before manifests, its kustomization) says synth wrote. */
export function ownedOutputFiles(outDir: string, fs: OutputFs = nodeFs): string[] {
  return [...ownedFiles(fs, outDir).keys()];
}

function tryUnlink(fs: OutputFs, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // already gone
  }
}

function tryRmdir(fs: OutputFs, dir: string): void {
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    // not empty or not there: leave it
  }
}
