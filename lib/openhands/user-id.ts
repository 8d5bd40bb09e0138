import { UserIdRule } from './releases';

/** The inputs OpenHands' `command.py` derives the action server's `--user-id` from. */
export interface UserIdInputs {
  /** The release's rule. */
  readonly rule: UserIdRule;
  /** `core.run_as_openhands` after the environment (truthiness). */
  readonly runAsOpenhands: boolean;
  /** `sandbox.user_id` after the environment; absent means the app process's own uid. */
  readonly sandboxUserId?: number;
  /** The `RUNTIME_UID` variable (0.59+), verbatim; empty counts as unset. */
  readonly runtimeUid?: string;
}

/**
 * `override_user_id or ...` as OpenHands' KubernetesRuntime calls it: its override is 0, which is
 * falsy, so the id always falls through to the release's rule.
 * @returns the id, or undefined when it is the app process's uid, which only the app knows.
 */
export function deriveUserId(inputs: UserIdInputs): string | undefined {
  if (!inputs.runAsOpenhands) {
    return inputs.rule === 'runtime-uid' && inputs.runtimeUid ? inputs.runtimeUid : '0';
  }
  switch (inputs.rule) {
    case 'sandbox-user-id':
      return inputs.sandboxUserId === undefined ? undefined : String(inputs.sandboxUserId);
    case 'fixed-1000':
      return '1000';
    case 'runtime-uid':
      return inputs.runtimeUid || '1000';
  }
}
