import { createHash } from 'node:crypto';
import { claimName } from '../agent-sandbox/sandbox-urls';
import { pinnedClaimEnv, SandboxClaimRules } from './_sandbox-claim-validations';

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A SandboxClaim as sent to the API server. */
export interface SandboxClaimObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  readonly spec: { warmPoolRef: { name: string }; env: Array<{ name: string; value: string }> };
}

/**
 * The SandboxClaim the sandbox-server creates for `sandboxId` under these rules (the smallest one
 * its `start_sandbox` sends: name, labels and annotation, the pool, and the env this config pins),
 * for `smoke`'s dry run. The claim policy is built from the same rules, so a refusal means the
 * cluster's policy is not this output's.
 */
export function sandboxServerClaim(rules: SandboxClaimRules, namespace: string, sandboxId: string): SandboxClaimObject {
  return {
    apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
    kind: 'SandboxClaim',
    metadata: {
      name: claimName(sandboxId, sha256Hex),
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'openhands-app-server', 'agents.openhands.dev/sandbox-id': sandboxId },
      annotations: { 'agents.openhands.dev/sandbox-spec-id': rules.warmPool },
    },
    spec: {
      warmPoolRef: { name: rules.warmPool },
      env: Object.entries(pinnedClaimEnv(rules)).map(([name, value]) => ({ name, value })),
    },
  };
}
