import { dirname, join } from 'node:path';
import { FolderCheck } from './_folders';
import { FolderStateError, fileHash, FoundFile, inspect, OutputFs, READ_NO_FOLLOW, syncFolder } from './_output-fs';
import { clearStaging, STAGED_NAME } from './_staging';
import { isOwnablePath, MANIFEST_FILE } from './manifest';

/** Written once every new file is staged; lets the next run finish a switch a killed run began. */
export const JOURNAL_FILE = '.openhands-k8s-journal.json';

/** What a switch does: staged files and where they go, then files to remove. */
export interface Journal {
  /**
   * The identity (device, inode, birth time) of the lock file the run held when it wrote the
   * journal. A journal is applied only by the run that takes over exactly that lock from a dead
   * process: numbers the kernel assigned, which no checkout, archive or copy reproduces, so a
   * journal planted in the folder (or left from another folder) is never applied.
   */
  readonly lock: string;
  /** `[staged file or new folder, target]`, relative to the output folder, the manifest last. */
  readonly renames: Array<[string, string]>;
  /** `[file, hash, size]`: files to remove once the renames are done, if they still hold that content. */
  readonly removes: Array<[string, string, number]>;
}

/** Whether a found file still holds what synth wrote (`hash`, of `size` bytes): by size first, so a huge or sparse file is never read. */
export function stillHolds(fs: OutputFs, file: FoundFile, hash: string, size: number | undefined): boolean {
  if (size !== undefined ? file.size !== size : file.size > MAX_UNSIZED_BYTES) return false;
  return fileHash(fs, file) === hash;
}

/** A file whose size its manifest does not record (one written before sizes were) is hashed only up to this size. */
export const MAX_UNSIZED_BYTES = 1024 * 1024 * 1024;

/**
 * Applies a journal: renames what is still staged, removes what still holds the recorded content.
 * `fresh`: the run that staged the files applies it, every staged file is there.
 */
export function finish(fs: OutputFs, folders: FolderCheck, journal: Journal, fresh = false): void {
  const root = folders.root;
  for (const [staged, target] of journal.renames) {
    const folder = /\/d[0-9]+$/.test(staged); // a new folder staged whole
    if (!fresh && folders.find(staged, false).kind !== (folder ? 'folder' : 'file')) continue; // renamed before the kill
    folders.create(target);
    fs.renameSync(join(root, staged), join(root, target));
    if (folder) folders.made(target);
  }
  for (const [path, hash, size] of journal.removes) {
    const current = folders.find(path, false);
    if (current.kind !== 'file' || !stillHolds(fs, current, hash, size)) continue;
    fs.unlinkSync(join(root, path));
    if (path.includes('/')) folders.removeIfEmpty(dirname(path));
  }
  // The renames reach the disk before the journal that would redo them goes.
  for (const folder of new Set(journal.renames.map(([, target]) => dirname(target)))) if (folder !== '.') syncFolder(fs, join(root, folder));
  syncFolder(fs, root);
  fs.unlinkSync(join(root, JOURNAL_FILE));
  clearStaging(fs, root);
}

/**
 * Finishes the switch of a run that was killed after writing its journal, if the journal is bound
 * to `deadLock` (the identity of the lock this run took over from a dead process). Returns a
 * warning when it removed a journal that is not synth's own.
 */
export function recover(fs: OutputFs, folders: FolderCheck, deadLock: string | undefined): string | undefined {
  const path = join(folders.root, JOURNAL_FILE);
  const found = inspect(fs, path, false);
  if (found.kind === 'missing') return undefined;
  if (found.kind === 'folder' || found.kind === 'special') {
    throw new FolderStateError(`${path} is ${found.kind === 'folder' ? 'a folder' : 'not a regular file'}, where synth keeps its journal; synth never wrote it. Remove it and run synth again.`);
  }
  const journal = found.kind === 'file' ? parseJournal(readText(fs, path)) : undefined;
  if (journal !== undefined && deadLock !== undefined && journal.lock === deadLock) {
    finish(fs, folders, journal);
    return undefined;
  }
  fs.unlinkSync(path);
  return `${path}: removed a journal that no killed synth run left on this folder (${found.kind === 'symlink' ? 'a symbolic link' : 'planted, copied or orphaned'}); nothing in it was applied`;
}

function readText(fs: OutputFs, path: string): string {
  const fd = fs.openSync(path, READ_NO_FOLLOW);
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a journal's text: only staged files renamed onto plain relative paths (or the manifest), only plain paths removed. */
export function parseJournal(text: string): Journal | undefined {
  try {
    const data = JSON.parse(text) as Journal;
    const strings = (item: unknown, n: number): boolean => Array.isArray(item) && item.length >= n && item.slice(0, n).every((part) => typeof part === 'string');
    if (typeof data.lock !== 'string') return undefined;
    const renames = data.renames.filter((item) => strings(item, 2) && STAGED_NAME.test(item[0]) && (isOwnablePath(item[1]) || item[1] === MANIFEST_FILE));
    const removes = data.removes.filter((item) => strings(item, 2) && isOwnablePath(item[0]) && Number.isSafeInteger(item[2]));
    return { lock: data.lock, renames, removes };
  } catch {
    return undefined;
  }
}
