import { z } from 'zod';
import {
  checkDns1123Label, checkDns1123Subdomain, checkEnvVarName, checkHostName, checkLabelKey, checkLabelValue,
} from './k8s-names';
import { checkQuantity, parseQuantity, QuantityKind } from './quantity';
import { parseTolerations } from './tolerations';
import { MAX_SESSION_ID_LENGTH, RESERVED_ENV_VARS, SELECTOR_LABEL_KEYS } from './runtime-names';

/** A string check that returns a problem sentence, or `undefined` when the value is valid. */
type Check = (value: string) => string | undefined;

/** Turns a problem-sentence check into a zod refinement. */
const rule = (check: Check) => (value: string, ctx: z.RefinementCtx) => {
  const problem = check(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
};

/** Empty strings keep OpenHands' meaning of "unset" for these keys, so they are not checked. */
const unlessEmpty = (check: Check): Check => (value) => (value === '' ? undefined : check(value));
const quantity = (kind: QuantityKind): Check => (value) => checkQuantity(value, kind);
const labelMap = z.record(z.string().superRefine(rule(checkLabelKey)), z.string().superRefine(rule(checkLabelValue)));
const extraLabels = labelMap.superRefine((labels, ctx) => {
  for (const key of Object.keys(labels).filter((name) => SELECTOR_LABEL_KEYS.includes(name))) {
    ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is a selector label the Services rely on and cannot be overridden`, input: labels[key] });
  }
});

/**
 * OpenHands' `[kubernetes]` section (`KubernetesConfig` in OpenHands): the same 13 keys, types and
 * defaults, unknown keys and wrong types rejected, plus the Kubernetes rules for each value.
 */
export const KubernetesConfig = z.strictObject({
  /** Namespace of every object. */
  namespace: z.string().superRefine(rule(checkDns1123Label)).default('default')
    .describe('Namespace every runtime object goes into (a DNS-1123 label).'),
  /** Domain under which each session's VS Code ingress host `<sid>.<domain>` lives. */
  ingress_domain: z.string().superRefine(rule(checkHostName)).default('localhost')
    .describe('Domain of the VS Code ingress hosts: each session gets <session>.<ingress_domain>.'),
  /** Size of each session's workspace volume. */
  pvc_storage_size: z.string().superRefine(rule(quantity('storage'))).default('2Gi')
    .describe('Storage requested by each session\'s workspace PersistentVolumeClaim (a quantity such as 2Gi).'),
  /** StorageClass of the workspace volume; unset uses the cluster default, `""` disables dynamic provisioning. */
  pvc_storage_class: z.string().superRefine(rule(unlessEmpty(checkDns1123Subdomain))).optional()
    .describe('StorageClass of the workspace volume. Unset: the cluster default class. "": no dynamic provisioning (storageClassName: "").'),
  /** CPU request of the sandbox container; there is no CPU limit. */
  resource_cpu_request: z.string().superRefine(rule(quantity('cpu'))).default('1')
    .describe('CPU request of the sandbox container (a quantity such as 1 or 500m). OpenHands sets no CPU limit.'),
  /** Memory request of the sandbox container. */
  resource_memory_request: z.string().superRefine(rule(quantity('memory'))).default('1Gi')
    .describe('Memory request of the sandbox container (a quantity such as 1Gi); at most the memory limit.'),
  /** Memory limit of the sandbox container. */
  resource_memory_limit: z.string().superRefine(rule(quantity('memory'))).default('2Gi')
    .describe('Memory limit of the sandbox container (a quantity such as 2Gi).'),
  /** Secret used to pull the runtime image; `""` counts as unset. */
  image_pull_secret: z.string().superRefine(rule(unlessEmpty(checkDns1123Subdomain))).optional()
    .describe('Name of a docker-registry Secret used to pull the runtime image. "" counts as unset.'),
  /** TLS Secret for the VS Code ingress; `""` counts as unset. */
  ingress_tls_secret: z.string().superRefine(rule(unlessEmpty(checkDns1123Subdomain))).optional()
    .describe('Name of a TLS Secret for the VS Code ingress hosts. "" counts as unset.'),
  /** Node label key the sandbox pods are pinned to, together with node_selector_val. */
  node_selector_key: z.string().superRefine(rule(unlessEmpty(checkLabelKey))).optional()
    .describe('Node label key for the pod nodeSelector; used only when node_selector_val is set too.'),
  /** Node label value the sandbox pods are pinned to, together with node_selector_key. */
  node_selector_val: z.string().superRefine(rule(checkLabelValue)).optional()
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
  const memory = (value: unknown) => (typeof value === 'string' && !checkQuantity(value, 'memory') ? parseQuantity(value) : undefined);
  const request = memory(k8s.resource_memory_request);
  const limit = memory(k8s.resource_memory_limit);
  if (request && limit && request.value > limit.value) {
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

/** The keys of OpenHands' top-level `[core]` section that shape the sandbox pod; other keys are OpenHands' own. */
export const CoreConfig = z.object({
  /** Where the workspace volume is mounted in the sandbox. */
  workspace_mount_path_in_sandbox: z.string()
    .superRefine(rule((path) => (path.startsWith('/') ? undefined : 'must be an absolute path, like "/workspace"')))
    .default('/workspace')
    .describe('Mount path of the workspace volume in the sandbox, and the --working-dir of the action server.'),
  /** Adds `DEBUG=true` to the sandbox environment. */
  debug: z.boolean().default(false).describe('When true, the sandbox gets DEBUG=true.'),
  /** When false, the action server starts with `--no-enable-browser`. */
  enable_browser: z.boolean().default(true).describe('When false, the action server runs with --no-enable-browser.'),
}).describe('OpenHands [core] keys that shape the sandbox pod; other [core] keys are ignored here.');
export type CoreConfig = z.infer<typeof CoreConfig>;

/** The keys of OpenHands' `[sandbox]` section that shape the sandbox pod; other keys are OpenHands' own. */
export const SandboxConfig = z.object({
  /** The runtime image; required because OpenHands' fallback base image contains no runtime. */
  runtime_container_image: z.string({
    error: (issue) => (issue.input === undefined
      ? 'is required: set it to an OpenHands runtime image (like "docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik"); OpenHands\' fallback base_container_image contains no action server and cannot start'
      : undefined),
  }).superRefine(rule((image) => (image.trim() === '' ? 'must not be empty'
    : /\s/.test(image) ? 'must not contain whitespace' : undefined)))
    .describe('The OpenHands runtime image of the sandbox container (required).'),
  /** Extra environment variables for the sandbox container, in order. */
  runtime_startup_env_vars: z.record(
    z.string().superRefine(rule((name) => checkEnvVarName(name)
      ?? (RESERVED_ENV_VARS.includes(name) ? `is set by OpenHands itself (${RESERVED_ENV_VARS.join(', ')}): pick another name` : undefined))),
    z.string(),
  ).default({}).describe('Extra environment variables of the sandbox container, appended in order (string values).'),
}).describe('OpenHands [sandbox] keys that shape the sandbox pod; other [sandbox] keys are ignored here.');
export type SandboxConfig = z.infer<typeof SandboxConfig>;

/** How much the generator adds to what OpenHands itself creates. */
export const SecurityProfile = z.enum(['hardened', 'openhands'])
  .describe('"hardened": a locked-down sandbox with namespace, RBAC and network policy. "openhands": exactly the objects OpenHands creates.');
export type SecurityProfile = z.infer<typeof SecurityProfile>;

/** The OpenHands app server that drives the sandboxes: who gets RBAC and who may reach port 8080. */
export const AppServerConfig = z.strictObject({
  /** The app server's ServiceAccount; the RoleBinding is emitted only when it is set. */
  service_account: z.string().superRefine(rule(checkDns1123Subdomain)).optional()
    .describe('ServiceAccount the OpenHands app server runs as; when set, a RoleBinding grants it the sandbox Role.'),
  /** Namespace the app server runs in. */
  namespace: z.string().superRefine(rule(checkDns1123Label)).default('openhands')
    .describe('Namespace the OpenHands app server runs in (RoleBinding subject, NetworkPolicy source).'),
  /** Labels of the app server's pods, allowed to reach the action server. */
  pod_labels: labelMap.default({ 'app.kubernetes.io/name': 'openhands' })
    .describe('Labels of the app server pods; the NetworkPolicy admits them to port 8080.'),
  /** Grants list and watch on pods too, for app servers that list their sandboxes. */
  list_watch: z.boolean().default(false).describe('Also grant list and watch on pods, services, PVCs and ingresses.'),
}).describe('The OpenHands app server that creates and drives the sandboxes.');

/** Network isolation of the sandbox pods. */
export const NetworkPolicyConfig = z.strictObject({
  /** Emits the NetworkPolicy; defaults to on with the hardened profile. */
  enabled: z.boolean().optional().describe('Emit a NetworkPolicy for the sandbox pods. Default: on with the hardened profile.'),
  /** Namespace of the ingress controller, allowed to reach VS Code on 8081. */
  ingress_controller_namespace: z.string().superRefine(rule(checkDns1123Label)).default('ingress-nginx')
    .describe('Namespace of the ingress controller, the only source allowed to reach VS Code (8081).'),
  /** Private CIDRs the sandboxes may reach; by default private ranges and cloud metadata are blocked. */
  allow_egress_cidrs: z.array(z.string().superRefine(rule(checkCidr))).default([])
    .describe('Extra CIDRs (e.g. a private package mirror) the sandboxes may reach besides DNS and the public internet.'),
}).describe('Network isolation of the sandbox pods.');

/** Settings read only by this generator, in `[extended.manifests]` where OpenHands ignores them. */
export const ManifestsConfig = z.strictObject({
  /** Name of this environment: the output file name and the `app.kubernetes.io/instance` label. */
  name: z.string().superRefine(rule(checkDns1123Label)).optional()
    .describe('Name of this environment: output file <name>.k8s.yaml. Default: the config file name without extension.'),
  /** Session ids to pre-provision sandboxes for. */
  sessions: z.array(z.string().superRefine(rule(checkSessionId))).min(1).default(['default'])
    .superRefine((ids, ctx) => {
      ids.forEach((id, index) => {
        if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `repeats session "${id}"`, input: id });
      });
    })
    .describe('Session ids to create sandboxes for (lower-case [a-z0-9-], at most 36 characters). OpenHands\' default session id is "default".'),
  /** No VS Code: no plugin, port, Service or Ingress. */
  headless: z.boolean().default(false)
    .describe('Headless sandboxes: no VS Code plugin, port, Service or Ingress.'),
  /** The `--user-id` of the action server. */
  user_id: z.number().int().min(0).max(2147483647).default(0)
    .describe('The --user-id of the action server: 0 with the official OpenHands app image, 1000 when the app runs from source with run_as_openhands.'),
  /** Security profile. */
  security_profile: SecurityProfile.default('hardened'),
  /** RuntimeClass of the sandbox pods, a safer alternative to privileged. */
  runtime_class: z.string().superRefine(rule(checkDns1123Subdomain)).optional()
    .describe('RuntimeClass of the sandbox pods (e.g. sysbox-runc or gvisor): stronger isolation, and Docker inside without privileged.'),
  /** ServiceAccount the sandbox pods run as under the hardened profile. */
  sandbox_service_account: z.string().superRefine(rule(checkDns1123Subdomain)).default('openhands-sandbox')
    .describe('ServiceAccount of the sandbox pods (hardened profile), emitted with automountServiceAccountToken: false.'),
  /** Emits the Namespace object (never for `default`). */
  namespace: z.boolean().optional().describe('Emit the Namespace with Pod Security labels (never for "default"). Default: on with the hardened profile.'),
  /** Emits the app server's Role (and RoleBinding when its ServiceAccount is set). */
  rbac: z.boolean().optional().describe('Emit the Role for the app server, and its RoleBinding when app_server.service_account is set. Default: on with the hardened profile.'),
  /** IngressClass of the VS Code ingresses. */
  ingress_class: z.string().superRefine(rule(checkDns1123Subdomain)).optional()
    .describe('IngressClass of the VS Code ingresses (ingressClassName). Default: the cluster default class.'),
  /** Extra annotations of the VS Code ingresses. */
  ingress_annotations: z.record(z.string().superRefine(rule(checkLabelKey)), z.string()).default({})
    .superRefine((annotations, ctx) => {
      if ('kubernetes.io/ingress.class' in annotations) {
        ctx.addIssue({ code: 'custom', path: ['kubernetes.io/ingress.class'], input: annotations['kubernetes.io/ingress.class'], message: 'is the deprecated class annotation: use ingress_class instead' });
      }
    })
    .describe('Extra annotations of the VS Code ingresses (cert-manager, nginx timeouts, websockets).'),
  /** Extra labels of the sandbox pods. */
  pod_labels: extraLabels.default({}).describe('Extra labels of the sandbox pods (app and session cannot be overridden).'),
  /** Extra labels of the workspace PVCs. */
  pvc_labels: extraLabels.default({}).describe('Extra labels of the workspace PersistentVolumeClaims.'),
  /** Extra labels of the VS Code ingresses. */
  ingress_labels: extraLabels.default({}).describe('Extra labels of the VS Code ingresses.'),
  /** The app server that drives the sandboxes. */
  app_server: AppServerConfig.prefault({}),
  /** Network isolation. */
  network_policy: NetworkPolicyConfig.prefault({}),
  /** Output layout. */
  layout: z.enum(['file', 'per-object']).default('file')
    .describe('"file": one <name>.k8s.yaml per config. "per-object": a folder <name>/ with one file per object, for small diffs.'),
}).describe('Settings read only by openhands-k8s. OpenHands ignores everything under [extended].');
export type ManifestsConfig = z.infer<typeof ManifestsConfig>;

/** A whole `config.toml`: the sections that feed the manifests, every other section left to OpenHands. */
export const Config = z.object({
  core: CoreConfig.prefault({}),
  kubernetes: KubernetesConfig.prefault({}),
  // An absent [sandbox] is read as an empty table so that the missing image is reported by its own key.
  sandbox: SandboxConfig.prefault({} as z.input<typeof SandboxConfig>),
  extended: z.object({ manifests: ManifestsConfig.prefault({}) })
    .prefault({})
    .describe('OpenHands\' free-form section; openhands-k8s reads [extended.manifests].'),
}).superRefine((config, ctx) => {
  const domain = config.kubernetes?.ingress_domain;
  const sessions = config.extended?.manifests?.sessions;
  if (typeof domain === 'string' && !checkHostName(domain) && Array.isArray(sessions)) {
    sessions.forEach((id, index) => {
      const problem = typeof id === 'string' && !checkSessionId(id) ? checkHostName(`${id}.${domain}`) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'sessions', index], input: id, message: `gives the ingress host "${id}.${domain}", which ${problem}` });
    });
  }
  const manifests = config.extended?.manifests;
  if (manifests?.security_profile === 'openhands') {
    for (const key of ['runtime_class', 'ingress_class'] as const) {
      if (manifests[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', key], input: manifests[key], message: 'changes the pod or ingress spec, so it needs security_profile = "hardened" ("openhands" reproduces OpenHands\' objects exactly)' });
    }
  }
  const debug = config.core?.debug;
  const envVars = config.sandbox?.runtime_startup_env_vars;
  if (envVars && typeof envVars === 'object') {
    for (const [name, value] of Object.entries(envVars)) {
      if (typeof value !== 'string') continue;
      if (name === 'DEBUG' && debug) ctx.addIssue({ code: 'custom', path: ['sandbox', 'runtime_startup_env_vars', name], input: value, message: 'collides with DEBUG=true set by core.debug' });
    }
  }
}, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .describe('An OpenHands config.toml, as read by openhands-k8s.');
export type Config = z.infer<typeof Config>;
/** A config as a person writes it, before defaults. */
export type ConfigInput = z.input<typeof Config>;

/** Session ids become part of object names and host names. */
export function checkSessionId(id: string): string | undefined {
  if (id.length === 0 || id.length > MAX_SESSION_ID_LENGTH || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id)) {
    return `must be 1 to ${MAX_SESSION_ID_LENGTH} characters of lower-case letters, digits and "-", starting and ending with a letter or digit (so every derived Service name stays a valid DNS-1035 label)`;
  }
  return undefined;
}

function checkCidr(cidr: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const valid = match && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
  return valid ? undefined : 'must be an IPv4 CIDR, like "10.20.0.0/16"';
}
