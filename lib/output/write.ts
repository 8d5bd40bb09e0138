import * as nodeFs from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_HEADER } from './files';

/** The file-system calls output writing makes; tests replace them to inject failures. */
export interface OutputFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  rmdirSync(path: string): void;
  readdirSync(path: string): string[];
}

/** What a write did, file by file, relative to the output folder. */
export interface WriteResult {
  readonly written: string[];
  readonly unchanged: string[];
  readonly removed: string[];
}

/** How the output folder differs from what the configs produce. */
export interface OutputDiff {
  readonly changed: string[];
  readonly missing: string[];
  readonly stale: string[];
}

/**
 * Replaces the output folder's generated files with `files`, so that a failure never leaves
 * half an output: every new file is first written to a temporary sibling, then all are renamed
 * into place. On any error the temporary files are removed and the old output is untouched.
 * Only files a previous run generated (listed in its kustomization.yaml) are ever deleted.
 */
export function writeOutput(outDir: string, files: ReadonlyMap<string, string>, fs: OutputFs = nodeFs): WriteResult {
  const previous = previousFiles(outDir, fs);
  const before = new Map([...files.keys()].map((path) => [path, readOrUndefined(fs, join(outDir, path))]));
  const changes = [...files].filter(([path, content]) => before.get(path) !== content);
  const staged: Array<[temp: string, target: string, path: string]> = [];
  let renamed = 0;
  const createdDirs: string[] = [];
  try {
    for (const [path, content] of changes) {
      const target = join(outDir, path);
      makeDirs(dirname(target), fs, createdDirs);
      const temp = join(dirname(target), `.openhands-k8s-${process.pid}-${staged.length}.tmp`);
      staged.push([temp, target, path]);
      fs.writeFileSync(temp, content);
    }
    for (; renamed < staged.length; renamed++) fs.renameSync(staged[renamed][0], staged[renamed][1]);
  } catch (error) {
    for (const [temp] of staged.slice(renamed)) tryUnlink(fs, temp);
    for (const [, target, path] of staged.slice(0, renamed)) restore(fs, target, before.get(path));
    for (const dir of createdDirs.reverse()) tryRmdir(fs, dir);
    throw error;
  }
  const stale = previous.filter((path) => !files.has(path));
  for (const path of stale) {
    tryUnlink(fs, join(outDir, path));
    tryRmdir(fs, dirname(join(outDir, path)));
  }
  const written = changes.map(([path]) => path);
  return { written, unchanged: [...files.keys()].filter((path) => !written.includes(path)), removed: stale };
}

/** Compares the output folder with what the configs produce, without writing anything. */
export function diffOutput(outDir: string, files: ReadonlyMap<string, string>, fs: OutputFs = nodeFs): OutputDiff {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of files) {
    const current = readOrUndefined(fs, join(outDir, path));
    if (current === undefined) missing.push(path);
    else if (current !== content) changed.push(path);
  }
  const stale = previousFiles(outDir, fs).filter((path) => !files.has(path));
  return { changed, missing, stale };
}

/** The files the previous run generated: those its kustomization.yaml lists, if synth wrote it. */
function previousFiles(outDir: string, fs: OutputFs): string[] {
  const kustomization = readOrUndefined(fs, join(outDir, 'kustomization.yaml'));
  if (!kustomization?.startsWith(GENERATED_HEADER)) return [];
  const listed = [...kustomization.matchAll(/^ {2}- (.+)$/gm)].map((match) => match[1]);
  return listed.filter((path) => readOrUndefined(fs, join(outDir, path))?.startsWith(GENERATED_HEADER));
}

function readOrUndefined(fs: OutputFs, path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function makeDirs(dir: string, fs: OutputFs, created: string[]): void {
  try {
    fs.readdirSync(dir);
  } catch {
    makeDirs(dirname(dir), fs, created);
    fs.mkdirSync(dir, { recursive: true });
    created.push(dir);
  }
}

/** Puts back a file a failed run had already replaced (or removes one it had created). */
function restore(fs: OutputFs, target: string, content: string | undefined): void {
  if (content === undefined) tryUnlink(fs, target);
  else fs.writeFileSync(target, content);
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
