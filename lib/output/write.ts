import * as nodeFs from 'node:fs';
import { dirname, join } from 'node:path';
import { FolderCheck } from './_folders';
import { finish, Journal, JOURNAL_FILE, recover, stillHolds } from './_journal';
import { acquireLock, HeldLock } from './_lock';
import { ensureFolder, holds, inspect, OutputFs, removeFolders, syncFolder, TEMP_NAME, tryUnlink } from './_output-fs';
import { clearStaging, Staging } from './_staging';
import { byteLength, Content } from './content';
import { contentHash, isOwnablePath, MANIFEST_FILE, manifestDigest, manifestParts, manifestProblem } from './manifest';
import { Records } from './_records';
import { ownedFiles } from './_owned';

export type { FileKind, OutputFs } from './_output-fs';
export { FolderStateError, MAX_TEXT_BYTES } from './_output-fs';
export { JOURNAL_FILE } from './_journal';
export { LOCK_FILE, OutputLockedError } from './_lock';
export { STAGING_DIR } from './_staging';
export { diffOutput, ownedOutputFiles } from './_diff';
export type { OutputDiff } from './_diff';

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
  /** What the user should know (a foreign journal removed unapplied). */
  readonly warnings: string[];
}

/** Synth refused to touch the output folder; the user decides (exit 1). */
export class OutputConflictError extends Error {
  public readonly userError = true;
}

/**
 * Replaces the output folder's generated files with `files`, so that no failure, no kill and no
 * signal ever leaves a mix of old and new output, and nothing outside the folder is touched:
 *
 * - every path resolves inside the real output folder: each folder on the way is checked with
 *   `lstat`, files are read with no-follow opens, created exclusively, renamed and removed by
 *   name; a symbolic link anywhere in the folder is never followed;
 * - a lock file (`.openhands-k8s.lock`, the pid) keeps a second synth out; a dead run's lock is
 *   taken over exclusively (see `acquireLock`);
 * - `files` is consumed once, as it comes: each new or changed file is written into the staging
 *   folder (`.openhands-k8s-staging/`) at once and dropped from memory; a failure up to the
 *   journal removes the staging folder and leaves the old output as it was;
 * - then the staged files are flushed to disk, a journal (bound to this run's lock) lists the
 *   renames, and the renames switch the files into place, the manifest last; a run killed during
 *   the renames is finished by the next run, which takes over its lock;
 * - ownership comes from the manifest (`.openhands-k8s-manifest.json`, every file synth wrote, its
 *   hash and size): synth removes only listed files that still hold what it wrote, and refuses to
 *   overwrite a file it did not write (or that was edited) unless `force`.
 */
export function writeOutput(outDir: string, files: Iterable<readonly [string, Content]>, options: WriteOptions = {}): WriteResult {
  const fs = options.fs ?? nodeFs;
  const created = ensureFolder(fs, outDir);
  const folders = new FolderCheck(fs, fs.realpathSync(outDir));
  const warnings: string[] = [];
  let lock: HeldLock;
  try {
    lock = acquireLock(fs, folders.root, outDir, (dead) => {
      const warning = recover(fs, folders, dead);
      if (warning !== undefined) warnings.push(warning);
    });
  } catch (error) {
    removeFolders(fs, created);
    throw error;
  }
  try {
    clearStaging(fs, folders.root);
    const result = switchOutput(fs, outDir, folders, files, options.force ?? false, lock.identity);
    tryUnlink(fs, lock.path);
    return { ...result, warnings };
  } catch (error) {
    // Half way through the renames, the lock stays: the journal is bound to it, and the next run,
    // taking over the lock of this dead process, finishes the switch.
    if (!(error as { halfWay?: boolean }).halfWay) {
      tryUnlink(fs, lock.path);
      removeFolders(fs, created);
    }
    throw error;
  }
}

function switchOutput(fs: OutputFs, outDir: string, folders: FolderCheck, files: Iterable<readonly [string, Content]>, force: boolean, lock: string): Omit<WriteResult, 'warnings'> {
  const owned = ownedFiles(folders);
  removeLeftovers(fs, folders, [...owned.keys()]);
  const staging = new Staging(fs, folders.root);
  const records = new Records();
  const staged = new Map<string, number>();
  const conflicts: string[] = [];
  const unchanged = new Set<string>();
  try {
    for (const [path, content] of files) {
      if (!isOwnablePath(path)) throw new Error(`refusing to write "${path}": not a plain relative path`);
      const again = records.set(path, contentHash(content), byteLength(content)); // the same file produced twice: the later one wins
      staged.delete(path);
      unchanged.delete(path);
      const refused = folders.check(path);
      if (refused) {
        conflicts.push(refused);
        continue;
      }
      // Chunked content is compared by length and hash: the current file is never read as one string.
      const current = folders.find(path, typeof content === 'string');
      if (current.kind === 'file' && holds(fs, current, content)) {
        unchanged.add(path);
        continue;
      }
      if (current.kind === 'folder') conflicts.push(`${path} is a folder`);
      else if (current.kind !== 'missing' && !force) {
        const recorded = owned.get(path);
        if (recorded === undefined) conflicts.push(`${path} was not written by openhands-k8s`);
        else if (current.kind !== 'file' || !stillHolds(fs, current, recorded.hash, recorded.size)) conflicts.push(`${path} was changed since openhands-k8s wrote it`);
      }
      // Once something is refused nothing will be written: stop staging, keep checking.
      if (conflicts.length > 0) continue;
      // A file of a top folder that does not exist yet goes into a staged copy of that folder, switched in by one rename.
      const slash = path.indexOf('/');
      if (slash > 0 && slash === path.lastIndexOf('/') && folders.isMissing(path)) {
        staging.stageInNewFolder(path.slice(0, slash), path.slice(slash + 1), content, again);
      } else {
        staged.set(path, staging.stage(content));
      }
    }
    if (conflicts.length > 0) {
      const manifest = folders.find(MANIFEST_FILE);
      const unreadable = manifest.kind === 'file' && manifest.content !== undefined ? manifestProblem(manifest.content) : undefined;
      const why = unreadable ? `${MANIFEST_FILE} is not a manifest synth wrote (${unreadable}), so no file here counts as synth's.\n` : '';
      throw new OutputConflictError(`${outDir}/: refusing to overwrite:\n${conflicts.map((line) => `  ${line}\n`).join('')}${why}Move these files away, or run synth with --force to overwrite them.`);
    }
    const removes: Array<[string, string, number]> = [];
    const kept: string[] = [];
    for (const [path, { hash, size }] of owned) {
      if (records.has(path)) continue;
      const current = folders.find(path, false);
      if (current.kind === 'file' && stillHolds(fs, current, hash, size)) removes.push([path, hash, current.size]);
      else if (current.kind !== 'missing') kept.push(path);
    }
    const renames: Array<[string, string]> = [...staging.newFolders(), ...[...staged].map(([path, index]): [string, string] => [Staging.nameOf(index), path])];
    // The manifest is made twice rather than held (500,000 files: 100 MB of text): hashed to see
    // whether it changed when nothing else did, then streamed into its staged file.
    const manifestCurrent = folders.find(MANIFEST_FILE, false);
    const manifestSame = (): boolean => {
      if (manifestCurrent.kind !== 'file') return false;
      const { hash, size } = manifestDigest(records);
      return stillHolds(fs, manifestCurrent, hash, size);
    };
    if (renames.length > 0 || removes.length > 0 || !manifestSame()) {
      renames.push([Staging.nameOf(staging.stageParts(manifestParts(records))), MANIFEST_FILE]);
      commit(fs, outDir, folders, staging, { lock, renames, removes });
    } else {
      staging.discard();
    }
    return { written: [...inNewFolders(records.keys(), staging), ...staged.keys()], unchanged: [...unchanged], removed: removes.map(([path]) => path), kept };
  } catch (error) {
    if (!(error as { halfWay?: boolean }).halfWay) staging.discard();
    throw error;
  }
}

/** The files written into folders staged whole (no set of them is kept while staging: 500,000 at 100,000 sessions). */
function* inNewFolders(paths: Iterable<string>, staging: Staging): Generator<string> {
  const folders = new Set(staging.newFolders().map(([, folder]) => folder));
  if (folders.size === 0) return;
  for (const path of paths) {
    const slash = path.indexOf('/');
    if (slash > 0 && slash === path.lastIndexOf('/') && folders.has(path.slice(0, slash))) yield path;
  }
}

/** Flushes the staged files, records the journal, then switches: the one way files change in the folder. */
function commit(fs: OutputFs, outDir: string, folders: FolderCheck, staging: Staging, journal: Journal): void {
  staging.flush();
  const name = Staging.nameOf(staging.stage(`${JSON.stringify(journal)}\n`, true));
  fs.renameSync(join(folders.root, name), join(folders.root, JOURNAL_FILE));
  syncFolder(fs, folders.root);
  // The journal is on disk: from here on the switch is finished, by this run or by the next one.
  try {
    finish(fs, folders, journal, true);
  } catch {
    try {
      finish(fs, folders, journal);
    } catch (error) {
      throw Object.assign(new Error(`${outDir}/: the switch to the new output stopped half way (${(error as Error).message}); run synth again to finish it`), { code: (error as NodeJS.ErrnoException).code ?? 'EIO', halfWay: true });
    }
  }
}

/** Removes temporary files that a killed run of a version before the staging folder left beside the files. */
function removeLeftovers(fs: OutputFs, folders: FolderCheck, paths: readonly string[]): void {
  for (const folder of new Set(['.', ...paths.filter((path) => path.includes('/')).map((path) => dirname(path))])) {
    const dir = folder === '.' ? folders.root : folders.check(`${folder}/x`) === undefined ? join(folders.root, folder) : undefined;
    if (dir === undefined || inspect(fs, dir, false).kind !== 'folder') continue;
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (TEMP_NAME.test(entry) && inspect(fs, join(dir, entry), false).kind === 'file') tryUnlink(fs, join(dir, entry));
    }
  }
}
