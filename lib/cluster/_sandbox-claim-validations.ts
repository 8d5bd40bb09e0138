import { SANDBOX_SERVER_ENV } from '../agent-sandbox/agent-server';
import { CLAIM_CORS_PREFIX, claimCorsEnv, corsSettings } from '../agent-sandbox/cors-origins';
import { celString as lit, celStrings, NamedExpression, Validation } from './_admission-types';

/**
 * What the sandbox-server's SandboxClaims look like for this config
 * (`kubernetes_sandbox_service.py`, `start_sandbox`): every field it sets, from the same settings
 * that render the template, the pool and its environment.
 */
export interface SandboxClaimRules {
  /** `agent_sandbox.warm_pool`: the only `warmPoolRef`. */
  readonly warmPool: string;
  /** `OH_SANDBOX_WEBHOOK_BASE_URL`: the claim's `OH_WEBHOOKS_0_BASE_URL` is it plus `/api/v1/webhooks`. */
  readonly webhookBaseUrl: string;
  /**
   * `agent_sandbox.web_url` (`OH_WEB_URL`): the first CORS origin of every claim.
   * @default - none
   */
  readonly webUrl?: string;
  /**
   * `agent_sandbox.permitted_cors_origins` (`OH_PERMITTED_CORS_ORIGINS_<n>`): the CORS origins
   * after it; the claim's `OH_ALLOW_CORS_ORIGINS_<i>` are exactly both, without duplicates.
   * @default []
   */
  readonly permittedCorsOrigins?: readonly string[];
  /** `agent_sandbox.inject_session_key`: whether the session key and its hash label may be set. */
  readonly injectSessionKey: boolean;
  /**
   * `agent_sandbox.shutdown_after_seconds`: the latest shutdown time after the claim's creation.
   * @default - no lifecycle allowed
   */
  readonly shutdownAfterSeconds?: number;
  /** The ports the sandbox-server exposes, by name; each is an env variable of the claim. */
  readonly exposedPorts: Readonly<Record<string, number>>;
}

/** Names of the sandbox-server's default sandbox spec (`initial_env`), values left to it. */
export const SPEC_ENV_NAMES = ['OPENVSCODE_SERVER_ROOT', 'OH_ENABLE_VNC', 'LOG_JSON', 'OH_CONVERSATIONS_PATH', 'OH_BASH_EVENTS_DIR', 'PYTHONUNBUFFERED'];
/** Prefixes the sandbox-server forwards from its own environment (`get_agent_server_env`). */
export const FORWARDED_ENV = '^(LLM|LMNR)_[A-Z0-9_]+$';
/** Claim names: the sandbox-server's default `claim_name_prefix`. */
export const CLAIM_NAME_PREFIX = 'oh-agent-server-';
const MANAGED_BY = 'app.kubernetes.io/managed-by';
const SANDBOX_ID = 'agents.openhands.dev/sandbox-id';
const KEY_HASH = 'agents.openhands.dev/session-key-hash';
const SPEC_ID = 'agents.openhands.dev/sandbox-spec-id';
/** The session key the sandbox-server injects (`SESSION_API_KEY_VARIABLE`). */
export const SESSION_KEY = 'OH_SESSION_API_KEYS_0';
const SANDBOX_ID_GRAMMAR = '^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$';
/** The claim policy's variable listing the CORS env entries admitted, as `NAME=value` (a CEL list of string literals, which is JSON). */
export const ALLOWED_CORS_VARIABLE = 'allowedCorsEnv';
/** Metadata the sandbox-server sets on a claim (name, namespace, labels, annotations) and the API server adds on create before validation. */
export const CLAIM_METADATA = ['name', 'namespace', 'labels', 'annotations', 'uid', 'creationTimestamp', 'generation', 'resourceVersion', 'managedFields'];

/** The CORS origins every claim carries under these rules, in order (`OH_ALLOW_CORS_ORIGINS_<i>`). */
export function claimCorsOrigins(rules: SandboxClaimRules): readonly string[] {
  return corsSettings(rules.webUrl, rules.permittedCorsOrigins ?? []).claimOrigins;
}

/** The env entries whose value is fixed by this config, by name, in the sandbox-server's order: webhook, ports, CORS origins. */
export function pinnedClaimEnv(rules: SandboxClaimRules): Record<string, string> {
  return { ...fixedClaimEnv(rules), ...claimCorsEnv(claimCorsOrigins(rules)) };
}

/** Every env name the sandbox-server puts on each claim under these rules, in its order (values aside). */
export function claimEnvNames(rules: Omit<SandboxClaimRules, 'warmPool' | 'webhookBaseUrl'>): string[] {
  return [...SPEC_ENV_NAMES, ...Object.keys(pinnedClaimEnv({ ...rules, warmPool: '', webhookBaseUrl: '' })), ...(rules.injectSessionKey ? [SESSION_KEY] : [])];
}

/** The webhook and port variables (the CORS origins have a rule of their own). */
function fixedClaimEnv(rules: SandboxClaimRules): Record<string, string> {
  return {
    OH_WEBHOOKS_0_BASE_URL: `${rules.webhookBaseUrl.replace(/\/+$/, '')}/api/v1/webhooks`,
    ...Object.fromEntries(Object.entries(rules.exposedPorts).map(([name, port]) => [name, String(port)])),
  };
}

/**
 * The claim policy's variables, one per rule: what the claim has, what this config allows, and
 * what is left over. The validations below only test that the leftovers are empty.
 */
export function sandboxClaimVariables(rules: SandboxClaimRules): NamedExpression[] {
  const pinned = fixedClaimEnv(rules);
  const specKeys = ['warmPoolRef', 'env', ...(rules.shutdownAfterSeconds !== undefined ? ['lifecycle'] : [])];
  const labels = [MANAGED_BY, SANDBOX_ID, ...(rules.injectSessionKey ? [KEY_HASH] : [])];
  const free = [...SPEC_ENV_NAMES, ...(rules.injectSessionKey ? [SESSION_KEY] : [])];
  return [
    { name: 'env', expression: 'object.spec.?env.orValue([])' },
    { name: 'labels', expression: 'object.metadata.?labels.orValue({})' },
    { name: 'pinnedEnv', expression: `{${Object.entries(pinned).map(([name, value]) => `${lit(name)}: ${lit(value)}`).join(', ')}}` },
    { name: 'extraSpecFields', expression: `object.spec.filter(k, !(k in ${celStrings(specKeys)}))` },
    { name: 'fieldedEnv', expression: 'variables.env.filter(e, !e.all(k, k in ["name", "value"]))' },
    { name: 'unknownEnv', expression: `variables.env.filter(e, !(e.name in ${celStrings(free)} || e.name in variables.pinnedEnv || e.name.startsWith(${lit(CLAIM_CORS_PREFIX)}) || e.name.matches(${lit(FORWARDED_ENV)})))` },
    { name: 'corsEnv', expression: `variables.env.filter(e, e.name.startsWith(${lit(CLAIM_CORS_PREFIX)})).map(e, e.name + "=" + e.?value.orValue(""))` },
    { name: ALLOWED_CORS_VARIABLE, expression: celStrings(expectedCorsEnv(rules)) },
    { name: 'wrongPinnedEnv', expression: 'variables.env.filter(e, e.name in variables.pinnedEnv && e.?value.orValue("") != variables.pinnedEnv[e.name])' },
    { name: 'extraLabels', expression: `variables.labels.filter(k, !(k in ${celStrings(labels)}))` },
    { name: 'extraAnnotations', expression: `object.metadata.?annotations.orValue({}).filter(k, k != ${lit(SPEC_ID)})` },
    { name: 'extraMetadata', expression: `object.metadata.filter(k, !(k in ${celStrings(CLAIM_METADATA)}))` },
  ];
}

/** Claims: exactly the shape the sandbox-server creates, each refusal naming the key that decides it. */
export function sandboxClaimValidations(rules: SandboxClaimRules): Validation[] {
  const pinned = fixedClaimEnv(rules);
  const lifecycle = rules.shutdownAfterSeconds !== undefined;
  const v: Validation[] = [
    {
      expression: `object.metadata.name.startsWith(${lit(CLAIM_NAME_PREFIX)})`,
      message: `sandbox claims are named ${CLAIM_NAME_PREFIX}<id>-<digest>, as the sandbox-server names them`,
    },
    {
      expression: 'size(variables.extraSpecFields) == 0',
      message: `sandbox claims set only warmPoolRef, env${lifecycle ? ' and lifecycle' : ''} (no additionalPodMetadata or volumeClaimTemplates${lifecycle ? '' : '; lifecycle needs agent_sandbox.shutdown_after_seconds'})`,
      messageExpression: `"sandbox claim sets spec." + variables.extraSpecFields.join(", spec.") + ", which the sandbox-server never sets${lifecycle ? '' : ' (lifecycle needs agent_sandbox.shutdown_after_seconds)'}"`,
    },
    {
      expression: `object.spec.?warmPoolRef.name.orValue("") == ${lit(rules.warmPool)}`,
      message: `sandbox claims take sandboxes from the warm pool ${rules.warmPool} only (agent_sandbox.warm_pool)`,
    },
    {
      expression: 'size(variables.fieldedEnv) == 0',
      message: 'sandbox claim env entries are plain name/value pairs (no containerName): the sandbox-server sets nothing else',
    },
    {
      expression: 'size(variables.unknownEnv) == 0',
      message: 'sandbox claims carry only the env names the sandbox-server injects: its spec\'s defaults, the webhook, port, CORS and session-key variables, and LLM_*/LMNR_*; set other agent-server env in sandbox.runtime_startup_env_vars (the template)',
      messageExpression: `"sandbox claim env " + variables.unknownEnv.map(e, e.name).join(", ") + " is not a variable the sandbox-server injects${rules.injectSessionKey ? '' : ' (no session key: agent_sandbox.inject_session_key is false)'}; set agent-server env in sandbox.runtime_startup_env_vars (the template)"`,
    },
    {
      expression: 'size(variables.wrongPinnedEnv) == 0',
      message: `sandbox claim env ${Object.keys(pinned).join(', ')} must be ${Object.values(pinned).join(', ')} (OH_SANDBOX_WEBHOOK_BASE_URL, the exposed ports)`,
      messageExpression: `"sandbox claim env " + variables.wrongPinnedEnv.map(e, e.name + "=" + e.?value.orValue("")).join(", ") + " differs from this config (webhook: agent_sandbox.app_server_service/app_server_port; ports: 8000/8001)"`,
    },
    corsValidation(rules),
    {
      expression: `size(variables.extraLabels) == 0 && variables.labels[?${lit(MANAGED_BY)}].orValue("") == "openhands-app-server" && variables.labels[?${lit(SANDBOX_ID)}].orValue("").matches(${lit(SANDBOX_ID_GRAMMAR)})${rules.injectSessionKey ? ` && variables.labels[?${lit(KEY_HASH)}].orValue("0").matches("^[0-9a-f]{1,32}$")` : ''}`,
      message: `sandbox claims carry the sandbox-server's labels only: ${[MANAGED_BY, SANDBOX_ID, ...(rules.injectSessionKey ? [KEY_HASH] : [])].join(', ')} (managed-by openhands-app-server${rules.injectSessionKey ? '' : '; no session-key hash, agent_sandbox.inject_session_key is false'})`,
    },
    {
      expression: 'size(variables.extraAnnotations) == 0',
      message: `sandbox claims carry only the ${SPEC_ID} annotation`,
      messageExpression: `"sandbox claim annotation " + variables.extraAnnotations.join(", ") + " is not the sandbox-server's (only ${SPEC_ID})"`,
    },
    {
      expression: 'size(variables.extraMetadata) == 0',
      message: 'sandbox claims carry only the metadata the sandbox-server sets (name, namespace, labels, annotations) and the API server adds: no finalizers (a claim nobody can delete) or ownerReferences (a claim collected with, or hidden under, another object)',
      messageExpression: '"sandbox claim sets metadata." + variables.extraMetadata.join(", metadata.") + ", which the sandbox-server never sets (only name, namespace, labels and annotations)"',
    },
  ];
  if (rules.injectSessionKey) {
    // Only checked when present above: a claim without a key starts an agent server that admits
    // anyone who reaches it (through the router, whose authorization defaults to allow-all).
    v.push({
      expression: `variables.env.exists(e, e.name == ${lit(SESSION_KEY)} && e.?value.orValue("") != "")`,
      message: `sandbox claims carry a non-empty session key ${SESSION_KEY}, as the sandbox-server injects with agent_sandbox.inject_session_key: without one the agent server admits anyone who reaches it`,
    });
  }
  if (lifecycle) {
    v.push({
      expression: `!has(object.spec.lifecycle) || (object.spec.lifecycle.all(k, k in ["shutdownTime", "shutdownPolicy"]) && object.spec.lifecycle.?shutdownPolicy.orValue("") == "Delete" && has(object.spec.lifecycle.shutdownTime) && timestamp(object.spec.lifecycle.shutdownTime) <= timestamp(object.metadata.creationTimestamp) + duration(${lit(`${rules.shutdownAfterSeconds! + 60}s`)}))`,
      message: `sandbox claim lifecycles are shutdownPolicy Delete at most ${rules.shutdownAfterSeconds} s (+60 s of clock skew) after creation (agent_sandbox.shutdown_after_seconds), with no TTL`,
    });
  }
  return v;
}

/**
 * Sandboxes, as the app server patches them (matched for its ServiceAccount only): pause and
 * resume change `spec.operatingMode` to Suspended or Running, and nothing else.
 */
export function sandboxPatchValidations(): Validation[] {
  return [
    {
      expression: 'object.spec.?operatingMode.orValue("Running") in ["Running", "Suspended"]',
      message: 'the app server sets a Sandbox\'s operatingMode to Running or Suspended only',
    },
    {
      expression: 'object.spec.all(k, k == "operatingMode" || (k in oldObject.spec && object.spec[k] == oldObject.spec[k])) && oldObject.spec.all(k, k == "operatingMode" || k in object.spec)',
      message: 'the app server changes only spec.operatingMode of a Sandbox (pause and resume); the pod template, volumes, service and shutdown fields stay as the controller made them',
    },
    {
      expression: 'object.metadata.?labels.orValue({}) == oldObject.metadata.?labels.orValue({}) && object.metadata.?annotations.orValue({}) == oldObject.metadata.?annotations.orValue({}) && object.metadata.?ownerReferences.orValue([]) == oldObject.metadata.?ownerReferences.orValue([]) && object.metadata.?finalizers.orValue([]) == oldObject.metadata.?finalizers.orValue([])',
      message: 'the app server changes no labels, annotations, owner references or finalizers of a Sandbox',
    },
  ];
}

/**
 * The claim's CORS origins are exactly the ones the sandbox-server computes from this config's
 * web_url and permitted_cors_origins, in their order: no origin of an attacker's page, and a
 * refusal that says where a differing list comes from (the app server's own WEB_HOST or
 * OH_PERMITTED_CORS_ORIGINS_*, set outside this config).
 */
function corsValidation(rules: SandboxClaimRules): Validation {
  const expected = expectedCorsEnv(rules);
  const shown = expected.length > 0 ? expected.join(', ') : 'none';
  const where = `the sandbox-server puts agent_sandbox.web_url and then agent_sandbox.permitted_cors_origins on every claim as OH_ALLOW_CORS_ORIGINS_<i>; set the origins there and re-synth: the app server's WEB_HOST, OH_WEB_URL, OH_PERMITTED_CORS_ORIGINS_<n> and PERMITTED_CORS_ORIGINS must come from this config (ConfigMap ${SANDBOX_SERVER_ENV}), not from its own env`;
  return {
    expression: `size(variables.corsEnv) == size(variables.${ALLOWED_CORS_VARIABLE}) && variables.corsEnv.all(x, x in variables.${ALLOWED_CORS_VARIABLE}) && variables.${ALLOWED_CORS_VARIABLE}.all(x, x in variables.corsEnv)`,
    message: `sandbox claim CORS origins must be exactly ${shown} (rule: CORS origins): ${where}`,
    messageExpression: `"sandbox claim CORS origins " + (size(variables.corsEnv) == 0 ? "none" : variables.corsEnv.join(", ")) + " differ from this config's, " + ${lit(shown)} + ${lit(` (rule: CORS origins): ${where}`)}`,
  };
}

/** The claim's CORS env entries under these rules, as `NAME=value`, in order. */
export function expectedCorsEnv(rules: SandboxClaimRules): string[] {
  return Object.entries(claimCorsEnv(claimCorsOrigins(rules))).map(([name, value]) => `${name}=${value}`);
}
