import { z } from 'zod';
import { AGENTS } from '../openhands/agents';
import { formatRelease, isUnsupported, NEWEST_RELEASE, OLDEST_RELEASE, parseRelease, Release, releaseFeatures } from '../openhands/releases';
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

/** Keys written in a raw config that the requested release does not have. */
export function missingKeyProblems(data: unknown, release: Release): { path: string[]; message: string }[] {
  const features = releaseFeatures(release);
  const core = (data as { core?: Record<string, unknown> })?.core;
  if (typeof core !== 'object' || core === null) return [];
  const lacking: [key: string, since: string][] = [
    ...(features.enableBrowser ? [] : [['enable_browser', '0.49'] as [string, string]]),
    ...(features.gitUserKeys ? [] : [['git_user_name', '0.52'], ['git_user_email', '0.52']] as [string, string][]),
  ];
  return lacking.filter(([key]) => key in core).map(([key, since]) => ({
    path: ['core', key],
    message: `does not exist in OpenHands ${formatRelease(release)} (added in ${since}): remove it, or set [extended.manifests] openhands_version to ${since} or later`,
  }));
}

/** `core.default_agent`: one of the agents OpenHands registers. */
export const DefaultAgent = z.enum(AGENTS);
