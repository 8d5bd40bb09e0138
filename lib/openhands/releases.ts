/**
 * The OpenHands releases whose V0 KubernetesRuntime this project reproduces, and what differs
 * between them (OpenHands' `command.py` has five variants from 0.45.0 to 0.62.0; the objects
 * are otherwise identical). Patch releases (0.49.1, 0.52.1, 0.57.2, ...) match their `.0`.
 */

/** The oldest release whose objects were verified. */
export const OLDEST_RELEASE = '0.45';
/** The newest release whose objects were verified; the default. */
export const NEWEST_RELEASE = '0.62';

/** A release as `major.minor`. */
export interface Release {
  readonly major: number;
  readonly minor: number;
}

/** How the action server's `--user-id` is derived in a release. */
export type UserIdRule =
  /** 0.45-0.54: `sandbox.user_id` when `run_as_openhands`, else 0. */
  | 'sandbox-user-id'
  /** 0.55-0.58: 1000 when `run_as_openhands`, else 0. */
  | 'fixed-1000'
  /** 0.59+: the `RUNTIME_UID` variable, else 1000 when `run_as_openhands`, else 0. */
  | 'runtime-uid';

/** What a release's command line and config keys look like. */
export interface ReleaseFeatures {
  /** `core.enable_browser` exists (0.49+), and `--no-enable-browser` is appended when it is false. */
  readonly enableBrowser: boolean;
  /** `core.git_user_name` / `core.git_user_email` exist (0.52+). */
  readonly gitUserKeys: boolean;
  /** `--git-user-name N --git-user-email E` follow `--user-id` (0.52 only). */
  readonly gitUserArgs: boolean;
  /** How `--user-id` is derived. */
  readonly userId: UserIdRule;
}

/**
 * Parses `0.62`, `0.62.0` or `1.0`; undefined for anything else.
 */
export function parseRelease(text: string): Release | undefined {
  const match = /^(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})(?:\.(0|[1-9][0-9]{0,3}))?$/.exec(text);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** Whether `a` is older than `b`. */
export function isOlder(a: Release, b: Release): boolean {
  return a.major !== b.major ? a.major < b.major : a.minor < b.minor;
}

/** Whether a release is newer than the newest verified one (its objects are assumed unchanged). */
export function isUnverified(release: Release): boolean {
  return isOlder(parseRelease(NEWEST_RELEASE)!, release);
}

/** Whether a release predates the oldest verified one (unsupported). */
export function isUnsupported(release: Release): boolean {
  return isOlder(release, parseRelease(OLDEST_RELEASE)!);
}

/** The features of a supported release; releases after the newest behave as the newest. */
export function releaseFeatures(release: Release): ReleaseFeatures {
  const at = (minor: number) => release.major > 0 || release.minor >= minor;
  return {
    enableBrowser: at(49),
    gitUserKeys: at(52),
    gitUserArgs: release.major === 0 && release.minor === 52,
    userId: at(59) ? 'runtime-uid' : at(55) ? 'fixed-1000' : 'sandbox-user-id',
  };
}

/** `0.62` as text. */
export function formatRelease(release: Release): string {
  return `${release.major}.${release.minor}`;
}

/**
 * The release of an OpenHands runtime image: OpenHands' repository (`all-hands-ai/runtime` or
 * `openhands/runtime`, on any registry or mirror) with a tag that starts with the release
 * (`0.59-nikolaik`, `0.62.0-nikolaik`, `0.62`). Undefined for any other image.
 */
export function runtimeImageRelease(image: string): Release | undefined {
  const match = /(?:^|\/)(?:all-hands-ai|openhands)\/runtime:([^@/]+)(?:@.*)?$/.exec(image);
  const release = match && /^(\d+\.\d+(?:\.\d+)?)(?:-|$)/.exec(match[1]);
  return release ? parseRelease(release[1]) : undefined;
}
