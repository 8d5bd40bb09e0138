import {
  SandboxTemplateSpecNetworkPolicy,
  SandboxTemplateSpecNetworkPolicyEgressPortsPort as EgressPort,
  SandboxTemplateSpecNetworkPolicyIngressPortsPort as IngressPort,
} from '../../imports/agent-sandbox-template-extensions.agents.x-k8s.io';
import { AGENT_SERVER_PORT, AGENT_VSCODE_PORT } from './agent-server';

/**
 * Ranges a sandbox may not reach unless allowed: private networks (RFC 1918, carrier-grade NAT),
 * loopback, link-local (cloud metadata at 169.254.169.254) and their IPv6 counterparts.
 */
export const PRIVATE_IPV4 = ['10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];
export const PRIVATE_IPV6 = ['::1/128', 'fc00::/7', 'fe80::/10'];

/** Who may talk to the sandboxes, and whom they may call. */
export interface TemplateNetworkProps {
  /** Namespace of the app server. */
  readonly appServerNamespace: string;
  /** Labels of the app server's pods: the only source for port 8000, the webhook destination. */
  readonly appServerPodLabels: Record<string, string>;
  /** Container port of the app server that receives the webhooks. */
  readonly appServerPort: number;
  /** Namespace of the sandbox-router. */
  readonly routerNamespace: string;
  /** Labels of the sandbox-router's pods: the only source for VS Code (8001). */
  readonly routerPodLabels: Record<string, string>;
  /** Private CIDRs the sandboxes may reach besides DNS, the app server and the public internet. */
  readonly allowEgressCidrs: readonly string[];
}

const namespaceSelector = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

/**
 * The template's own policy, which the controller applies to every sandbox of the template
 * (it owns podSelector and policyTypes). Replaces the controller's default, which admits only the
 * router and blocks cluster DNS and the app server (and then forces public resolvers on the pod).
 */
export function templateNetworkPolicy(props: TemplateNetworkProps): SandboxTemplateSpecNetworkPolicy {
  const appServer = { namespaceSelector: namespaceSelector(props.appServerNamespace), podSelector: { matchLabels: props.appServerPodLabels } };
  return {
    ingress: [
      { from: [appServer], ports: [{ protocol: 'TCP', port: IngressPort.fromNumber(AGENT_SERVER_PORT) }] },
      {
        from: [{ namespaceSelector: namespaceSelector(props.routerNamespace), podSelector: { matchLabels: props.routerPodLabels } }],
        ports: [{ protocol: 'TCP', port: IngressPort.fromNumber(AGENT_VSCODE_PORT) }],
      },
    ],
    egress: [
      {
        to: [{ namespaceSelector: namespaceSelector('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: EgressPort.fromNumber(53) }, { protocol: 'TCP', port: EgressPort.fromNumber(53) }],
      },
      { to: [appServer], ports: [{ protocol: 'TCP', port: EgressPort.fromNumber(props.appServerPort) }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_IPV4 } }, { ipBlock: { cidr: '::/0', except: PRIVATE_IPV6 } }] },
      ...(props.allowEgressCidrs.length > 0 ? [{ to: props.allowEgressCidrs.map((cidr) => ({ ipBlock: { cidr } })) }] : []),
    ],
  };
}
