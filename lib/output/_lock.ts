import { join } from 'node:path';
import { inspect, OutputFs, stage, tryUnlink } from './_output-fs';

/** Held by a running synth: the pid of its process. */
export const LOCK_FILE = '.openhands-k8s.lock';

/** Names the pid file a run links into place as the lock. */
const LOCK_CANDIDATE_PREFIX = `${LOCK_FILE}.`;

/** How long a lock without a pid counts as a run that is starting, before it counts as dead. */
export const FRESH_LOCK_MS = 5000;

/** Another synth holds the output folder (exit 3: the machine refused, try again). */
export class OutputLockedError extends Error {
  public readonly code = 'EBUSY';
}

/** Takes the output folder's lock, or throws OutputLockedError when a live run holds it. */
export function acquireLock(fs: OutputFs, outDir: string): string {
  const path = join(outDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // The pid is written first, then linked into place (link fails if the lock exists): so a lock
      // is never seen without its pid, even when a run is killed while taking it.
      // Not named like a staged output file: a run cleaning up leftovers must not take it away.
      const temp = stage(fs, outDir, `${process.pid}\n`, LOCK_CANDIDATE_PREFIX);
      try {
        fs.linkSync(temp, path);
      } finally {
        tryUnlink(fs, temp);
      }
      removeDeadCandidates(fs, outDir);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = inspect(fs, path);
    const holder = found.kind === 'file' ? Number.parseInt(found.content ?? '', 10) : NaN;
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

/** Removes the pid files of runs killed while taking the lock (a live run's stay: it is still trying). */
function removeDeadCandidates(fs: OutputFs, outDir: string): void {
  for (const entry of fs.readdirSync(outDir)) {
    if (!entry.startsWith(LOCK_CANDIDATE_PREFIX) || !entry.endsWith('.tmp')) continue;
    const found = inspect(fs, join(outDir, entry));
    if (found.kind !== 'file') continue;
    const pid = Number.parseInt(found.content ?? '', 10);
    // Without a pid yet, a run may be writing it right now: only an old one is a dead run's.
    const dead = Number.isInteger(pid) && pid > 0 ? !isAlive(pid)
      : Date.now() - (fs.lstatSync(join(outDir, entry), { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > FRESH_LOCK_MS;
    if (dead) tryUnlink(fs, join(outDir, entry));
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
