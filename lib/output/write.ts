import * as nodeFs from 'node:fs';
import { dirname, join } from 'node:path';
import { finish, Journal, JOURNAL_FILE, recover } from './_journal';
import { acquireLock } from './_lock';
import { ensureFolder, fileHash, FolderCheck, holds, inspect, OutputFs, stage, syncFolder, TEMP_NAME, TEMP_PREFIX, tryUnlink } from './_output-fs';
import { Content } from './content';
import { isOwnablePath, legacyOwnedFiles, MANIFEST_FILE, manifestProblem, manifestText, parseManifest } from './manifest';

export type { FileKind, OutputFs } from './_output-fs';
export { MAX_TEXT_BYTES } from './_output-fs';
export { JOURNAL_FILE } from './_journal';
export { LOCK_FILE, OutputLockedError } from './_lock';

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
  /**
   * The current content of each changed file, for a per-file diff; absent for a file larger than
   * {@link MAX_TEXT_BYTES} or compared with chunked content (compared by hash, never read whole).
   */
  readonly current: ReadonlyMap<string, string>;
}

/** Synth refused to touch the output folder; the user decides (exit 1). */
export class OutputConflictError extends Error {
  public readonly userError = true;
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
export function writeOutput(outDir: string, files: ReadonlyMap<string, Content>, options: WriteOptions = {}): WriteResult {
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

function switchOutput(fs: OutputFs, outDir: string, files: ReadonlyMap<string, Content>, force: boolean): WriteResult {
  const owned = ownedFiles(fs, outDir);
  removeLeftovers(fs, outDir, [...owned.keys(), ...files.keys()]);
  const folders = new FolderCheck(fs, outDir);
  const conflicts: string[] = [];
  const changes: Array<[string, Content]> = [];
  const unchanged: string[] = [];
  for (const [path, content] of files) {
    if (!isOwnablePath(path)) throw new Error(`refusing to write "${path}": not a plain relative path`);
    const refused = folders.check(path);
    if (refused) {
      conflicts.push(refused);
      continue;
    }
    // Chunked content is compared by length and hash: the current file is never read as one string.
    const current = inspect(fs, join(outDir, path), typeof content === 'string');
    if (current.kind === 'file' && holds(fs, current, content)) {
      unchanged.push(path);
      continue;
    }
    if (current.kind === 'folder') conflicts.push(`${path} is a folder`);
    else if (current.kind !== 'missing' && !force) {
      const recorded = owned.get(path);
      if (recorded === undefined) conflicts.push(`${path} was not written by openhands-k8s`);
      else if (current.kind !== 'file' || fileHash(fs, current) !== recorded) conflicts.push(`${path} was changed since openhands-k8s wrote it`);
    }
    changes.push([path, content]);
  }
  if (conflicts.length > 0) {
    const manifest = inspect(fs, join(outDir, MANIFEST_FILE));
    const unreadable = manifest.kind === 'file' && manifest.content !== undefined ? manifestProblem(manifest.content) : undefined;
    const why = unreadable ? `${MANIFEST_FILE} is not a manifest synth wrote (${unreadable}), so no file here counts as synth's.\n` : '';
    throw new OutputConflictError(`${outDir}/: refusing to overwrite:\n${conflicts.map((line) => `  ${line}\n`).join('')}${why}Move these files away, or run synth with --force to overwrite them.`);
  }
  const removes: Array<[string, string]> = [];
  const kept: string[] = [];
  for (const [path, hash] of owned) {
    if (files.has(path)) continue;
    const current = inspect(fs, join(outDir, path));
    if (current.kind === 'file' && fileHash(fs, current) === hash) removes.push([path, hash]);
    else if (current.kind !== 'missing') kept.push(path);
  }
  const manifest = manifestText(files);
  const manifestCurrent = inspect(fs, join(outDir, MANIFEST_FILE));
  const writes = changes.length > 0 || removes.length > 0 || manifestCurrent.kind !== 'file' || !holds(fs, manifestCurrent, manifest)
    ? [...changes, [MANIFEST_FILE, manifest] as [string, Content]] : [];
  if (writes.length > 0) commit(fs, outDir, writes, removes, folders);
  return { written: changes.map(([path]) => path), unchanged, removed: removes.map(([path]) => path), kept };
}

/** Stages every write, records the journal, then switches: the one way files change in the folder. */
function commit(fs: OutputFs, outDir: string, writes: Array<[string, Content]>, removes: Array<[string, string]>, folders: FolderCheck): void {
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

/** Files synth owns: those its manifest lists, or for an output written before manifests, its kustomization's. */
function ownedFiles(fs: OutputFs, outDir: string): Map<string, string> {
  const manifest = inspect(fs, join(outDir, MANIFEST_FILE));
  if (manifest.kind === 'file') return new Map(parseManifest(manifest.content ?? '')?.files ?? []);
  return legacyOwnedFiles((path) => {
    const found = inspect(fs, join(outDir, path));
    return found.kind === 'file' ? found.content : undefined; // a file too large to read is no legacy output
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

/** Compares the output folder with what the configs produce, without writing anything. */
export function diffOutput(outDir: string, files: ReadonlyMap<string, Content>, fs: OutputFs = nodeFs): OutputDiff {
  const stat = fs.lstatSync(outDir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory() && !stat.isSymbolicLink()) throw Object.assign(new Error(`${outDir} is not a folder: --out must name a folder`), { code: 'ENOTDIR' });
  const changed: string[] = [];
  const missing: string[] = [];
  const current = new Map<string, string>();
  const compare = (path: string, content: Content) => {
    const found = inspect(fs, join(outDir, path)); // text up to MAX_TEXT_BYTES, for the diff
    if (found.kind === 'missing') missing.push(path);
    else if (found.kind !== 'file' || !holds(fs, found, content)) {
      changed.push(path);
      if (found.kind !== 'file') current.set(path, '');
      else if (found.content !== undefined) current.set(path, found.content);
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
