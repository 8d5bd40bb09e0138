import { canonicalQuantity } from '../kube/quantity';
import { agentSandboxWarnings } from './agent-sandbox-warnings';
import { formatRelease, isUnverified, NEWEST_RELEASE, parseRelease, runtimeImageRelease } from '../openhands/releases';
import { kubernetesMinor } from './governance-config';
import { reopenedRanges } from './isolation-rules';
import { runTimeMutationApiVersion } from './resolve-governance';
import { Config } from './schema';
import { foreignEntries } from './unknown-keys';

/**
 * Valid configurations that are still risky: printed on stderr by synth and validate, never
 * turned into errors.
 */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  const release = parseRelease(config.extended.manifests.openhands_version);
  if (release) warnings.push(...foreignEntries(config, Config, release).flatMap(({ warning }) => (warning ? [warning] : [])));
  const { kubernetes: kube, sandbox } = config;
  const manifests = config.extended.manifests;
  const hardened = manifests.security_profile === 'hardened';
  if (kube.privileged && kube.namespace === 'default' && !hardened) {
    warnings.push('privileged sandboxes share the "default" namespace: give them a namespace of their own (kubernetes.namespace) so only they run at the privileged Pod Security level');
  }
  const version = config.extended.manifests.openhands_version;
  if (release && isUnverified(release)) {
    warnings.push(`extended.manifests.openhands_version "${version}" is newer than ${NEWEST_RELEASE}, the newest release whose objects were verified: the objects follow ${NEWEST_RELEASE}`);
  }
  const image = sandbox.runtime_container_image;
  if (config.extended.manifests.target === 'agent-sandbox') {
    if (/\/runtime:|all-hands-ai\/runtime/.test(image)) {
      warnings.push(`sandbox.runtime_container_image "${image}" looks like an OpenHands V0 runtime image: target "agent-sandbox" runs the V1 agent server (like "ghcr.io/openhands/agent-server:1.37.1-python")`);
    }
    if (kube.privileged) {
      warnings.push('kubernetes.privileged = true: privileged agent servers leave Pod Security "restricted" and can escape to the node; prefer extended.manifests.runtime_class (gVisor, Kata)');
    }
  }
  const imageRelease = runtimeImageRelease(image);
  if (manifests.target !== 'agent-sandbox' && imageRelease && release && formatRelease(imageRelease) !== formatRelease(release)) {
    warnings.push(`sandbox.runtime_container_image "${image}" is the OpenHands ${formatRelease(imageRelease)} runtime, but extended.manifests.openhands_version is "${version}": the action server's command follows ${formatRelease(release)}, and an app server and runtime of different releases may not work together; set extended.manifests.openhands_version = "${formatRelease(imageRelease)}" to match the app server you run, or use its runtime image`);
  }
  const tag = /[:@][^/]*$/.exec(image)?.[0];
  if (!tag || tag === ':latest') {
    warnings.push(`sandbox.runtime_container_image "${image}" has no fixed tag: pin a version so every sandbox runs the same runtime`);
  }
  for (const name of Object.keys(sandbox.runtime_startup_env_vars)) {
    if (/SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i.test(name)) {
      warnings.push(`sandbox.runtime_startup_env_vars.${name} looks like a secret: it is written in plain text into the manifests`);
    }
  }
  const v0 = manifests.target !== 'agent-sandbox';
  if (v0 && !sandbox.keep_runtime_alive && manifests.sessions.length > 0) {
    warnings.push(`sandbox.keep_runtime_alive is false, so OpenHands deletes the pre-provisioned pod, Services and Ingress of sessions ${listSome(manifests.sessions)} when their conversation closes (and a GitOps tool may then re-create them): set it to true, or sessions = [] to rely on the namespace-level objects alone`);
  }
  if (v0) warnings.push(...unusedExtrasWarnings(config));
  warnings.push(...storedQuantityWarnings(config));
  const tlsIssuer = Object.keys(manifests.ingress_annotations).find((key) => /^cert-manager\.io\/(cluster-)?issuer$/.test(key));
  if (v0 && kube.ingress_tls_secret && tlsIssuer) {
    warnings.push(`extended.manifests.ingress_annotations.${tlsIssuer} with kubernetes.ingress_tls_secret: every session's Ingress shares the secret "${kube.ingress_tls_secret}", and cert-manager makes one Certificate per secret, owned by one Ingress, for its host only: the other sessions get a certificate for another host. Issue a wildcard certificate for *.${kube.ingress_domain} into that secret on its own (DNS-01), and drop the annotation`);
  }
  for (const [cidr, blocked] of reopenedRanges(manifests.network_policy.allow_egress_cidrs)) {
    warnings.push(`extended.manifests.network_policy.allow_egress_cidrs: ${cidr} re-opens the blocked range${blocked.length > 1 ? 's' : ''} ${blocked.join(', ')}: make sure the sandboxes may reach everything there`);
  }
  warnings.push(...(v0 ? governanceWarnings(config) : agentSandboxWarnings(config)));
  return warnings;
}

function governanceWarnings(config: Config): string[] {
  const manifests = config.extended.manifests;
  const gov = manifests.governance;
  if (manifests.security_profile !== 'hardened') return [];
  if (config.kubernetes.namespace === 'default') {
    return ['the sandboxes share the "default" namespace, so nothing governs the pods OpenHands creates at run time (no admission policies, quota or tokenless default ServiceAccount, which would hit every other workload there): set kubernetes.namespace'];
  }
  const minor = kubernetesMinor(gov.kubernetes_version);
  const warnings: string[] = [];
  if (gov.mutating_policy && minor < 34) {
    warnings.push(`Kubernetes ${gov.kubernetes_version} has no MutatingAdmissionPolicy (1.34+), so the pods OpenHands creates at run time get none of the hardened profile's settings: upgrade, or use pre-provisioned sessions only`);
  } else if (gov.mutating_policy && minor < 36) {
    warnings.push(`on Kubernetes ${gov.kubernetes_version} the MutatingAdmissionPolicy is beta (admissionregistration.k8s.io/v1beta1): the API server needs --feature-gates=MutatingAdmissionPolicy=true and --runtime-config=admissionregistration.k8s.io/v1beta1=true`);
  }
  if (gov.mutating_policy && minor >= 34 && manifests.runtime_class) {
    warnings.push(`extended.manifests.runtime_class "${manifests.runtime_class}" reaches the pods OpenHands creates only through the mutating policy, which runs after the RuntimeClass admission plugin: the class's scheduling (node selector, tolerations) is not merged in, and a class with overhead.podFixed makes the API server refuse those pods; use a RuntimeClass without overhead or scheduling, or set them through the config (node_selector_*, tolerations_yaml)`);
  }
  if (gov.validating_policy && minor < 30) {
    warnings.push(`Kubernetes ${gov.kubernetes_version} has no ValidatingAdmissionPolicy v1 (1.30+): nothing limits what is created in the sandbox namespace`);
  }
  return warnings;
}

/** A few items of a long list, and how many more: a warning stays one readable line. */
function listSome(items: readonly string[], shown = 3): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** Ingress and claim extras that reach no object: without pre-provisioned sessions (or headless, without Ingresses) only the mutating policy's Ingress extras reach OpenHands' objects. */
function unusedExtrasWarnings(config: Config): string[] {
  const manifests = config.extended.manifests;
  const none = manifests.sessions.length === 0;
  const ingressMutated = runTimeMutationApiVersion(config) !== undefined;
  const unused = (['ingress_annotations', 'ingress_labels', 'pvc_labels'] as const).filter((key) => Object.keys(manifests[key]).length > 0
    && (key === 'pvc_labels' ? none : manifests.headless || (none && !ingressMutated)));
  if (unused.length === 0) return [];
  const many = unused.length > 1;
  const ingress = unused.some((key) => key !== 'pvc_labels');
  const objects = [ingress ? 'Ingresses' : '', unused.includes('pvc_labels') ? 'claims' : ''].filter(Boolean).join(' and ');
  const why = manifests.headless && ingress ? 'headless sessions have no Ingress' : 'there are no pre-provisioned sessions';
  const hint = ingress && !manifests.headless ? ' (the hardened profile\'s mutating policy, on Kubernetes 1.34+, would give them to its Ingresses)' : '';
  return [`${unused.map((key) => `extended.manifests.${key}`).join(', ')} ${many ? 'have' : 'has'} no effect: ${why}, and OpenHands' own ${objects} never get ${many ? 'them' : 'it'}${hint}; set such defaults on the ingress controller or storage class instead`];
}

/**
 * Quantities the manifests carry as written but the API server stores in canonical form (`1000m`
 * as `1`): a GitOps tool that compares strings (Argo CD) would report the object out of sync for ever.
 */
function storedQuantityWarnings(config: Config): string[] {
  const kube = config.kubernetes;
  const quantities: Array<[key: string, value: string]> = [
    ['kubernetes.resource_cpu_request', kube.resource_cpu_request],
    ['kubernetes.resource_memory_request', kube.resource_memory_request],
    ['kubernetes.resource_memory_limit', kube.resource_memory_limit],
    ['kubernetes.pvc_storage_size', kube.pvc_storage_size],
    ['extended.manifests.governance.ephemeral_storage_limit', config.extended.manifests.governance.ephemeral_storage_limit],
  ];
  return quantities.flatMap(([key, value]) => {
    const stored = canonicalQuantity(value);
    return stored === value ? [] : [`${key} "${value}" is stored by Kubernetes as "${stored}": write "${stored}", or GitOps tools that compare the strings (Argo CD) report the objects out of sync for ever`];
  });
}
