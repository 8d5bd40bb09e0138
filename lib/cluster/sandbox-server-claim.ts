import { createHash, randomBytes } from 'node:crypto';
import { claimName } from '../agent-sandbox/sandbox-urls';
import { pinnedClaimEnv, SandboxClaimRules, SESSION_KEY } from './_sandbox-claim-validations';

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A SandboxClaim as sent to the API server. */
export interface SandboxClaimObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  readonly spec: {
    warmPoolRef: { name: string };
    env: Array<{ name: string; value: string }>;
    lifecycle?: { shutdownTime: string; shutdownPolicy: 'Delete' };
  };
}

/**
 * A time as the sandbox-server writes `shutdownTime`: Python's `isoformat()` of an aware UTC
 * datetime with `+00:00` turned into `Z`, so microseconds (six digits) unless they are zero.
 */
export function pythonUtcIsoformat(time: Date): string {
  const iso = time.toISOString();
  return iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * The SandboxClaim the sandbox-server creates for `sandboxId` under these rules (the smallest one
 * its `start_sandbox` sends: name, labels and annotation, the pool, the env this config pins
 * including the CORS origins, a session key when it injects one, and with
 * `shutdown_after_seconds` a `Delete` lifecycle that long after `now`), for `smoke`'s dry run.
 * The claim policy is built from the same rules, so a refusal means the cluster's policy is not
 * this output's.
 */
export function sandboxServerClaim(rules: SandboxClaimRules, namespace: string, sandboxId: string, now: Date = new Date()): SandboxClaimObject {
  // A throwaway key like the sandbox-server's (32 random bytes): a dry run stores nothing.
  const key = rules.injectSessionKey ? randomBytes(32).toString('base64url') : undefined;
  return {
    apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
    kind: 'SandboxClaim',
    metadata: {
      name: claimName(sandboxId, sha256Hex),
      namespace,
      labels: {
        'app.kubernetes.io/managed-by': 'openhands-app-server',
        'agents.openhands.dev/sandbox-id': sandboxId,
        ...(key && { 'agents.openhands.dev/session-key-hash': sha256Hex(key).slice(0, 32) }),
      },
      annotations: { 'agents.openhands.dev/sandbox-spec-id': rules.warmPool },
    },
    spec: {
      warmPoolRef: { name: rules.warmPool },
      env: Object.entries({ ...pinnedClaimEnv(rules), ...(key && { [SESSION_KEY]: key }) }).map(([name, value]) => ({ name, value })),
      ...(rules.shutdownAfterSeconds !== undefined && {
        lifecycle: { shutdownTime: pythonUtcIsoformat(new Date(now.getTime() + rules.shutdownAfterSeconds * 1000)), shutdownPolicy: 'Delete' as const },
      }),
    },
  };
}
