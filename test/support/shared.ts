import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A path in the team's shared reference folder (CRDs, OpenHands' example manifests). CI clones the
 * project with `shared/` beside it; a developer's checkout has it at /work/shared. Missing, it is an
 * error, never a skipped test.
 */
export function sharedPath(...parts: string[]): string {
  const candidates = [resolve(__dirname, '..', '..', '..', 'shared'), '/work/shared'];
  const root = candidates.find((candidate) => existsSync(join(candidate, ...parts)));
  if (!root) throw new Error(`shared/${parts.join('/')} not found beside the project (looked in ${candidates.join(', ')})`);
  return join(root, ...parts);
}
