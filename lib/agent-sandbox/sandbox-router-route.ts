import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesFiltersType, HttpRouteSpecRulesMatchesPathType } from '../../imports/gateway-httproute-gateway.networking.k8s.io';
import { ReferenceGrant } from '../../imports/gateway-referencegrant-gateway.networking.k8s.io';

/**
 * Every request header agent-sandbox's sandbox-routers read to pick (or tune) a target: the Go
 * router (`sandbox-router/proxy/headers.go`: id, UID, namespace, port, pod IP) and the Python one
 * (`sandbox_router.py`: id, namespace, port, pod IP, timeout). Header routing is what the router
 * falls back to when a path does not match its `--path-routing-prefix`; the HTTPRoute removes
 * them all, so a client can never drive it (header names are case-insensitive).
 */
export const ROUTER_ROUTING_HEADERS: readonly string[] = ['X-Sandbox-Id', 'X-Sandbox-Uid', 'X-Sandbox-Namespace', 'X-Sandbox-Port', 'X-Sandbox-Pod-Ip', 'X-Sandbox-Timeout'];

/** Name of the browser route (HTTPRoute or Ingress) and of the ReferenceGrant. */
export const BROWSER_ROUTE = 'openhands-sandbox-router';

/**
 * Name of an object the route puts in the router's namespace (the Ingress, the ReferenceGrant):
 * one per sandbox namespace, since every config with browser routes puts one there and the
 * router's namespace is shared (a fixed name made a second config replace the first's route).
 */
export function routerNamespaceObjectName(sandboxNamespace: string): string {
  return `${BROWSER_ROUTE}-${sandboxNamespace}`;
}

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
 * ReferenceGrant that lets it name the router's Service in another namespace. The route removes
 * every {@link ROUTER_ROUTING_HEADERS}: should the router run without our prefix, a client's own
 * `X-Sandbox-*` headers would otherwise pick any sandbox, port or namespace the router reaches.
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
          filters: [{ type: HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER, requestHeaderModifier: { remove: [...ROUTER_ROUTING_HEADERS] } }],
          backendRefs: [{ name: router.service, namespace: router.namespace, port: router.port }],
        }],
      },
    });
    if (router.namespace === props.namespace) return;
    new ReferenceGrant(this, 'Grant', {
      metadata: { name: routerNamespaceObjectName(props.namespace), namespace: router.namespace, labels: props.labels },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: props.namespace }],
        to: [{ group: '', kind: 'Service', name: router.service }],
      },
    });
  }
}
