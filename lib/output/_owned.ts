import { FolderCheck } from './_folders';
import { legacyOwnedFiles, MANIFEST_FILE, parseManifest } from './manifest';

/** What is known of the output folder's files before a switch: each owned file's hash and, where recorded, size. */
export type Owned = Map<string, { hash: string; size?: number }>;

/** Files synth owns: those its manifest lists, or for an output written before manifests, its kustomization's. */
export function ownedFiles(folders: FolderCheck): Owned {
  const manifest = folders.find(MANIFEST_FILE);
  if (manifest.kind === 'file') {
    const parsed = parseManifest(manifest.content ?? '');
    return new Map([...parsed?.files ?? []].map(([path, hash]) => [path, { hash, size: parsed?.sizes.get(path) }]));
  }
  const legacy = legacyOwnedFiles((path) => {
    const found = folders.find(path);
    return found.kind === 'file' ? found.content : undefined; // a file too large to read is no legacy output
  });
  return new Map([...legacy].map(([path, hash]) => [path, { hash }]));
}

