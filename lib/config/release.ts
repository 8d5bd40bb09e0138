import { z } from 'zod';
import { AGENTS } from '../openhands/agents';
import { keyLifetime, lifetimeNote } from '../openhands/config-keys';
import { formatRelease, isUnsupported, NEWEST_RELEASE, OLDEST_RELEASE, parseRelease, Release } from '../openhands/releases';
import { rule } from './_rules';

/** The OpenHands release whose objects are reproduced. */
export const OpenhandsVersion = z.string().superRefine(rule((text) => {
  const release = parseRelease(text);
  if (!release) return `must be an OpenHands release such as "${NEWEST_RELEASE}" (major.minor, optionally .patch)`;
  if (isUnsupported(release)) return `is older than ${OLDEST_RELEASE}: supported releases are ${OLDEST_RELEASE} to ${NEWEST_RELEASE} (newer ones with a warning)`;
  return undefined;
})).default(NEWEST_RELEASE)
  .describe(`The OpenHands release the app server runs (${OLDEST_RELEASE} to ${NEWEST_RELEASE}; later releases are accepted with a warning): the command line and the accepted keys follow it.`);

/** How the OpenHands app server is deployed, which decides its environment. */
export const OpenhandsDeployment = z.enum(['image', 'source'])
  .default('image')
  .describe('"image": the official OpenHands app image (its entrypoint sets RUN_AS_OPENHANDS=false, so user id 0). "source": OpenHands run from source, with only the given environment.');
export type OpenhandsDeployment = z.infer<typeof OpenhandsDeployment>;

/** The release a raw config asks for, leniently (a bad value is reported by the schema). */
export function requestedRelease(data: unknown): Release {
  const manifests = (data as { extended?: { manifests?: { openhands_version?: unknown } } })?.extended?.manifests;
  const text = manifests?.openhands_version;
  return (typeof text === 'string' && parseRelease(text)) || parseRelease(NEWEST_RELEASE)!;
}

/** The deployment a raw config asks for, leniently. */
export function requestedDeployment(data: unknown): OpenhandsDeployment {
  const manifests = (data as { extended?: { manifests?: { openhands_deployment?: unknown } } })?.extended?.manifests;
  return manifests?.openhands_deployment === 'source' ? 'source' : 'image';
}

/**
 * Keys written in a raw config that the requested release does not have: any `[sandbox]` key
 * (OpenHands refuses it at start-up) and the `[core]` keys read here (`coreKeysRead`; OpenHands
 * would ignore them, so the pod would not be what the file says).
 */
export function missingKeyProblems(data: unknown, release: Release, coreKeysRead: readonly string[]): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  for (const table of ['core', 'sandbox'] as const) {
    const section = (data as Record<string, unknown> | undefined)?.[table];
    if (typeof section !== 'object' || section === null || Array.isArray(section)) continue;
    for (const key of Object.keys(section)) {
      if (table === 'core' && !coreKeysRead.includes(key)) continue;
      const lifetime = keyLifetime(table, key);
      const note = lifetimeNote(table, key, release);
      if (!lifetime || !note) continue;
      const fix = lifetime.since && note.startsWith('added') ? `${lifetime.since} or later` : `an older release`;
      problems.push({ path: [table, key], message: `does not exist in OpenHands ${formatRelease(release)} (${note}): remove it, or set [extended.manifests] openhands_version to ${fix}` });
    }
  }
  return problems;
}

/** `core.default_agent`: one of the agents OpenHands registers. */
export const DefaultAgent = z.enum(AGENTS);
