import { SandboxMutatingPolicyProps } from '../cluster/sandbox-mutating-policy';
import { SandboxQuotaProps } from '../cluster/sandbox-quota';
import { SandboxServiceAccountProps } from '../cluster/sandbox-service-account';
import { SandboxValidatingPolicyProps } from '../cluster/sandbox-validating-policy';
import { standardLabels } from '../openhands/labels';
import { SandboxPodSpec } from '../openhands/sandbox-pod';
import { kubernetesMinor } from './governance-config';
import { Config } from './schema';

/** Props a cluster construct takes beyond the namespace and labels every object shares. */
type Own<Props> = Omit<Props, 'namespace' | 'labels'>;

/** Pod annotation Sysbox needs under CRI-O: a user namespace of its own for each sandbox. */
export const SYSBOX_ANNOTATIONS: Record<string, string> = { 'io.kubernetes.cri-o.userns-mode': 'auto:size=65536' };

/** Argo CD annotations of per-session objects: never pruned, and what OpenHands adds is not reported. */
export const GITOPS_ANNOTATIONS: Record<string, string> = {
  'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
  'argocd.argoproj.io/sync-options': 'Prune=false',
};

/** The governance objects of an environment; an absent entry is not emitted. */
export interface GovernanceSettings {
  /** The namespace's `default` ServiceAccount, tokenless. */
  readonly defaultServiceAccount?: Own<SandboxServiceAccountProps>;
  /** The MutatingAdmissionPolicy for pods OpenHands creates. */
  readonly mutatingPolicy?: Own<SandboxMutatingPolicyProps>;
  /** The ValidatingAdmissionPolicies for what OpenHands creates. */
  readonly validatingPolicy?: Own<SandboxValidatingPolicyProps>;
  /** The ResourceQuota and LimitRange. */
  readonly quota?: Own<SandboxQuotaProps>;
}

/** The MutatingAdmissionPolicy API version for a Kubernetes minor version; none below 1.34. */
export function mutatingApiVersion(minor: number): 'v1' | 'v1beta1' | undefined {
  return minor >= 36 ? 'v1' : minor >= 34 ? 'v1beta1' : undefined;
}

/**
 * The API version of the MutatingAdmissionPolicy a config emits for what OpenHands creates at run
 * time, or undefined when it emits none (`openhands` profile, the `default` namespace,
 * `governance.mutating_policy = false`, Kubernetes below 1.34).
 */
export function runTimeMutationApiVersion(config: Config): 'v1' | 'v1beta1' | undefined {
  const manifests = config.extended.manifests;
  const gov = manifests.governance;
  if (manifests.security_profile !== 'hardened' || config.kubernetes.namespace === 'default' || !gov.mutating_policy) return undefined;
  return mutatingApiVersion(kubernetesMinor(gov.kubernetes_version));
}

/** What the pre-provisioned objects look like, as resolved for the session constructs: the policies admit exactly that. */
export interface GovernedObjects {
  /** The sandbox pod every session shares. */
  readonly pod: SandboxPodSpec;
  /** Annotations of every session object (Argo CD's). */
  readonly sessionAnnotations?: Record<string, string>;
  /** Annotations of the session Ingress besides external-dns' (ingress_annotations, the linters'). */
  readonly ingressAnnotations?: Record<string, string>;
}

/**
 * Resolves `[extended.manifests.governance]`: the objects that govern the sandboxes OpenHands
 * creates at run time. Hardened profile only, and never in the `default` namespace, which holds
 * more than sandboxes (a namespace-wide quota or policy would hit every other workload there).
 */
export function resolveGovernance(config: Config, name: string, objects: GovernedObjects): GovernanceSettings {
  const { pod, sessionAnnotations = {}, ingressAnnotations = {} } = objects;
  const noPrivilegeEscalation = pod.hardening?.noPrivilegeEscalation ?? false;
  const { kubernetes: kube } = config;
  const manifests = config.extended.manifests;
  const gov = manifests.governance;
  if (manifests.security_profile !== 'hardened' || kube.namespace === 'default') return {};
  const minor = kubernetesMinor(gov.kubernetes_version);
  const apiVersion = runTimeMutationApiVersion(config);
  const runtimeClassName = manifests.runtime_class;
  const serviceAccountName = manifests.sandbox_service_account;
  const ephemeralStorageLimit = gov.ephemeral_storage_limit;
  return {
    defaultServiceAccount: gov.default_service_account ? { name: 'default' } : undefined,
    mutatingPolicy: apiVersion ? {
      apiVersion,
      serviceAccountName,
      runtimeClassName,
      noPrivilegeEscalation,
      ephemeralStorageLimit,
      podAnnotations: runtimeClassName === 'sysbox-runc' ? SYSBOX_ANNOTATIONS : undefined,
      podLabels: { ...standardLabels('sandbox', name), ...manifests.pod_labels },
      // Headless, OpenHands creates no Ingress: nothing to give one.
      ...(manifests.headless ? {} : { ingressClassName: manifests.ingress_class, ingressAnnotations: manifests.ingress_annotations, ingressLabels: manifests.ingress_labels }),
    } : undefined,
    validatingPolicy: gov.validating_policy && minor >= 30 ? {
      validationAction: gov.validation_action,
      pod: {
        spec: pod,
        labels: { ...standardLabels('sandbox', name), ...manifests.pod_labels },
        annotations: { ...pod.annotations, ...sessionAnnotations },
        mutated: apiVersion !== undefined,
      },
      objects: {
        namespace: kube.namespace,
        ingressDomain: kube.ingress_domain,
        // OpenHands sets no class: only the mutating policy can make it the configured one (none when headless).
        ingressClassName: apiVersion && !manifests.headless ? manifests.ingress_class : undefined,
        ingressTlsSecret: kube.ingress_tls_secret || undefined,
        pvcStorageSize: kube.pvc_storage_size,
        pvcStorageClass: kube.pvc_storage_class,
        labels: {
          service: standardLabels('execution-server', name),
          codeService: standardLabels('vscode', name),
          ingress: { ...standardLabels('vscode', name), ...manifests.ingress_labels },
          pvc: { ...standardLabels('workspace', name), ...manifests.pvc_labels },
        },
        annotations: { ingress: ingressAnnotations, other: sessionAnnotations },
      },
    } : undefined,
    quota: gov.resource_quota || gov.limit_range ? {
      maxSessions: gov.max_sessions,
      cpuRequest: kube.resource_cpu_request,
      memoryRequest: kube.resource_memory_request,
      memoryLimit: kube.resource_memory_limit,
      ephemeralStorageLimit,
      storage: kube.pvc_storage_size,
      quota: gov.resource_quota,
      limitRange: gov.limit_range,
    } : undefined,
  };
}
