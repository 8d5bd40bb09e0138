import { createHash } from 'node:crypto';
import { agentServerLintExemptions, agentServerReadinessPath, agentSandboxLabels } from '../agent-sandbox/agent-server';
import { corsSettings } from '../agent-sandbox/cors-origins';
import { claimName, EXPOSED_PORTS, routePathPrefix, sandboxUrls } from '../agent-sandbox/sandbox-urls';
import { podSecurityVersion } from '../cluster/sandbox-namespace';
import { ingressLintExemptions } from '../openhands/lint-exemptions';
import { AgentSandboxConfig } from './agent-sandbox-config';
import { AgentSandboxSettings, BrowserRouteSettings } from './agent-sandbox-settings';
import { kubernetesMinor } from './governance-config';
import { Config } from './schema';
import { podBasics, startupEnv } from './_pod-basics';
import { resolvedUrlPattern } from './sandbox-url-pattern';

export { IN_CLUSTER_URL_PATTERN } from './sandbox-url-pattern';

/** The app server's ServiceAccount when `app_server.service_account` is unset (OpenHands' own name). */
export const DEFAULT_APP_SERVER_ACCOUNT = 'openhands-app-server';
/** The sandbox id `plan` shows URLs for (the sandbox-server makes base62 ids of 16 random bytes). */
export const SAMPLE_SANDBOX_ID = '4Xk9TqZr2Lm8Vb3Nc7Hd1S';

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Resolves a validated configuration of target "agent-sandbox" into {@link AgentSandboxSettings}, once. */
export function resolveAgentSandbox(config: Config, name: string): AgentSandboxSettings {
  const { kubernetes: kube, sandbox } = config;
  const manifests = config.extended.manifests;
  const agent = manifests.agent_sandbox ?? AgentSandboxConfig.parse({});
  const appServer = manifests.app_server;
  const gov = manifests.governance;
  const namespace = kube.namespace;
  const router = { namespace: agent.router_namespace, service: agent.router_service, port: agent.router_port };
  const host = kube.ingress_domain;
  const path = routePathPrefix({ prefix: agent.router_path_prefix, namespace });
  const tlsSecret = kube.ingress_tls_secret || undefined;
  const browserRoute: BrowserRouteSettings | undefined = agent.browser_routes === 'httproute'
    ? { kind: 'httproute', route: { hostnames: [host], path, gateway: { name: agent.gateway_name ?? '', namespace: agent.gateway_namespace }, router } }
    : agent.browser_routes === 'ingress'
      ? { kind: 'ingress', extraLabels: manifests.ingress_labels, ingress: { host, path, sandboxNamespace: namespace, tlsSecret, ingressClassName: manifests.ingress_class, annotations: { ...manifests.ingress_annotations, ...ingressLintExemptions(tlsSecret !== undefined) }, router } }
      : undefined;
  const pattern = resolvedUrlPattern(config);
  const serverEnv = sandboxServerEnv(config, agent, pattern);
  const appServerAccount = { name: appServer.service_account ?? DEFAULT_APP_SERVER_ACCOUNT, namespace: appServer.namespace };
  // Like the V0 target: nothing namespace-wide in "default", which holds more than sandboxes.
  const governed = namespace !== 'default';
  const pod = {
    image: sandbox.runtime_container_image,
    readinessPath: agentServerReadinessPath(sandbox.runtime_container_image),
    env: startupEnv(sandbox),
    ...podBasics(kube),
    ephemeralStorage: gov.ephemeral_storage_limit,
    labels: { ...agentSandboxLabels('sandbox', name), ...manifests.pod_labels },
    annotations: agentServerLintExemptions(kube.privileged),
    serviceAccountName: manifests.sandbox_service_account,
    runtimeClassName: manifests.runtime_class,
  };

  return {
    target: 'agent-sandbox',
    name,
    namespace,
    layout: manifests.layout,
    namespaceObject: (manifests.namespace ?? true) && namespace !== 'default' ? { name: namespace, privileged: kube.privileged, restricted: true, podSecurityVersion: podSecurityVersion(manifests.governance.kubernetes_version) } : undefined,
    sandboxServiceAccount: { name: manifests.sandbox_service_account },
    rbac: manifests.rbac ?? true ? { serviceAccount: appServerAccount } : undefined,
    template: {
      name: agent.template,
      pod,
      workspace: { storage: kube.pvc_storage_size, storageClassName: kube.pvc_storage_class, labels: { ...agentSandboxLabels('workspace', name), ...manifests.pvc_labels } },
      network: {
        appServerNamespace: appServer.namespace,
        appServerPodLabels: appServer.pod_labels,
        appServerPort: agent.app_server_port,
        appServerDirect: browserRoute === undefined,
        routerNamespace: agent.router_namespace,
        routerPodLabels: agent.router_pod_labels,
        allowEgressCidrs: manifests.network_policy.allow_egress_cidrs,
        allowEgressPorts: manifests.network_policy.allow_egress_ports,
        dnsNamespace: manifests.network_policy.dns_namespace,
      },
    },
    warmPool: { name: agent.warm_pool, templateName: agent.template, replicas: agent.replicas },
    serverEnv: { namespace: appServer.namespace, env: serverEnv },
    browserRoute,
    governance: governed ? {
      defaultServiceAccount: gov.default_service_account ? { name: 'default' } : undefined,
      quota: gov.resource_quota || gov.limit_range ? {
        maxRunning: agent.max_num_sandboxes,
        maxSandboxes: gov.max_sessions,
        warmReplicas: agent.replicas,
        cpuRequest: pod.cpuRequest,
        memoryRequest: pod.memoryRequest,
        memoryLimit: pod.memoryLimit,
        ephemeralStorage: gov.ephemeral_storage_limit,
        storage: kube.pvc_storage_size,
        quota: gov.resource_quota,
        limitRange: gov.limit_range,
      } : undefined,
      claimPolicy: gov.validating_policy && kubernetesMinor(gov.kubernetes_version) >= 30 ? {
        validationAction: gov.validation_action,
        appServer: appServerAccount,
        claims: {
          warmPool: agent.warm_pool,
          webhookBaseUrl: serverEnv.OH_SANDBOX_WEBHOOK_BASE_URL,
          webUrl: agent.web_url,
          permittedCorsOrigins: agent.permitted_cors_origins,
          injectSessionKey: agent.inject_session_key,
          shutdownAfterSeconds: agent.shutdown_after_seconds,
          exposedPorts: EXPOSED_PORTS,
        },
      } : undefined,
    } : {},
    sampleUrls: { sandboxId: SAMPLE_SANDBOX_ID, urls: sandboxUrls(pattern, { sandboxId: SAMPLE_SANDBOX_ID, sandboxName: claimName(SAMPLE_SANDBOX_ID, sha256Hex), namespace }) },
    notes: browserRoute ? [
      `browser route (${browserRoute.kind}): start the sandbox-router with --path-routing-prefix=${agent.router_path_prefix}; the route sends ${host}${path}/... to it, and the router forwards <sandbox-name>/<port>/<rest> to the sandbox (\`preflight\` checks the router's args)`,
      ...(browserRoute.kind === 'ingress' ? [`browser route (ingress): an Ingress has no portable way to remove the X-Sandbox-* headers the router routes by, so a router running without that prefix lets any client pick any sandbox, port or pod IP it reaches; prefer browser_routes = "httproute" (which removes them), or strip them with your controller's own setting`] : []),
      `browser route (${browserRoute.kind}): the app server calls the agent server through ${host} too, so it must resolve and reach that host from inside the cluster; VS Code's editor page uses absolute paths that the router's prefix stripping breaks (see the README), the agent server's API and websockets are not affected`,
    ] : [],
  };
}

/**
 * The sandbox-server's environment for this target (`OH_` prefix, nested fields joined by `_`).
 * The `*_KIND` discriminators select the Kubernetes sandbox service with these values: without
 * them every `OH_SANDBOX_*` setting is ignored. `AGENT_SERVER_IMAGE_*` is not set: only the Docker
 * and remote sandbox services read it; here the template fixes the image.
 */
function sandboxServerEnv(config: Config, agent: AgentSandboxConfig, pattern: string): Record<string, string> {
  const appServer = config.extended.manifests.app_server;
  return {
    RUNTIME: 'kubernetes',
    OH_SANDBOX_KIND: 'KubernetesSandboxServiceInjector',
    OH_SANDBOX_SPEC_KIND: 'KubernetesSandboxSpecServiceInjector',
    OH_SANDBOX_NAMESPACE: config.kubernetes.namespace,
    OH_SANDBOX_WARM_POOL: agent.warm_pool,
    OH_SANDBOX_SANDBOX_URL_PATTERN: pattern,
    OH_SANDBOX_WEBHOOK_BASE_URL: `http://${agent.app_server_service}.${appServer.namespace}.svc.cluster.local:${agent.app_server_port}`,
    OH_SANDBOX_MAX_NUM_SANDBOXES: String(agent.max_num_sandboxes),
    OH_SANDBOX_INJECT_SESSION_KEY: String(agent.inject_session_key),
    ...(agent.shutdown_after_seconds !== undefined && { OH_SANDBOX_SHUTDOWN_AFTER_SECONDS: String(agent.shutdown_after_seconds) }),
    ...corsSettings(agent.web_url, agent.permitted_cors_origins).serverEnv,
  };
}
