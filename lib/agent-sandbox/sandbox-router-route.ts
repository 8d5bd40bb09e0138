import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../imports/gateway-httproute-gateway.networking.k8s.io';
import { ReferenceGrant } from '../../imports/gateway-referencegrant-gateway.networking.k8s.io';

/** Name of the browser route (HTTPRoute or Ingress) and of the ReferenceGrant. */
export const BROWSER_ROUTE = 'openhands-sandbox-router';

/** The sandbox-router the browser routes lead to. */
export interface SandboxRouter {
  /** Namespace of the router. */
  readonly namespace: string;
  /** Its Service. */
  readonly service: string;
  /** The Service's port. */
  readonly port: number;
}

/** Props of {@link SandboxRouterRoute}. */
export interface SandboxRouterRouteProps {
  /** Namespace of the sandboxes, where the route lives. */
  readonly namespace: string;
  /** Labels of the route and the grant. */
  readonly labels: Record<string, string>;
  /** Host names of the route, such as `sandboxes.example.com`. */
  readonly hostnames: readonly string[];
  /** Path prefix the route matches: the router's path-routing prefix and the sandbox namespace. */
  readonly path: string;
  /** The Gateway the route attaches to. */
  readonly gateway: { readonly name: string; readonly namespace?: string };
  /** The sandbox-router. */
  readonly router: SandboxRouter;
}

/**
 * A Gateway API HTTPRoute from browsers to the sandbox-router for `<prefix>/<namespace>/...`,
 * which the router's path routing resolves to `<sandbox-name>.<namespace>.svc:<port>` (no header
 * needed: a static route could not set the per-sandbox `X-Sandbox-ID` anyway), plus the
 * ReferenceGrant that lets it name the router's Service in another namespace.
 */
export class SandboxRouterRoute extends Construct {
  constructor(scope: Construct, id: string, props: SandboxRouterRouteProps) {
    super(scope, id);
    const { router } = props;
    new HttpRoute(this, 'Resource', {
      metadata: { name: BROWSER_ROUTE, namespace: props.namespace, labels: props.labels },
      spec: {
        parentRefs: [{ name: props.gateway.name, namespace: props.gateway.namespace }],
        hostnames: [...props.hostnames],
        rules: [{
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: props.path } }],
          backendRefs: [{ name: router.service, namespace: router.namespace, port: router.port }],
        }],
      },
    });
    if (router.namespace === props.namespace) return;
    new ReferenceGrant(this, 'Grant', {
      metadata: { name: BROWSER_ROUTE, namespace: router.namespace, labels: props.labels },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: props.namespace }],
        to: [{ group: '', kind: 'Service', name: router.service }],
      },
    });
  }
}
