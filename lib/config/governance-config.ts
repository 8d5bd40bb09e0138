import { z } from 'zod';
import { quantityString, rule } from './_rules';

/** The Kubernetes minor versions the generator knows how to target, as "1.<minor>". */
const checkKubernetesVersion = (version: string): string | undefined => {
  const match = /^1\.(\d{1,2})$/.exec(version);
  if (!match) return 'must be a Kubernetes minor version like "1.36"';
  return Number(match[1]) < 28 ? 'is older than Kubernetes 1.28, the oldest version the generated objects support' : undefined;
};

/**
 * The oldest Kubernetes version the generated output supports (ValidatingAdmissionPolicy v1 is GA
 * in 1.30), and the default target: an output for it applies and works on every newer cluster.
 */
export const OLDEST_SUPPORTED_KUBERNETES = '1.30';

/** The minor version number of a "1.<minor>" string. */
export const kubernetesMinor = (version: string): number => Number(version.split('.')[1]);

/**
 * Governance of the sandboxes OpenHands creates at run time, in `[extended.manifests.governance]`:
 * admission policies, quotas and GitOps annotations, all namespace-scoped and hardened-only.
 */
export const GovernanceConfig = z.strictObject({
  /** Kubernetes minor version of the target cluster; decides the admission policies' API versions. */
  kubernetes_version: z.string().superRefine(rule(checkKubernetesVersion)).default(OLDEST_SUPPORTED_KUBERNETES)
    .describe(`Kubernetes minor version of the oldest cluster the output goes to (default ${OLDEST_SUPPORTED_KUBERNETES}, the oldest supported): 1.34-1.35 add the MutatingAdmissionPolicy at v1beta1 (feature gate needed), 1.36+ at v1; it also pins the Pod Security version. The output never needs a newer cluster than this.`),
  /** Sets `automountServiceAccountToken: false` on the namespace's `default` ServiceAccount. */
  default_service_account: z.boolean().default(true)
    .describe('Emit the namespace\'s "default" ServiceAccount with automountServiceAccountToken: false (OpenHands\' pods run as it).'),
  /** Emits the MutatingAdmissionPolicy that hardens the pods OpenHands creates. */
  mutating_policy: z.boolean().default(true)
    .describe('Emit a MutatingAdmissionPolicy giving the pods OpenHands creates the hardened profile\'s security settings.'),
  /** Emits the ValidatingAdmissionPolicies that admit only what OpenHands creates for this config. */
  validating_policy: z.boolean().default(true)
    .describe('Emit ValidatingAdmissionPolicies admitting only the pods, Services, Ingresses and PVCs OpenHands creates for this config.'),
  /** Validation actions of the validating policies' bindings. */
  validation_action: z.enum(['Deny', 'Warn', 'Audit']).default('Deny')
    .describe('What the validating policies do with a refused object: Deny, or Warn/Audit to try them out first.'),
  /** Sizes the ResourceQuota. */
  max_sessions: z.number().int().min(1).max(1000000).default(10)
    .describe('How many sandboxes may exist at once: sizes the ResourceQuota (pods, claims, services, ingresses, CPU, memory, storage), which also admits the pod and claim of one more while one is being deleted.'),
  /** Emits the ResourceQuota. */
  resource_quota: z.boolean().default(true).describe('Emit a ResourceQuota sized by max_sessions.'),
  /** Emits the LimitRange. */
  limit_range: z.boolean().default(true).describe('Emit a LimitRange with the sandbox\'s ephemeral-storage limit as default and maximum.'),
  /** Ephemeral storage limit of the sandbox container (its writable layer, logs, emptyDirs). */
  ephemeral_storage_limit: quantityString('storage').default('10Gi')
    .describe('Ephemeral-storage limit of the sandbox container (root filesystem writes, logs); set on pre-provisioned pods and by the mutating policy.'),
  /** Annotations that keep Argo CD from pruning or fighting over the per-session objects. */
  gitops_annotations: z.boolean().default(true)
    .describe('Annotate per-session objects so Argo CD neither prunes them nor reports objects OpenHands created as extraneous.'),
}).describe('Governance of the sandboxes OpenHands creates at run time (hardened profile only).');
export type GovernanceConfig = z.infer<typeof GovernanceConfig>;
