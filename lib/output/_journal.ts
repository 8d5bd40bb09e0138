import { dirname, join } from 'node:path';
import { fileHash, inspect, isTempPath, OutputFs, syncFolder, tryRmdir, tryUnlink } from './_output-fs';
import { isOwnablePath } from './manifest';

/** Written once every new file is staged; lets the next run finish a switch a killed run began. */
export const JOURNAL_FILE = '.openhands-k8s-journal.json';

/** One entry of the journal: a staged file and where it goes, or a file to remove. */
export interface Journal {
  /** `[temporary file, target]`, relative to the output folder, the manifest last. */
  readonly renames: Array<[string, string]>;
  /** `[file, hash]`: files to remove once the renames are done, if they still hold that content. */
  readonly removes: Array<[string, string]>;
}

/** Applies a journal: renames what is still staged, removes what still holds the recorded content. */
export function finish(fs: OutputFs, outDir: string, journal: Journal): void {
  for (const [temp, target] of journal.renames) {
    if (inspect(fs, join(outDir, temp), false).kind === 'file') fs.renameSync(join(outDir, temp), join(outDir, target));
  }
  for (const [path, hash] of journal.removes) {
    const current = inspect(fs, join(outDir, path));
    if (current.kind !== 'file' || fileHash(fs, current) !== hash) continue;
    fs.unlinkSync(join(outDir, path));
    if (path.includes('/')) tryRmdir(fs, join(outDir, dirname(path)));
  }
  // The renames reach the disk before the journal that would redo them goes.
  for (const folder of new Set(journal.renames.map(([, target]) => dirname(target)))) syncFolder(fs, join(outDir, folder));
  tryUnlink(fs, join(outDir, JOURNAL_FILE));
}

/** Finishes the switch of a run that was killed after writing its journal. */
export function recover(fs: OutputFs, outDir: string): void {
  const found = inspect(fs, join(outDir, JOURNAL_FILE));
  if (found.kind === 'missing') return;
  const journal = found.kind === 'file' && found.content !== undefined ? parseJournal(found.content) : undefined;
  if (journal) finish(fs, outDir, journal);
  else tryUnlink(fs, join(outDir, JOURNAL_FILE));
}

export function parseJournal(text: string): Journal | undefined {
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
