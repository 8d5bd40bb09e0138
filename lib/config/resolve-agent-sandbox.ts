import { agentServerLintExemptions, agentSandboxLabels } from '../agent-sandbox/agent-server';
import { ingressLintExemptions } from '../openhands/lint-exemptions';
import { AgentSandboxConfig } from './agent-sandbox-config';
import { AgentSandboxSettings, BrowserRouteSettings } from './agent-sandbox-settings';
import { Config } from './schema';
import { podBasics, startupEnv } from './_pod-basics';
import { splitImageReference } from '../kube/names';

/** OpenHands' default `sandbox_url_pattern`: the headless Service of each Sandbox. */
export const IN_CLUSTER_URL_PATTERN = 'http://{sandbox_name}.{namespace}.svc.cluster.local:{port}';
/** The app server's ServiceAccount when `app_server.service_account` is unset (OpenHands' own name). */
export const DEFAULT_APP_SERVER_ACCOUNT = 'openhands-app-server';

/** Resolves a validated configuration of target "agent-sandbox" into {@link AgentSandboxSettings}, once. */
export function resolveAgentSandbox(config: Config, name: string): AgentSandboxSettings {
  const { kubernetes: kube, sandbox } = config;
  const manifests = config.extended.manifests;
  const agent = manifests.agent_sandbox ?? AgentSandboxConfig.parse({});
  const appServer = manifests.app_server;
  const namespace = kube.namespace;
  const router = { namespace: agent.router_namespace, service: agent.router_service, port: agent.router_port };
  const host = `*.${kube.ingress_domain}`;
  const tlsSecret = kube.ingress_tls_secret || undefined;
  const browserRoute: BrowserRouteSettings | undefined = agent.browser_routes === 'httproute'
    ? { kind: 'httproute', route: { hostnames: [host], gateway: { name: agent.gateway_name ?? '', namespace: agent.gateway_namespace }, router } }
    : agent.browser_routes === 'ingress'
      ? { kind: 'ingress', ingress: { host, tlsSecret, ingressClassName: manifests.ingress_class, annotations: { ...manifests.ingress_annotations, ...ingressLintExemptions(tlsSecret !== undefined) }, router } }
      : undefined;

  return {
    target: 'agent-sandbox',
    name,
    namespace,
    layout: manifests.layout,
    namespaceObject: (manifests.namespace ?? true) && namespace !== 'default' ? { name: namespace, privileged: kube.privileged, restricted: true } : undefined,
    sandboxServiceAccount: { name: manifests.sandbox_service_account },
    rbac: manifests.rbac ?? true ? { serviceAccount: { name: appServer.service_account ?? DEFAULT_APP_SERVER_ACCOUNT, namespace: appServer.namespace } } : undefined,
    template: {
      name: agent.template,
      pod: {
        image: sandbox.runtime_container_image,
        env: startupEnv(sandbox),
        ...podBasics(kube),
        labels: { ...agentSandboxLabels('sandbox', name), ...manifests.pod_labels },
        annotations: agentServerLintExemptions(kube.privileged),
        serviceAccountName: manifests.sandbox_service_account,
        runtimeClassName: manifests.runtime_class,
      },
      workspace: { storage: kube.pvc_storage_size, storageClassName: kube.pvc_storage_class, labels: { ...agentSandboxLabels('workspace', name), ...manifests.pvc_labels } },
      network: {
        appServerNamespace: appServer.namespace,
        appServerPodLabels: appServer.pod_labels,
        appServerPort: agent.app_server_port,
        routerNamespace: agent.router_namespace,
        routerPodLabels: agent.router_pod_labels,
        allowEgressCidrs: manifests.network_policy.allow_egress_cidrs,
      },
    },
    warmPool: { name: agent.warm_pool, templateName: agent.template, replicas: agent.replicas },
    serverEnv: { namespace: appServer.namespace, env: sandboxServerEnv(config, agent) },
    browserRoute,
    notes: browserRoute ? [
      `browser route (${browserRoute.kind}): the sandbox-router forwards only requests with an X-Sandbox-ID header, which a static route cannot derive from the host name; configure your ${browserRoute.kind === 'httproute' ? 'Gateway' : 'ingress controller'} to set it from the first label of ${host}${browserRoute.kind === 'ingress' ? ', plus X-Sandbox-Namespace and X-Sandbox-Port' : ''}`,
    ] : [],
  };
}

/**
 * The sandbox-server's environment for this target (`OH_` prefix, nested fields joined by `_`).
 * The `*_KIND` discriminators select the Kubernetes sandbox service with these values;
 * `RUNTIME=kubernetes` alone would build it with defaults only.
 */
function sandboxServerEnv(config: Config, agent: AgentSandboxConfig): Record<string, string> {
  const appServer = config.extended.manifests.app_server;
  const image = agentServerImageEnv(config.sandbox.runtime_container_image);
  return {
    RUNTIME: 'kubernetes',
    OH_SANDBOX_KIND: 'KubernetesSandboxServiceInjector',
    OH_SANDBOX_SPEC_KIND: 'KubernetesSandboxSpecServiceInjector',
    OH_SANDBOX_NAMESPACE: config.kubernetes.namespace,
    OH_SANDBOX_WARM_POOL: agent.warm_pool,
    OH_SANDBOX_SANDBOX_URL_PATTERN: agent.sandbox_url_pattern ?? IN_CLUSTER_URL_PATTERN,
    OH_SANDBOX_WEBHOOK_BASE_URL: `http://${agent.app_server_service}.${appServer.namespace}.svc.cluster.local:${agent.app_server_port}`,
    OH_SANDBOX_MAX_NUM_SANDBOXES: String(agent.max_num_sandboxes),
    OH_SANDBOX_INJECT_SESSION_KEY: String(agent.inject_session_key),
    ...(agent.shutdown_after_seconds !== undefined && { OH_SANDBOX_SHUTDOWN_AFTER_SECONDS: String(agent.shutdown_after_seconds) }),
    ...image,
  };
}

/**
 * `AGENT_SERVER_IMAGE_REPOSITORY` and `_TAG` for the template's image, which OpenHands joins as
 * `<repository>:<tag>`: the repository keeps a registry port, and a digest rides with the tag
 * (`1.0@sha256:...`) so the joined reference is the pinned one. An image pinned by digest alone
 * has no tag to give: both are left out rather than split inside the digest (a warning says so).
 */
export function agentServerImageEnv(image: string): Record<string, string> {
  const parts = splitImageReference(image);
  if (!parts?.tag) return {};
  return { AGENT_SERVER_IMAGE_REPOSITORY: parts.repository, AGENT_SERVER_IMAGE_TAG: parts.digest ? `${parts.tag}@${parts.digest}` : parts.tag };
}

