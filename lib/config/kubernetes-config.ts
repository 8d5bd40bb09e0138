import { z } from 'zod';
import { checkDns1123Label, checkDns1123Subdomain, checkHostName, checkLabelKey, checkLabelValue, JSON_SCHEMA_PATTERNS as P } from '../kube/names';
import { checkQuantity, compareQuantities } from '../kube/quantity';
import { quantityString, rule, unlessEmpty } from './_rules';
import { parseTolerations } from './tolerations';

/**
 * OpenHands names each conversation's VS Code host `<32-character id>.<domain>`, which must stay a
 * valid host name of at most 253 characters, so the domain has 220 at most.
 */
const MAX_INGRESS_DOMAIN_LENGTH = 253 - 33;

function checkIngressDomain(domain: string): string | undefined {
  if (domain.length > MAX_INGRESS_DOMAIN_LENGTH) {
    return `has ${domain.length} characters: OpenHands names each conversation's host <32-character id>.<domain>, which must stay within 253, so the domain may have ${MAX_INGRESS_DOMAIN_LENGTH} at most`;
  }
  return checkHostName(domain);
}

/**
 * OpenHands' `[kubernetes]` section (`KubernetesConfig` in OpenHands): the same 13 keys, types and
 * defaults, unknown keys and wrong types rejected, plus the Kubernetes rules for each value.
 */
export const KubernetesConfig = z.strictObject({
  namespace: z.string().superRefine(rule(checkDns1123Label)).meta({ pattern: P.dns1123Label, maxLength: 63 }).default('default')
    .describe('Namespace every runtime object goes into (a DNS-1123 label).'),
  /** Domain under which each session's VS Code ingress host `<sid>.<domain>` lives. */
  ingress_domain: z.string().superRefine(rule(checkIngressDomain)).meta({ pattern: P.dns1123Subdomain, maxLength: MAX_INGRESS_DOMAIN_LENGTH }).default('localhost')
    .describe('Domain of the VS Code ingress hosts: each session gets <session>.<ingress_domain>.'),
  /** Size of each session's workspace volume. */
  pvc_storage_size: quantityString('storage').default('2Gi')
    .describe('Storage requested by each session\'s workspace PersistentVolumeClaim (a quantity such as 2Gi).'),
  /** StorageClass of the workspace volume; unset uses the cluster default, `""` disables dynamic provisioning. */
  pvc_storage_class: z.string().superRefine(rule(unlessEmpty(checkDns1123Subdomain))).meta({ pattern: P.optionalDns1123Subdomain, maxLength: 253 }).optional()
    .describe('StorageClass of the workspace volume. Unset: the cluster default class. "": no dynamic provisioning (storageClassName: "").'),
  /** CPU request of the sandbox container; there is no CPU limit. */
  resource_cpu_request: quantityString('cpu').default('1')
    .describe('CPU request of the sandbox container (a quantity such as 1 or 500m). OpenHands sets no CPU limit.'),
  /** Memory request of the sandbox container. */
  resource_memory_request: quantityString('memory').default('1Gi')
    .describe('Memory request of the sandbox container (a quantity such as 1Gi); at most the memory limit.'),
  /** Memory limit of the sandbox container. */
  resource_memory_limit: quantityString('memory').default('2Gi')
    .describe('Memory limit of the sandbox container (a quantity such as 2Gi).'),
  /** Secret used to pull the runtime image; `""` counts as unset. */
  image_pull_secret: z.string().superRefine(rule(unlessEmpty(checkDns1123Subdomain))).meta({ pattern: P.optionalDns1123Subdomain, maxLength: 253 }).optional()
    .describe('Name of a docker-registry Secret used to pull the runtime image. "" counts as unset.'),
  /** TLS Secret for the VS Code ingress; `""` counts as unset. */
  ingress_tls_secret: z.string().superRefine(rule(unlessEmpty(checkDns1123Subdomain))).meta({ pattern: P.optionalDns1123Subdomain, maxLength: 253 }).optional()
    .describe('Name of a TLS Secret for the VS Code ingress hosts. "" counts as unset.'),
  /** Node label key the sandbox pods are pinned to, together with node_selector_val. */
  node_selector_key: z.string().superRefine(rule(unlessEmpty(checkLabelKey))).meta({ pattern: P.optionalLabelKey }).optional()
    .describe('Node label key for the pod nodeSelector; used only when node_selector_val is set too.'),
  /** Node label value the sandbox pods are pinned to, together with node_selector_key. */
  node_selector_val: z.string().superRefine(rule(checkLabelValue)).meta({ pattern: P.labelValue, maxLength: 63 }).optional()
    .describe('Node label value for the pod nodeSelector; used only when node_selector_key is set too.'),
  /** Tolerations as a YAML list with the Python client's snake_case field names. */
  tolerations_yaml: z.string().superRefine((text, ctx) => {
    for (const problem of parseTolerations(text).problems) ctx.addIssue({ code: 'custom', message: problem, input: text });
  }).optional()
    .describe('Pod tolerations as a YAML list; items use key, operator, value, effect, toleration_seconds. "" counts as unset.'),
  /** Runs the sandbox container privileged (Docker inside the sandbox). */
  privileged: z.boolean().default(false)
    .describe('Run the sandbox container privileged (needed for Docker inside the sandbox).'),
}).superRefine((k8s, ctx) => {
  // Compare only two valid memory quantities: a bad one is already reported on its own key.
  const memory = (value: unknown): value is string => typeof value === 'string' && !checkQuantity(value, 'memory');
  const request = k8s.resource_memory_request;
  const limit = k8s.resource_memory_limit;
  if (memory(request) && memory(limit) && compareQuantities(request, limit) === 1) {
    ctx.addIssue({
      code: 'custom', path: ['resource_memory_request'], input: k8s.resource_memory_request,
      message: `must not exceed resource_memory_limit "${k8s.resource_memory_limit}" (the API server rejects such a pod)`,
    });
  }
  const key = k8s.node_selector_key ?? '';
  const val = k8s.node_selector_val ?? '';
  if ((key === '') !== (val === '')) {
    const [missing, present] = key === '' ? ['node_selector_key', 'node_selector_val'] : ['node_selector_val', 'node_selector_key'];
    ctx.addIssue({
      code: 'custom', path: [missing], input: undefined,
      message: `must be set together with ${present} (OpenHands ignores a node selector with only one of them)`,
    });
  }
}, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });
export type KubernetesConfig = z.infer<typeof KubernetesConfig>;
