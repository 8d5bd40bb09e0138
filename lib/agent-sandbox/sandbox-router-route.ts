import { Construct } from 'constructs';
import {
  HttpRoute,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesMatchesPathType,
} from '../../imports/gateway-httproute-gateway.networking.k8s.io';
import { ReferenceGrant } from '../../imports/gateway-referencegrant-gateway.networking.k8s.io';
import { AGENT_VSCODE_PORT } from './agent-server';

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
  /** Host names of the route, such as `*.sandboxes.example.com`. */
  readonly hostnames: readonly string[];
  /** The Gateway the route attaches to. */
  readonly gateway: { readonly name: string; readonly namespace?: string };
  /** The sandbox-router. */
  readonly router: SandboxRouter;
}

/**
 * A Gateway API HTTPRoute from browsers to the sandbox-router, setting the router's
 * `X-Sandbox-Namespace` and `X-Sandbox-Port` (VS Code) headers, plus the ReferenceGrant that lets
 * it name the router's Service in another namespace. The router also needs `X-Sandbox-ID`, which a
 * static route cannot take from the host name: the Gateway must add it (see the README).
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
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
          filters: [{
            type: HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER,
            requestHeaderModifier: {
              set: [{ name: 'X-Sandbox-Namespace', value: props.namespace }, { name: 'X-Sandbox-Port', value: String(AGENT_VSCODE_PORT) }],
            },
          }],
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
