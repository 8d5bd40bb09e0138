import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

/**
 * The Pod Security Standards version the namespace labels pin for a cluster's Kubernetes minor
 * version ("1.30" -> "v1.30"): the checks that version's API server knows (1.34 added probe and
 * lifecycle hosts to baseline), never an older policy than the cluster runs.
 */
export const podSecurityVersion = (kubernetesVersion: string): string => `v${kubernetesVersion}`;

/** Props of {@link SandboxNamespace}. */
export interface SandboxNamespaceProps {
  /** Namespace name; never `default`. */
  readonly name: string;
  /** Labels besides the Pod Security ones. */
  readonly labels: Record<string, string>;
  /** Whether the sandboxes run privileged, which decides the enforced level. */
  readonly privileged: boolean;
  /**
   * Enforces "restricted" (not only warns and audits it) when the sandboxes are not privileged:
   * for pods that run as non-root, such as OpenHands V1's agent server.
   * @default false
   */
  readonly restricted?: boolean;
  /**
   * Pod Security Standards version of the `*-version` labels (see {@link podSecurityVersion}).
   * @default "latest"
   */
  readonly podSecurityVersion?: string;
}

/**
 * The sandboxes' namespace with Pod Security Admission labels that match them: baseline enforced
 * (restricted warned and audited), or privileged enforced (baseline warned and audited) when the
 * sandboxes are privileged, or restricted enforced when asked for.
 */
export class SandboxNamespace extends Construct {
  constructor(scope: Construct, id: string, props: SandboxNamespaceProps) {
    super(scope, id);
    if (props.name === 'default') {
      throw new Error(`[${this.node.path}] name "default": the default namespace is never emitted or labelled`);
    }
    const [enforce, report] = props.privileged ? ['privileged', 'baseline'] : props.restricted ? ['restricted', 'restricted'] : ['baseline', 'restricted'];
    const labels: Record<string, string> = { ...props.labels };
    for (const [mode, level] of [['enforce', enforce], ['audit', report], ['warn', report]]) {
      labels[`pod-security.kubernetes.io/${mode}`] = level;
      labels[`pod-security.kubernetes.io/${mode}-version`] = props.podSecurityVersion ?? 'latest';
    }
    new k8s.KubeNamespace(this, 'Resource', { metadata: { name: props.name, labels } });
  }
}
