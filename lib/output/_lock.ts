import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FolderStateError, inspect, OutputFs, tryUnlink } from './_output-fs';

/** Held by a running synth: the pid of its process. */
export const LOCK_FILE = '.openhands-k8s.lock';

/** Names the pid files a run links into place as the lock (`<LOCK_FILE>.<hex>.tmp`) or as a takeover marker. */
const LOCK_CANDIDATE_PREFIX = `${LOCK_FILE}.`;

/** How long a lock without a pid counts as a run that is starting, before it counts as dead. */
export const FRESH_LOCK_MS = 5000;

/** Another synth holds the output folder (exit 3: the machine refused, try again). */
export class OutputLockedError extends Error {
  public readonly code = 'EBUSY';
}

/** The lock a run holds. */
export interface HeldLock {
  readonly path: string;
  /** The lock file's identity (see {@link identityOf}); the journal records it. */
  readonly identity: string;
}

/** The kernel's identity of a file: device, inode and birth time, which no checkout or archive can choose. */
export function identityOf(fs: OutputFs, path: string): string | undefined {
  const stat = fs.lstatSync(path, { throwIfNoEntry: false, bigint: true });
  return stat && `${stat.dev}:${stat.ino}:${stat.birthtimeNs}`;
}

/**
 * Takes the output folder's lock, or throws OutputLockedError when a live run holds it.
 *
 * A lock is a file holding its run's pid, written first and then hard-linked into place (a link
 * fails if the lock exists), so a lock is never seen without its pid. The lock of a dead run is
 * taken over, and `recover` runs with its identity before it goes (a journal bound to it is
 * finished). Taking over is exclusive: a run first links its own pid file as the marker
 * `<LOCK_FILE>.<inode>.takeover` of exactly the dead lock it read, checks that the lock is still that
 * file, and only then removes it. Two runs taking over the same dead lock meet at the marker; a run
 * that read the dead lock before another replaced it finds another file there and starts over: a
 * live run's lock is never removed.
 */
export function acquireLock(fs: OutputFs, root: string, display: string, recover: (deadLock: string | undefined) => void): HeldLock {
  const path = join(root, LOCK_FILE);
  // Not named like a staged output file: a run cleaning up leftovers must not take it away.
  const candidate = join(root, `${LOCK_CANDIDATE_PREFIX}${randomBytes(8).toString('hex')}.tmp`);
  writePid(fs, candidate);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (tryLink(fs, candidate, path)) return held(fs, root, path, candidate, () => recover(undefined));
      const dead = deadLock(fs, path, display);
      if (dead === undefined) continue; // gone meanwhile: try again
      const marker = join(root, `${LOCK_CANDIDATE_PREFIX}${dead.split(':')[1]}.takeover`);
      if (!tryLink(fs, candidate, marker)) {
        const pid = pidIn(fs, marker);
        if (pid !== undefined && isAlive(pid)) throw new OutputLockedError(`${display}/ is being taken over from a dead synth by another openhands-k8s synth (pid ${pid}); try again`);
        tryUnlink(fs, marker); // the marker of a run that died while taking over
        continue;
      }
      try {
        if (identityOf(fs, path) !== dead) continue; // someone took it over first: look again
        recover(dead);
        fs.unlinkSync(path);
        if (tryLink(fs, candidate, path)) return held(fs, root, path, candidate);
      } finally {
        tryUnlink(fs, marker);
      }
    }
    throw new OutputLockedError(`${display}/ is locked by another openhands-k8s synth; try again`);
  } finally {
    tryUnlink(fs, candidate);
  }
}

/** The lock just linked into place; released again if anything fails before it is handed over. */
function held(fs: OutputFs, root: string, path: string, candidate: string, then?: () => void): HeldLock {
  try {
    then?.();
    removeDeadCandidates(fs, root, candidate);
    return { path, identity: identityOf(fs, path)! };
  } catch (error) {
    tryUnlink(fs, path);
    throw error;
  }
}

/** The identity of the lock at `path` when its run is dead; throws when a live run holds it. */
function deadLock(fs: OutputFs, path: string, display: string): string | undefined {
  // The identity of the very file whose pid is read: taken before and after reading, and a lock
  // replaced in between (another run took it over) is looked at again.
  const identity = identityOf(fs, path);
  const found = inspect(fs, path);
  if (found.kind === 'missing') return undefined;
  if (found.kind !== 'file') {
    throw new FolderStateError(`${path} is ${found.kind === 'folder' ? 'a folder' : found.kind === 'symlink' ? 'a symbolic link' : 'not a regular file'}, where synth keeps its lock; synth never made it. Remove it and run synth again.`);
  }
  if (identityOf(fs, path) !== identity) return undefined;
  const holder = Number.parseInt(found.content ?? '', 10);
  if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
    throw new OutputLockedError(`${display}/ is locked by another openhands-k8s synth (pid ${holder}); wait for it to finish, or remove ${path} if that process is not openhands-k8s`);
  }
  // No pid: not one of ours (ours are written before they are linked) unless old.
  const created = fs.lstatSync(path, { throwIfNoEntry: false })?.mtimeMs;
  if (!Number.isInteger(holder) && created !== undefined && Date.now() - created < FRESH_LOCK_MS) {
    throw new OutputLockedError(`${display}/ is locked by another openhands-k8s synth that is starting; try again`);
  }
  return identity;
}

function writePid(fs: OutputFs, path: string): void {
  const fd = fs.openSync(path, 'wx'); // O_EXCL: never follows a link, never reuses a file
  try {
    const text = Buffer.from(`${process.pid}\n`);
    fs.writeSync(fd, text, 0, text.length);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    tryUnlink(fs, path);
    throw error;
  }
  fs.closeSync(fd);
}

function tryLink(fs: OutputFs, from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function pidIn(fs: OutputFs, path: string): number | undefined {
  const found = inspect(fs, path);
  const pid = found.kind === 'file' ? Number.parseInt(found.content ?? '', 10) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Removes the pid files and markers of runs killed while taking the lock (a live run's stay: it is still trying). */
function removeDeadCandidates(fs: OutputFs, root: string, own: string): void {
  for (const entry of fs.readdirSync(root)) {
    if (!entry.startsWith(LOCK_CANDIDATE_PREFIX) || !(entry.endsWith('.tmp') || entry.endsWith('.takeover'))) continue;
    const path = join(root, entry);
    if (path === own) continue;
    const pid = pidIn(fs, path);
    // Without a pid yet, a run may be writing it right now: only an old one is a dead run's.
    const dead = pid !== undefined ? !isAlive(pid)
      : Date.now() - (fs.lstatSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > FRESH_LOCK_MS;
    if (dead) tryUnlink(fs, path);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
