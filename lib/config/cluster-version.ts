import { mutatingApiVersion } from './resolve-governance';
import { kubernetesMinor, OLDEST_SUPPORTED_KUBERNETES } from './governance-config';
import { Config } from './schema';

/** What the output of a config asks of the cluster's Kubernetes version, and what newer versions would add. */
export interface ClusterVersionNeeds {
  /** The oldest Kubernetes version the output applies to and keeps OpenHands working on, "1.30". */
  readonly minimum: string;
  /** Why: the newest API the output uses. */
  readonly because: string;
  /** What setting `governance.kubernetes_version` to a newer version would add, oldest first. */
  readonly newer: ReadonlyArray<{ readonly version: string; readonly adds: string }>;
}

const MUTATION = 'hardening of the pods and Ingresses OpenHands creates';

/**
 * The Kubernetes version a config's output needs: every object it emits is served there (the
 * validating policies need 1.30, the mutating policy 1.34 with a feature gate or 1.36), and no
 * policy requires what only an object the cluster cannot serve would provide.
 */
export function clusterVersionNeeds(config: Config): ClusterVersionNeeds {
  const manifests = config.extended.manifests;
  const gov = manifests.governance;
  const version = gov.kubernetes_version;
  const minor = kubernetesMinor(version);
  const governed = manifests.target !== 'agent-sandbox' && manifests.security_profile === 'hardened' && config.kubernetes.namespace !== 'default';
  const mutation = governed && gov.mutating_policy ? mutatingApiVersion(minor) : undefined;
  const oldest = kubernetesMinor(OLDEST_SUPPORTED_KUBERNETES);
  const [minimum, because] = mutation === 'v1' ? ['1.36', 'MutatingAdmissionPolicy v1']
    : mutation === 'v1beta1' ? ['1.34', 'MutatingAdmissionPolicy v1beta1, with its feature gate and runtime-config']
      : governed && gov.validating_policy && minor >= oldest ? [OLDEST_SUPPORTED_KUBERNETES, 'ValidatingAdmissionPolicy v1']
        : [OLDEST_SUPPORTED_KUBERNETES, 'the oldest supported version'];
  const newer = !governed || !gov.mutating_policy ? [] : [
    ...(minor < 34 ? [{ version: '1.34', adds: `${MUTATION} (MutatingAdmissionPolicy v1beta1, feature gate)` }] : []),
    ...(minor < 36 ? [{ version: '1.36', adds: minor < 34 ? 'it at v1, without a feature gate' : 'the MutatingAdmissionPolicy at v1, without a feature gate' }] : []),
  ];
  return { minimum, because, newer };
}

/** One line for synth's summary and `plan`: "Kubernetes 1.30+ (ValidatingAdmissionPolicy v1); 1.34 adds ...". */
export function formatClusterVersion(needs: ClusterVersionNeeds): string {
  const adds = needs.newer.map(({ version, adds }) => `; ${version} adds ${adds}`).join('');
  return `Kubernetes ${needs.minimum}+ (${needs.because})${adds}${needs.newer.length > 0 ? ' (governance.kubernetes_version)' : ''}`;
}
