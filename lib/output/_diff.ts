import * as nodeFs from 'node:fs';
import { FolderCheck } from './_folders';
import { holds, OutputFs } from './_output-fs';
import { Content } from './content';
import { MANIFEST_FILE, manifestText } from './manifest';
import { ownedFiles } from './_owned';

/** How the output folder differs from what the configs produce. */
export interface OutputDiff {
  readonly changed: string[];
  readonly missing: string[];
  readonly stale: string[];
  /**
   * The current content of each changed file, for a per-file diff; absent for a file larger than
   * MAX_TEXT_BYTES or compared with chunked content (compared by hash, never read whole).
   */
  readonly current: ReadonlyMap<string, string>;
}

/** The output folder checked from its real path; `undefined` when it does not exist yet. */
function outputFolder(fs: OutputFs, outDir: string): FolderCheck | undefined {
  const stat = fs.lstatSync(outDir, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isDirectory() && !stat.isSymbolicLink()) throw Object.assign(new Error(`${outDir} is not a folder: --out must name a folder`), { code: 'ENOTDIR' });
  return new FolderCheck(fs, fs.realpathSync(outDir));
}

/** Compares the output folder with what the configs produce, without writing anything (nor reading through a link). */
export function diffOutput(outDir: string, files: ReadonlyMap<string, Content>, fs: OutputFs = nodeFs): OutputDiff {
  const folders = outputFolder(fs, outDir);
  const changed: string[] = [];
  const missing: string[] = [];
  const current = new Map<string, string>();
  const compare = (path: string, content: Content) => {
    const found = folders?.find(path) ?? { kind: 'missing' }; // text up to MAX_TEXT_BYTES, for the diff
    if (found.kind === 'missing') missing.push(path);
    else if (found.kind !== 'file' || !holds(fs, found, content)) {
      changed.push(path);
      if (found.kind !== 'file') current.set(path, '');
      else if (found.content !== undefined) current.set(path, found.content);
    }
  };
  for (const [path, content] of files) compare(path, content);
  const stale = folders === undefined ? [] : [...ownedFiles(folders).keys()].filter((path) => !files.has(path) && folders.find(path, false).kind !== 'missing');
  // The manifest follows from the files: worth a line only when nothing else differs.
  if (changed.length + missing.length + stale.length === 0) compare(MANIFEST_FILE, manifestText(files));
  return { changed, missing, stale, current };
}

/** The files the output folder's manifest (or, before manifests, its kustomization) says synth wrote. */
export function ownedOutputFiles(outDir: string, fs: OutputFs = nodeFs): string[] {
  const folders = outputFolder(fs, outDir);
  return folders === undefined ? [] : [...ownedFiles(folders).keys()];
}
