import {
  SandboxTemplateSpecNetworkPolicy,
  SandboxTemplateSpecNetworkPolicyEgressPortsPort as EgressPort,
  SandboxTemplateSpecNetworkPolicyIngressPortsPort as IngressPort,
} from '../../imports/agent-sandbox-template-extensions.agents.x-k8s.io';
import { publicEgressPeers } from '../kube/egress-blocklist';
import { AGENT_SERVER_PORT } from './agent-server';
import { EXPOSED_PORTS } from './sandbox-urls';

/** Who may talk to the sandboxes, and whom they may call. */
export interface TemplateNetworkProps {
  /** Namespace of the app server. */
  readonly appServerNamespace: string;
  /** Labels of the app server's pods: the webhook destination. */
  readonly appServerPodLabels: Record<string, string>;
  /** Container port of the app server that receives the webhooks. */
  readonly appServerPort: number;
  /**
   * Whether the app server calls the agent server (8000) directly, through the in-cluster URL
   * pattern; with browser routes it goes through the router like a browser.
   */
  readonly appServerDirect: boolean;
  /** Namespace of the sandbox-router. */
  readonly routerNamespace: string;
  /** Labels of the sandbox-router's pods: the only other source, on the exposed ports. */
  readonly routerPodLabels: Record<string, string>;
  /** Private CIDRs the sandboxes may reach besides DNS, the app server and the public internet. */
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
const tcp = (port: number) => ({ protocol: 'TCP', port: IngressPort.fromNumber(port) });
const egressTcp = (port: number) => ({ protocol: 'TCP', port: EgressPort.fromNumber(port) });

/**
 * The template's own policy, which the controller applies to every sandbox of the template
 * (it owns podSelector and policyTypes). Replaces the controller's default, which admits only the
 * router and blocks cluster DNS and the app server (and then forces public resolvers on the pod).
 * The router is admitted on exactly the ports the sandbox-server exposes; the egress blocklist is
 * the one both targets share.
 */
export function templateNetworkPolicy(props: TemplateNetworkProps): SandboxTemplateSpecNetworkPolicy {
  const appServer = { namespaceSelector: namespaceSelector(props.appServerNamespace), podSelector: { matchLabels: props.appServerPodLabels } };
  const ports = props.allowEgressPorts ?? [];
  return {
    ingress: [
      ...(props.appServerDirect ? [{ from: [appServer], ports: [tcp(AGENT_SERVER_PORT)] }] : []),
      {
        from: [{ namespaceSelector: namespaceSelector(props.routerNamespace), podSelector: { matchLabels: props.routerPodLabels } }],
        ports: Object.values(EXPOSED_PORTS).map(tcp),
      },
    ],
    egress: [
      {
        to: [{ namespaceSelector: namespaceSelector(props.dnsNamespace ?? 'kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: EgressPort.fromNumber(53) }, egressTcp(53)],
      },
      { to: [appServer], ports: [egressTcp(props.appServerPort)] },
      { to: publicEgressPeers() },
      ...(props.allowEgressCidrs.length > 0 ? [{
        to: props.allowEgressCidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ...(ports.length > 0 && { ports: ports.map(egressTcp) }),
      }] : []),
    ],
  };
}
