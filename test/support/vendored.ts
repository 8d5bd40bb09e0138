import { join, resolve } from 'node:path';

/** The project's root folder: everything the tests read lives below it. */
const ROOT = resolve(__dirname, '..', '..');

/** A vendored CRD folder (`imports/crds/`, see its README). */
export function crdPath(...parts: string[]): string {
  return join(ROOT, 'imports', 'crds', ...parts);
}

/** A test fixture (`test/fixtures/`), such as OpenHands' own V1 manifests. */
export function fixturePath(...parts: string[]): string {
  return join(ROOT, 'test', 'fixtures', ...parts);
}
