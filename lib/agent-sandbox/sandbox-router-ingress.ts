import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';
import { singleServiceRule } from '../kube/ingress-rule';
import { BROWSER_ROUTE, SandboxRouter } from './sandbox-router-route';

/** Props of {@link SandboxRouterIngress}. */
export interface SandboxRouterIngressProps {
  /** Labels of the Ingress. */
  readonly labels: Record<string, string>;
  /** Annotations of the Ingress (the controller's header settings go here). */
  readonly annotations: Record<string, string>;
  /** Host of the rule, such as `sandboxes.example.com`. */
  readonly host: string;
  /** Path the rule matches: the router's path-routing prefix and the sandbox namespace. */
  readonly path: string;
  /**
   * TLS Secret for the host, in the router's namespace.
   * @default - no TLS
   */
  readonly tlsSecret?: string;
  /**
   * IngressClass.
   * @default - the cluster default class
   */
  readonly ingressClassName?: string;
  /** The sandbox-router; the Ingress lives in its namespace, since a backend must be local. */
  readonly router: SandboxRouter;
}

/**
 * An Ingress from browsers to the sandbox-router, for `<host><prefix>/<namespace>/...` only: the
 * router's path routing reads the sandbox, namespace and port from the rest of the path, so no
 * header is needed (Ingress has no portable way to set one). The path pins the namespace; the
 * template's network policy pins the ports.
 */
export class SandboxRouterIngress extends Construct {
  constructor(scope: Construct, id: string, props: SandboxRouterIngressProps) {
    super(scope, id);
    const { router } = props;
    new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: BROWSER_ROUTE,
        namespace: router.namespace,
        labels: props.labels,
        annotations: Object.keys(props.annotations).length > 0 ? props.annotations : undefined,
      },
      spec: {
        ingressClassName: props.ingressClassName,
        tls: props.tlsSecret ? [{ hosts: [props.host], secretName: props.tlsSecret }] : undefined,
        rules: [singleServiceRule(props.host, router.service, router.port, props.path)],
      },
    });
  }
}
