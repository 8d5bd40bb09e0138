import { z } from 'zod';
import { parseCidr } from '../kube/cidr';
import { checkDns1123Label, checkDns1123Subdomain, JSON_SCHEMA_PATTERNS as P } from '../kube/names';
import { MAX_SESSION_ID_LENGTH } from '../openhands/runtime-names';
import { extraLabels, labelKey, labelMap, rule, userRecord } from './_rules';
import { AgentSandboxConfig, Target } from './agent-sandbox-config';
import { GovernanceConfig } from './governance-config';
import { OpenhandsDeployment, OpenhandsVersion } from './release';

/** How much the generator adds to what OpenHands itself creates. */
export const SecurityProfile = z.enum(['hardened', 'openhands'])
  .describe('"hardened": a locked-down sandbox with namespace, RBAC and network policy. "openhands": exactly the objects OpenHands creates.');
export type SecurityProfile = z.infer<typeof SecurityProfile>;

/** The OpenHands app server that drives the sandboxes: who gets RBAC and who may reach port 8080. */
export const AppServerConfig = z.strictObject({
  /** The app server's ServiceAccount; the RoleBinding is emitted only when it is set. */
  service_account: z.string().superRefine(rule(checkDns1123Subdomain)).meta({ pattern: P.dns1123Subdomain, maxLength: 253 }).optional()
    .meta({ description: 'ServiceAccount the OpenHands app server runs as; when set, a RoleBinding grants it the sandbox Role. Target agent-sandbox: the ServiceAccount is emitted too, named "openhands-app-server" when unset.', 'x-default': 'unset' }),
  /** Namespace the app server runs in. */
  namespace: z.string().superRefine(rule(checkDns1123Label)).meta({ pattern: P.dns1123Label, maxLength: 63 }).default('openhands')
    .describe('Namespace the OpenHands app server runs in (RoleBinding subject, NetworkPolicy source).'),
  /** Labels of the app server's pods, allowed to reach the action server. */
  pod_labels: labelMap.prefault({ 'app.kubernetes.io/name': 'openhands' })
    .describe('Labels of the app server pods; the NetworkPolicy admits them to port 8080 (target agent-sandbox: to the agent server, 8000, when there are no browser routes; the sandboxes may call them back).'),
  /** Grants list and watch on pods too, for app servers that list their sandboxes. */
  list_watch: z.boolean().default(false).describe('Also grant list and watch on pods, services, PVCs and ingresses.'),
}).describe('The OpenHands app server that creates and drives the sandboxes.');

/** Network isolation of the sandbox pods. */
export const NetworkPolicyConfig = z.strictObject({
  /** Emits the NetworkPolicy; defaults to on with the hardened profile. */
  enabled: z.boolean().optional().meta({ description: 'Emit a NetworkPolicy for the sandbox pods.', 'x-default': 'on when hardened' }),
  /** Namespace of the ingress controller, allowed to reach VS Code on 8081. */
  ingress_controller_namespace: z.string().superRefine(rule(checkDns1123Label)).meta({ pattern: P.dns1123Label, maxLength: 63 }).default('ingress-nginx')
    .describe('Namespace of the ingress controller, the only source allowed to reach VS Code (8081).'),
  /** Private CIDRs the sandboxes may reach; by default private ranges and cloud metadata are blocked. */
  allow_egress_cidrs: z.array(z.string().superRefine(rule(checkCidr))).default([])
    .describe('Extra IPv4 or IPv6 CIDRs (e.g. a private package mirror) the sandboxes may reach besides DNS and the public internet.'),
  /** Ports the allowed CIDRs are limited to. */
  allow_egress_ports: z.array(z.number().int().min(1).max(65535)).default([])
    .describe('TCP ports the allow_egress_cidrs are limited to; empty allows every port.'),
  /** Namespace of the cluster DNS pods (label k8s-app=kube-dns). */
  dns_namespace: z.string().superRefine(rule(checkDns1123Label)).default('kube-system')
    .describe('Namespace of the cluster DNS pods (k8s-app=kube-dns), the only DNS servers the sandboxes may reach.'),
}).describe('Network isolation of the sandbox pods.');

/** Settings read only by this generator, in `[extended.manifests]` where OpenHands ignores them. */
export const ManifestsConfig = z.strictObject({
  target: Target.default('openhands-runtime'),
  /** Name of this environment: the output file name and the `app.kubernetes.io/instance` label. */
  name: z.string().superRefine(rule(checkDns1123Label)).meta({ pattern: P.dns1123Label, maxLength: 63 }).optional()
    .meta({ description: 'Name of this environment: output file <name>.k8s.yaml and the app.kubernetes.io/instance label.', 'x-default': 'the config file name' }),
  /** Session ids to pre-provision sandboxes for. */
  sessions: z.array(z.string().superRefine(rule(checkSessionId)).meta({ pattern: P.dns1123Label, maxLength: MAX_SESSION_ID_LENGTH })).meta({ uniqueItems: true }).default(['default'])
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((id, index) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `repeats session "${id}"`, input: id });
        seen.add(id);
      });
    })
    .describe('Session ids to pre-provision sandboxes for (lower-case [a-z0-9-], at most 36 characters); [] emits only the namespace-level objects. OpenHands\' default session id is "default".'),
  /** No VS Code: no plugin, port, Service or Ingress. */
  headless: z.boolean().default(false)
    .describe('Headless sandboxes: no VS Code plugin, port, Service or Ingress.'),
  openhands_version: OpenhandsVersion,
  openhands_deployment: OpenhandsDeployment,
  /** An explicit `--user-id`, over the one derived as OpenHands does. */
  user_id: z.number().int().min(0).max(2147483647).optional()
    .meta({ description: 'Explicit --user-id of the action server, over the one OpenHands derives (deviates from OpenHands when it differs).', 'x-default': 'derived as OpenHands does for the release and deployment' }),
  security_profile: SecurityProfile.default('hardened'),
  /** RuntimeClass of the sandbox pods, a safer alternative to privileged. */
  runtime_class: z.string().superRefine(rule(checkDns1123Subdomain)).meta({ pattern: P.dns1123Subdomain, maxLength: 253 }).optional()
    .describe('RuntimeClass of the sandbox pods (e.g. sysbox-runc or gvisor): stronger isolation, and Docker inside without privileged.'),
  /** ServiceAccount the sandbox pods run as under the hardened profile. */
  sandbox_service_account: z.string().superRefine(rule(checkDns1123Subdomain)).meta({ pattern: P.dns1123Subdomain, maxLength: 253 }).default('openhands-sandbox')
    .describe('ServiceAccount of the sandbox pods (hardened profile), emitted with automountServiceAccountToken: false.'),
  /** Emits the Namespace object (never for `default`). */
  namespace: z.boolean().optional()
    .meta({ description: 'Emit the Namespace with Pod Security labels (never for "default").', 'x-default': 'on when hardened' }),
  /** Emits the app server's Role (and RoleBinding when its ServiceAccount is set). */
  rbac: z.boolean().optional()
    .meta({ description: 'Emit the Role for the app server, and its RoleBinding when app_server.service_account is set.', 'x-default': 'on when hardened' }),
  ingress_class: z.string().superRefine(rule(checkDns1123Subdomain)).meta({ pattern: P.dns1123Subdomain, maxLength: 253 }).optional()
    .meta({ description: 'IngressClass of the VS Code ingresses (ingressClassName).', 'x-default': 'the cluster default class' }),
  /** Extra annotations of the VS Code ingresses. */
  ingress_annotations: userRecord(labelKey, z.string()).prefault({})
    .superRefine((annotations, ctx) => {
      if ('kubernetes.io/ingress.class' in annotations) {
        ctx.addIssue({ code: 'custom', path: ['kubernetes.io/ingress.class'], input: annotations['kubernetes.io/ingress.class'], message: 'is the deprecated class annotation: use ingress_class instead' });
      }
    })
    .describe('Extra annotations of the VS Code ingresses (cert-manager, nginx timeouts, websockets).'),
  pod_labels: extraLabels.prefault({}).describe('Extra labels of the sandbox pods (app and session cannot be overridden).'),
  pvc_labels: extraLabels.prefault({}).describe('Extra labels of the workspace PersistentVolumeClaims.'),
  ingress_labels: extraLabels.prefault({}).describe('Extra labels of the VS Code ingresses.'),
  app_server: AppServerConfig.prefault({}),
  network_policy: NetworkPolicyConfig.prefault({}),
  governance: GovernanceConfig.prefault({}),
  layout: z.enum(['file', 'per-object']).default('file')
    .describe('"file": one <name>.k8s.yaml per config. "per-object": a folder <name>/ with one file per object, for small diffs.'),
  /** Read only with target "agent-sandbox"; absent means every default. */
  agent_sandbox: AgentSandboxConfig.optional(),
}).describe('Settings read only by openhands-k8s. OpenHands ignores everything under [extended].');
export type ManifestsConfig = z.infer<typeof ManifestsConfig>;

/** Session ids become part of object names and host names. */
export function checkSessionId(id: string): string | undefined {
  if (id.length === 0 || id.length > MAX_SESSION_ID_LENGTH || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id)) {
    return `must be 1 to ${MAX_SESSION_ID_LENGTH} characters of lower-case letters, digits and "-", starting and ending with a letter or digit (so every derived Service name stays a valid DNS-1035 label)`;
  }
  return undefined;
}

function checkCidr(cidr: string): string | undefined {
  return parseCidr(cidr) ? undefined : 'must be an IPv4 or IPv6 CIDR, like "10.20.0.0/16" or "fd00:1::/64"';
}
