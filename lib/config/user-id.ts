import { deriveUserId } from '../openhands/user-id';
import { formatRelease, parseRelease, releaseFeatures } from '../openhands/releases';
import { Environment } from './env-overrides';
import { ConfigProblem } from './errors';
import { Config } from './schema';


/** The largest user id accepted, the bound of `sandbox.user_id` and `extended.manifests.user_id` too. */
const MAX_UID = 2147483647n;
/** The action server's `--user-id`, or the problem that keeps it from being known. */
export type UserIdResult = { readonly userId: string } | { readonly problem: ConfigProblem };

/**
 * The `--user-id`: `[extended.manifests] user_id` when set, else as OpenHands derives it for the
 * release from `core.run_as_openhands`, `sandbox.user_id` and `RUNTIME_UID` (0.59+), all already
 * after the environment and the deployment's entrypoint.
 */
export function resolveUserId(config: Config, env: Environment): UserIdResult {
  const manifests = config.extended.manifests;
  if (manifests.user_id !== undefined) return { userId: String(manifests.user_id) };
  const release = parseRelease(manifests.openhands_version)!;
  const rule = releaseFeatures(release).userId;
  const runtimeUid = rule === 'runtime-uid' ? env.RUNTIME_UID : undefined;
  if (runtimeUid && !/^[0-9]+$/.test(runtimeUid)) {
    return { problem: { key: 'RUNTIME_UID', envVar: 'RUNTIME_UID', value: runtimeUid, message: 'is passed verbatim as --user-id by OpenHands 0.59+, so it must be a whole number of digits' } };
  }
  if (runtimeUid && BigInt(runtimeUid) > MAX_UID) {
    return { problem: { key: 'RUNTIME_UID', envVar: 'RUNTIME_UID', value: runtimeUid, message: `is beyond ${MAX_UID}, the largest user id accepted (as for sandbox.user_id)` } };
  }
  const userId = deriveUserId({ rule, runAsOpenhands: config.core.run_as_openhands, sandboxUserId: config.sandbox.user_id, runtimeUid });
  if (userId !== undefined) return { userId };
  return {
    problem: {
      key: 'sandbox.user_id',
      message: `is unset, so OpenHands ${formatRelease(release)} with run_as_openhands passes the uid of its own process, which openhands-k8s cannot know: set [sandbox] user_id (or SANDBOX_USER_ID) to that uid, or [extended.manifests] user_id`,
    },
  };
}
