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
   * `agent_sandbox.web_url`: the only CORS origin (`OH_ALLOW_CORS_ORIGINS_0`).
   * @default - no CORS origin allowed
   */
  readonly webUrl?: string;
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
const SANDBOX_ID_GRAMMAR = '^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$';

/** The env entries whose value is fixed by this config, by name. */
export function pinnedClaimEnv(rules: SandboxClaimRules): Record<string, string> {
  return {
    OH_WEBHOOKS_0_BASE_URL: `${rules.webhookBaseUrl.replace(/\/+$/, '')}/api/v1/webhooks`,
    ...Object.fromEntries(Object.entries(rules.exposedPorts).map(([name, port]) => [name, String(port)])),
    ...(rules.webUrl && { OH_ALLOW_CORS_ORIGINS_0: rules.webUrl }),
  };
}

/**
 * The claim policy's variables, one per rule: what the claim has, what this config allows, and
 * what is left over. The validations below only test that the leftovers are empty.
 */
export function sandboxClaimVariables(rules: SandboxClaimRules): NamedExpression[] {
  const pinned = pinnedClaimEnv(rules);
  const specKeys = ['warmPoolRef', 'env', ...(rules.shutdownAfterSeconds !== undefined ? ['lifecycle'] : [])];
  const labels = [MANAGED_BY, SANDBOX_ID, ...(rules.injectSessionKey ? [KEY_HASH] : [])];
  const free = [...SPEC_ENV_NAMES, ...(rules.injectSessionKey ? ['OH_SESSION_API_KEYS_0'] : [])];
  return [
    { name: 'env', expression: 'object.spec.?env.orValue([])' },
    { name: 'labels', expression: 'object.metadata.?labels.orValue({})' },
    { name: 'pinnedEnv', expression: `{${Object.entries(pinned).map(([name, value]) => `${lit(name)}: ${lit(value)}`).join(', ')}}` },
    { name: 'extraSpecFields', expression: `object.spec.filter(k, !(k in ${celStrings(specKeys)}))` },
    { name: 'fieldedEnv', expression: 'variables.env.filter(e, !e.all(k, k in ["name", "value"]))' },
    { name: 'unknownEnv', expression: `variables.env.filter(e, !(e.name in ${celStrings(free)} || e.name in variables.pinnedEnv || e.name.matches(${lit(FORWARDED_ENV)})))` },
    { name: 'wrongPinnedEnv', expression: 'variables.env.filter(e, e.name in variables.pinnedEnv && e.?value.orValue("") != variables.pinnedEnv[e.name])' },
    { name: 'extraLabels', expression: `variables.labels.filter(k, !(k in ${celStrings(labels)}))` },
    { name: 'extraAnnotations', expression: `object.metadata.?annotations.orValue({}).filter(k, k != ${lit(SPEC_ID)})` },
  ];
}

/** Claims: exactly the shape the sandbox-server creates, each refusal naming the key that decides it. */
export function sandboxClaimValidations(rules: SandboxClaimRules): Validation[] {
  const pinned = pinnedClaimEnv(rules);
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
      message: `sandbox claim env ${Object.keys(pinned).join(', ')} must be ${Object.values(pinned).join(', ')} (OH_SANDBOX_WEBHOOK_BASE_URL, the exposed ports${rules.webUrl ? ', agent_sandbox.web_url' : ''})`,
      messageExpression: `"sandbox claim env " + variables.wrongPinnedEnv.map(e, e.name + "=" + e.?value.orValue("")).join(", ") + " differs from this config (webhook: agent_sandbox.app_server_service/app_server_port; CORS: agent_sandbox.web_url; ports: 8000/8001)"`,
    },
    {
      expression: `size(variables.extraLabels) == 0 && variables.labels[?${lit(MANAGED_BY)}].orValue("") == "openhands-app-server" && variables.labels[?${lit(SANDBOX_ID)}].orValue("").matches(${lit(SANDBOX_ID_GRAMMAR)})${rules.injectSessionKey ? ` && variables.labels[?${lit(KEY_HASH)}].orValue("0").matches("^[0-9a-f]{1,32}$")` : ''}`,
      message: `sandbox claims carry the sandbox-server's labels only: ${[MANAGED_BY, SANDBOX_ID, ...(rules.injectSessionKey ? [KEY_HASH] : [])].join(', ')} (managed-by openhands-app-server${rules.injectSessionKey ? '' : '; no session-key hash, agent_sandbox.inject_session_key is false'})`,
    },
    {
      expression: 'size(variables.extraAnnotations) == 0',
      message: `sandbox claims carry only the ${SPEC_ID} annotation`,
      messageExpression: `"sandbox claim annotation " + variables.extraAnnotations.join(", ") + " is not the sandbox-server's (only ${SPEC_ID})"`,
    },
  ];
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
