import { z } from 'zod';
import { EXPOSED_PORTS } from '../agent-sandbox/sandbox-urls';
import { claimEnvNames as claimEnvNamesOf, SESSION_KEY } from '../cluster/_sandbox-claim-validations';
import { NEWEST_RELEASE } from '../openhands/releases';
import type { Config } from './schema';
import { resolvedUrlPattern } from './sandbox-url-pattern';

type Path = readonly (string | number)[];
type Rule = readonly [path: Path, isSet: (config: Config) => boolean, value: (config: Config) => unknown, reason: string];

const manifests = (config: Config) => config.extended?.manifests;

/**
 * Keys that shape only the V0 runtime pod (OpenHands' KubernetesRuntime) and mean nothing on
 * agent-sandbox, where the app server creates sandboxes on demand from a SandboxTemplate.
 */
const V0_ONLY: readonly Rule[] = [
  [['extended', 'manifests', 'sessions'], (c) => JSON.stringify(manifests(c)?.sessions) !== '["default"]', (c) => manifests(c)?.sessions,
    'is for target "openhands-runtime": on agent-sandbox the app server claims a sandbox per conversation, nothing is pre-provisioned'],
  [['extended', 'manifests', 'headless'], (c) => manifests(c)?.headless === true, (c) => manifests(c)?.headless,
    'is for target "openhands-runtime": the agent-server image always listens for VS Code on 8001, and browser_routes decides whether browsers reach it'],
  [['extended', 'manifests', 'user_id'], (c) => (manifests(c)?.user_id ?? 0) !== 0, (c) => manifests(c)?.user_id,
    'is for target "openhands-runtime": the agent server runs as uid/gid 10001 (runAsUser), it has no --user-id'],
  [['extended', 'manifests', 'security_profile'], (c) => manifests(c)?.security_profile === 'openhands', (c) => manifests(c)?.security_profile,
    'has no "openhands" mode on agent-sandbox: OpenHands\' example template is not admitted by Pod Security "restricted" and lacks the Service and network policy the app server needs (see the README\'s deliberate differences)'],
  [['extended', 'manifests', 'network_policy', 'enabled'], (c) => manifests(c)?.network_policy?.enabled === false, (c) => manifests(c)?.network_policy?.enabled,
    'cannot be false on agent-sandbox: without the template\'s own policy the controller\'s default blocks the app server and cluster DNS'],
  [['extended', 'manifests', 'network_policy', 'ingress_controller_namespace'], (c) => (manifests(c)?.network_policy?.ingress_controller_namespace ?? 'ingress-nginx') !== 'ingress-nginx',
    (c) => manifests(c)?.network_policy?.ingress_controller_namespace,
    'is for target "openhands-runtime": on agent-sandbox VS Code is reached through the sandbox-router (agent_sandbox.router_namespace)'],
  [['extended', 'manifests', 'app_server', 'list_watch'], (c) => manifests(c)?.app_server?.list_watch === true, (c) => manifests(c)?.app_server?.list_watch,
    'is for target "openhands-runtime": the app server\'s Role on agent-sandbox is fixed by OpenHands\' sandbox service (claims and sandboxes)'],
  [['extended', 'manifests', 'openhands_version'], (c) => (manifests(c)?.openhands_version ?? NEWEST_RELEASE) !== NEWEST_RELEASE, (c) => manifests(c)?.openhands_version,
    'names a release of the V0 runtime (target "openhands-runtime"): on agent-sandbox the pod is the agent-server image in sandbox.runtime_container_image'],
  [['extended', 'manifests', 'openhands_deployment'], (c) => manifests(c)?.openhands_deployment === 'source', (c) => manifests(c)?.openhands_deployment,
    'is for target "openhands-runtime" (it decides the V0 action server\'s --user-id); the agent server runs as uid 10001'],
  [['core', 'enable_browser'], (c) => c.core?.enable_browser === false, (c) => c.core?.enable_browser,
    'is for target "openhands-runtime" (the action server\'s --no-enable-browser); the V1 agent server is configured by the app server'],
  [['core', 'debug'], (c) => c.core?.debug === true, (c) => c.core?.debug,
    'is for target "openhands-runtime" (DEBUG=true in the runtime pod); set sandbox.runtime_startup_env_vars for the agent server instead'],
  [['extended', 'manifests', 'governance', 'mutating_policy'], (c) => manifests(c)?.governance?.mutating_policy === false, (c) => manifests(c)?.governance?.mutating_policy,
    'is for target "openhands-runtime": on agent-sandbox the sandbox pod is the SandboxTemplate this config renders, already hardened, so there is no mutating policy to turn off'],
  [['extended', 'manifests', 'governance', 'gitops_annotations'], (c) => manifests(c)?.governance?.gitops_annotations === false, (c) => manifests(c)?.governance?.gitops_annotations,
    'is for target "openhands-runtime": on agent-sandbox the run-time objects are claims the app server creates and Sandboxes and pods the controller owns, which a GitOps tool does not track'],
  [['core', 'workspace_mount_path_in_sandbox'], (c) => (c.core?.workspace_mount_path_in_sandbox ?? '/workspace') !== '/workspace', (c) => c.core?.workspace_mount_path_in_sandbox,
    'must stay "/workspace" on agent-sandbox: the app server puts conversations and the project under /workspace'],
];

/**
 * The whole-config rules of the targets: V0-only keys refused on agent-sandbox, the
 * `[extended.manifests.agent_sandbox]` table refused on the V0 target, and the gateway a
 * Gateway API route needs.
 */
export function checkTarget(config: Config, ctx: z.RefinementCtx): void {
  const settings = manifests(config);
  if (!settings) return;
  if (settings.target !== 'agent-sandbox') {
    if (settings.agent_sandbox !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'agent_sandbox'], input: settings.agent_sandbox, message: 'is read only with target = "agent-sandbox"' });
    }
    return;
  }
  for (const [path, isSet, value, reason] of V0_ONLY) {
    if (isSet(config)) ctx.addIssue({ code: 'custom', path: [...path], input: value(config), message: reason });
  }
  for (const key of Object.keys(settings.pod_labels ?? {})) {
    if (/^(extensions\.)?agents\.x-k8s\.io\//.test(key)) {
      ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'pod_labels', key], input: settings.pod_labels[key], message: 'is under a prefix the agent-sandbox controller owns: it drops such labels from the template; pick another key' });
    }
  }
  const appServerAccount = settings.app_server?.service_account ?? 'openhands-app-server';
  if (appServerAccount === settings.sandbox_service_account) {
    ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'sandbox_service_account'], input: settings.sandbox_service_account, message: `is also the app server's ServiceAccount ("${appServerAccount}"): sandboxes must not hold the app server's permissions; pick another name` });
  }
  const agentSandbox = settings.agent_sandbox;
  checkBrowserRoutes(config, ctx);
  checkStartupEnv(config, ctx);
  const maxRunning = agentSandbox?.max_num_sandboxes ?? 10;
  const maxSessions = settings.governance?.max_sessions ?? 10;
  if (maxSessions < maxRunning) {
    ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'governance', 'max_sessions'], input: maxSessions, message: `is below agent_sandbox.max_num_sandboxes (${maxRunning}): on agent-sandbox it counts the sandboxes that exist, running or paused (claims, Sandboxes, volumes), and the app server runs up to max_num_sandboxes of them; raise it to at least ${maxRunning}` });
  }
  if (agentSandbox?.browser_routes === 'httproute' && agentSandbox.gateway_name === undefined) {
    ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'agent_sandbox', 'gateway_name'], input: undefined, message: 'is required with browser_routes = "httproute": the HTTPRoute must attach to a Gateway' });
  }
  if (agentSandbox?.gateway_name !== undefined && agentSandbox.browser_routes !== 'httproute') {
    ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'agent_sandbox', 'gateway_name'], input: agentSandbox.gateway_name, message: 'is used only with browser_routes = "httproute"' });
  }
}

const AGENT = ['extended', 'manifests', 'agent_sandbox'];

/** A browser route needs the 1.0 router, a CORS origin, and the URL pattern that matches it. */
function checkBrowserRoutes(config: Config, ctx: z.RefinementCtx): void {
  const agent = config.extended?.manifests?.agent_sandbox;
  if (!agent || agent.browser_routes === 'none') return;
  if (agent.agent_sandbox_version === '0.5') {
    ctx.addIssue({ code: 'custom', path: [...AGENT, 'browser_routes'], input: agent.browser_routes, message: 'needs agent_sandbox_version = "1.0": the v0.5 sandbox-router routes only by an X-Sandbox-ID header, which a static route cannot set per sandbox; upgrade agent-sandbox, or keep "none"' });
  }
  if (agent.web_url === undefined) {
    ctx.addIssue({ code: 'custom', path: [...AGENT, 'web_url'], input: undefined, message: `is required with browser_routes = "${agent.browser_routes}": browsers call the agent server from OpenHands' page, and the agent server admits only the origins the app server passes on from OH_WEB_URL (CORS); set the origin OpenHands is served from, like "https://openhands.example.com"` });
  }
  const pattern = resolvedUrlPattern(config);
  if (agent.sandbox_url_pattern !== undefined && agent.sandbox_url_pattern !== pattern) {
    ctx.addIssue({ code: 'custom', path: [...AGENT, 'sandbox_url_pattern'], input: agent.sandbox_url_pattern, message: `disagrees with browser_routes = "${agent.browser_routes}", whose URLs are ${pattern}: remove it (it is derived from the route), or set browser_routes = "none"` });
  }
}

/**
 * The env names the sandbox-server puts on every SandboxClaim of this config
 * (`kubernetes_sandbox_service.py`, `start_sandbox`): its default spec's `initial_env`, the webhook
 * URL, one variable per exposed port, one per CORS origin (`web_url`, then
 * `permitted_cors_origins`) and the session key when it injects one. Conditional ones (forwarded `LLM_*`/`LMNR_*`, further CORS origins from
 * the app server's own environment) are warned about in `agentSandboxWarnings`.
 */
export function claimEnvNames(config: Config): string[] {
  const agent = config.extended?.manifests?.agent_sandbox;
  return claimEnvNamesOf({
    exposedPorts: EXPOSED_PORTS, webUrl: agent?.web_url, permittedCorsOrigins: agent?.permitted_cors_origins ?? [], injectSessionKey: agent?.inject_session_key ?? true,
  });
}

/**
 * Under the template's `envVarsInjectionPolicy: Allowed`, agent-sandbox refuses a claim whose env
 * redefines a variable of the template's container (`injectEnvs` in `sandboxclaim_controller.go`):
 * a `runtime_startup_env_vars` name the sandbox-server puts on every claim would make every
 * sandbox start fail.
 */
function checkStartupEnv(config: Config, ctx: z.RefinementCtx): void {
  const claimed = new Set(claimEnvNames(config));
  for (const [name, value] of Object.entries(config.sandbox?.runtime_startup_env_vars ?? {})) {
    if (!claimed.has(name)) continue;
    ctx.addIssue({ code: 'custom', path: ['sandbox', 'runtime_startup_env_vars', name], input: value, message: `is a variable the sandbox-server puts on every SandboxClaim, and agent-sandbox refuses a claim that redefines a variable of the template (envVarsInjectionPolicy: Allowed), so no sandbox would start; remove it (the app server sets it${name.startsWith('OH_ALLOW_CORS_ORIGINS_') ? ' from agent_sandbox.web_url and permitted_cors_origins' : name === SESSION_KEY ? ' per sandbox; agent_sandbox.inject_session_key = false leaves it to you' : ''})` });
  }
}
