import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';
import { publicEgressPeers } from '../kube/egress-blocklist';
import { APP_LABEL, EXECUTION_SERVER_PORT, VSCODE_PORT } from '../openhands/runtime-names';

/** Name of the NetworkPolicy. */
export const SANDBOX_NETWORK_POLICY = 'openhands-runtime-sandboxes';

/** The shared egress blocklist (lib/kube/egress-blocklist.ts), re-exported for existing importers. */
export { BLOCKED_IPV4, BLOCKED_IPV6 } from '../kube/egress-blocklist';

/** Props of {@link SandboxNetworkPolicy}. */
export interface SandboxNetworkPolicyProps {
  /** Namespace of the sandboxes. */
  readonly namespace: string;
  /** Labels of the policy. */
  readonly labels: Record<string, string>;
  /** Namespace of the OpenHands app server. */
  readonly appServerNamespace: string;
  /** Labels of the app server's pods. */
  readonly appServerPodLabels: Record<string, string>;
  /**
   * Namespace of the ingress controller, allowed to reach VS Code.
   * @default - no ingress on 8081 (headless sandboxes)
   */
  readonly ingressControllerNamespace?: string;
  /** CIDRs allowed besides DNS and the public internet. */
  readonly allowEgressCidrs: readonly string[];
  /**
   * TCP ports the allowed CIDRs are limited to.
   * @default - every port
   */
  readonly allowEgressPorts?: readonly number[];
  /**
   * Namespace of the cluster DNS pods (`k8s-app: kube-dns`).
   * @default 'kube-system'
   */
  readonly dnsNamespace?: string;
}

const namespaceSelector = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
/**
 * A pod selector as `matchExpressions` (`key In [value]`), equivalent to `matchLabels`: Kustomize's
 * label transformers (`commonLabels`, `labels` with `includeSelectors`) add their labels to
 * NetworkPolicies' `matchLabels` only, which would leave OpenHands' pods unselected and cut the
 * DNS and app-server peers off; expressions they leave alone.
 */
const podSelector = (labels: Record<string, string>) => ({ matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: 'In', values: [value] })) });
const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

/**
 * Isolates every sandbox pod: only the app server reaches the action server (8080), only the
 * ingress controller reaches VS Code (8081); egress goes to the cluster DNS pods and the public internet,
 * never to private ranges or cloud metadata unless allowed.
 */
export class SandboxNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: SandboxNetworkPolicyProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: SANDBOX_NETWORK_POLICY, namespace: props.namespace, labels: props.labels },
      spec: {
        podSelector: podSelector({ app: APP_LABEL }),
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ namespaceSelector: namespaceSelector(props.appServerNamespace), podSelector: podSelector(props.appServerPodLabels) }],
            ports: [tcp(EXECUTION_SERVER_PORT)],
          },
          ...(props.ingressControllerNamespace ? [{
            from: [{ namespaceSelector: namespaceSelector(props.ingressControllerNamespace) }],
            ports: [tcp(VSCODE_PORT)],
          }] : []),
        ],
        egress: [
          {
            to: [{ namespaceSelector: namespaceSelector(props.dnsNamespace ?? 'kube-system'), podSelector: podSelector({ 'k8s-app': 'kube-dns' }) }],
            ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
          },
          { to: publicEgressPeers() },
          ...(props.allowEgressCidrs.length > 0 ? [{
            to: props.allowEgressCidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ...(props.allowEgressPorts && props.allowEgressPorts.length > 0 && { ports: props.allowEgressPorts.map(tcp) }),
          }] : []),
        ],
      },
    });
  }
}
