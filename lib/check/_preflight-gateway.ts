import { LabelSelector, selects } from '../kube/label-selector';
import { ClusterReader } from './cluster';
import { PreflightInput, Requirement } from './preflight';
import { namespaceLabels } from './_preflight-router';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** Gateway API hostname matching: a listener's `*.example.com` covers any name below example.com, not itself. */
function hostnameCovers(listener: string, route: string): boolean {
  if (listener === route) return true;
  if (listener.startsWith('*.') && route.endsWith(listener.slice(1)) && route.length > listener.length - 1) return true;
  return route.startsWith('*.') && listener.endsWith(route.slice(1)) && listener.length > route.length - 1;
}

/** Why a listener does not take the route, or undefined when it does (Gateway API's attachment rules). */
function refusal(listener: any, parent: any, route: any, gatewayNamespace: string, routeNamespaceLabels: Record<string, string>): string | undefined {
  const routeNamespace = route.metadata.namespace;
  if (parent.sectionName !== undefined && listener.name !== parent.sectionName) return `not section ${parent.sectionName}`;
  if (parent.port !== undefined && listener.port !== parent.port) return `not port ${parent.port}`;
  if (!['HTTP', 'HTTPS'].includes(listener.protocol)) return `protocol ${listener.protocol} takes no HTTPRoute`;
  const kinds: any[] = listener.allowedRoutes?.kinds ?? [];
  if (kinds.length > 0 && !kinds.some((k) => (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && k.kind === 'HTTPRoute')) return 'its allowedRoutes.kinds has no HTTPRoute';
  const hostnames: string[] = route.spec?.hostnames ?? [];
  if (listener.hostname && hostnames.length > 0 && !hostnames.some((h) => hostnameCovers(listener.hostname, h))) return `its hostname ${listener.hostname} does not cover ${hostnames.join(', ')}`;
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'Same' && gatewayNamespace !== routeNamespace) return `it admits routes from its own namespace only (allowedRoutes.namespaces.from: Same, the default), and the route is in ${routeNamespace}`;
  if (from === 'Selector' && !selects(listener.allowedRoutes.namespaces.selector as LabelSelector | undefined, routeNamespaceLabels)) return `its allowedRoutes.namespaces.selector does not select namespace ${routeNamespace}`;
  if (!['Same', 'All', 'Selector'].includes(from)) return `allowedRoutes.namespaces.from ${String(from)} is not one preflight knows`;
  return undefined;
}

/**
 * For every HTTPRoute: its parent Gateway exists, and one of its listeners takes the route (section
 * and port if the parentRef names them, protocol HTTP or HTTPS, HTTPRoute among the allowed kinds,
 * a hostname covering the route's, and `allowedRoutes.namespaces` admitting the route's namespace).
 */
export async function gatewayRequirements({ environment, objects }: PreflightInput, reader: ClusterReader): Promise<Requirement[]> {
  const results: Requirement[] = [];
  for (const route of objects.filter((o) => o.kind === 'HTTPRoute') as any[]) {
    const routeNamespace = route.metadata.namespace;
    for (const parent of (route.spec?.parentRefs ?? []) as any[]) {
      const namespace = parent.namespace ?? routeNamespace;
      const path = `/apis/${GATEWAY_GROUP}/v1/namespaces/${namespace}/gateways/${parent.name}`;
      const response = await reader.get(path);
      const requirement = `Gateway ${namespace}/${parent.name} (extended.manifests.agent_sandbox.gateway_name)`;
      const base = { environment: environment.name, requirement };
      if (!response || (response.status !== 200 && response.status !== 404)) {
        results.push({ ...base, status: 'unknown', detail: 'not known', fix: `kubectl get --raw ${path}` });
        continue;
      }
      if (response.status === 404) {
        results.push({ ...base, status: 'missing', detail: 'no such Gateway: the HTTPRoute attaches to nothing', fix: 'create it, or change extended.manifests.agent_sandbox.gateway_name and gateway_namespace' });
        continue;
      }
      results.push({ ...base, status: 'ok', detail: 'exists' });
      const labels = await namespaceLabels(routeNamespace, objects, reader);
      const listeners: any[] = response.body?.spec?.listeners ?? [];
      const reasons = listeners.map((listener) => ({ name: String(listener.name), why: refusal(listener, parent, route, namespace, labels) }));
      const taker = reasons.find((r) => r.why === undefined);
      const attach = { environment: environment.name, requirement: `a listener of Gateway ${namespace}/${parent.name} admits HTTPRoute ${routeNamespace}/${route.metadata.name}` };
      if (taker) {
        results.push({ ...attach, status: 'ok', detail: `listener ${taker.name} does` });
        continue;
      }
      const host = (route.spec?.hostnames ?? []).join(', ');
      results.push({
        ...attach,
        status: 'will-fail',
        detail: listeners.length === 0 ? 'the Gateway has no listeners' : `none does: ${reasons.map((r) => `listener ${r.name}: ${r.why}`).join('; ')}`,
        fix: `give one HTTP or HTTPS listener${host ? ` covering ${host}` : ''} allowedRoutes.namespaces: {from: All}, or {from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: ${routeNamespace}}}} (see the README, "Browser routes")`,
      });
    }
  }
  return results;
}
