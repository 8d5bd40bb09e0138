import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';
import { singleServiceRule } from '../kube/ingress-rule';
import { EXTERNAL_DNS_HOSTNAME } from './runtime-names';

/** Props of {@link SandboxIngress}. */
export interface SandboxIngressProps {
  /** Ingress name, `openhands-runtime-<sid>-ingress-code`. */
  readonly name: string;
  /** Namespace of the Ingress. */
  readonly namespace: string;
  /**
   * Labels of the Ingress.
   * @default - no labels, as OpenHands creates it
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations added after the external-dns one.
   * @default - only `external-dns.alpha.kubernetes.io/hostname`
   */
  readonly annotations?: Record<string, string>;
  /** Host name, `<sid>.<ingress_domain>`. */
  readonly host: string;
  /** The Service in front of VS Code. */
  readonly serviceName: string;
  /** The Service's port number. */
  readonly servicePort: number;
  /**
   * TLS Secret for the host.
   * @default - no TLS
   */
  readonly tlsSecret?: string;
  /**
   * IngressClass name.
   * @default - no ingressClassName: the cluster's default class
   */
  readonly ingressClassName?: string;
}

/** The Ingress that exposes one session's VS Code at `<sid>.<ingress_domain>`. */
export class SandboxIngress extends Construct {
  constructor(scope: Construct, id: string, props: SandboxIngressProps) {
    super(scope, id);
    new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: { [EXTERNAL_DNS_HOSTNAME]: props.host, ...props.annotations },
      },
      spec: {
        ...(props.ingressClassName && { ingressClassName: props.ingressClassName }),
        rules: [singleServiceRule(props.host, props.serviceName, props.servicePort)],
        ...(props.tlsSecret && { tls: [{ hosts: [props.host], secretName: props.tlsSecret }] }),
      },
    });
  }
}
