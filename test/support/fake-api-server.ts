// An in-process fake Kubernetes API server on loopback, for preflight and smoke: it serves the
// discovery documents of a real version (kube-discovery.ts), GETs of the objects it holds, and
// server-side dry-run creates (dryRun=All) whose admission decisions come from the project's
// admission harness running the policies it holds, as the API server would: defaulting,
// LimitRange defaults, MutatingAdmissionPolicies, LimitRange maximums, Pod Security (baseline,
// the checks smoke's variants reach), ValidatingAdmissionPolicies. Any other write is refused and
// recorded, so a test can prove nothing but dry runs were sent.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { applyMutatingPolicy, runValidatingPolicy } from './admission-harness';
import { beforeAdmissionPolicies, clone } from './admission';
import { ClusterVersion, discoveryDocuments, servedApis, Resource } from './kube-discovery';
import { compareQuantities } from '../../lib/kube/quantity';

export interface FakeCluster {
  readonly url: string;
  /** Every request: method, path with query. */
  readonly requests: { method: string; url: string }[];
  close(): Promise<void>;
}

interface Located { apiVersion: string; resource: Resource; namespace?: string; name?: string }

function locate(path: string, served: ReturnType<typeof servedApis>): Located | undefined {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!m) return undefined;
  const [, core, group, version, namespace, plural, name] = m;
  const g = core ? '' : group;
  const v = core ?? version;
  const resource = served.get(g)?.get(v)?.find((x) => x.name === plural);
  if (!resource || Boolean(namespace) !== resource.namespaced) return undefined;
  return { apiVersion: g ? `${g}/${v}` : v, resource, namespace, name: name && decodeURIComponent(name) };
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

/** Whether a policy's (or binding's) match rules select this create. */
function matches(constraints: any, plural: string, namespace: string | undefined, object: any): boolean {
  if (!constraints) return true;
  const rules = constraints.resourceRules ?? [];
  if (rules.length > 0 && !rules.some((rule: any) => (rule.resources ?? []).includes(plural) && (rule.operations ?? ['*']).some((op: string) => op === 'CREATE' || op === '*'))) return false;
  const ns = constraints.namespaceSelector?.matchLabels ?? {};
  if (Object.entries(ns).some(([key, value]) => key !== 'kubernetes.io/metadata.name' || value !== namespace)) return false;
  const labels = object.metadata?.labels ?? {};
  return Object.entries(constraints.objectSelector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

/**
 * Starts a fake API server of this version holding `objects` (the applied output, classes, ...);
 * the body of every dry-run create is appended to `sent` when given.
 */
export async function startFakeCluster(cluster: ClusterVersion, objects: any[] = [], sent?: any[]): Promise<FakeCluster> {
  const docs = discoveryDocuments(cluster);
  const served = servedApis(cluster);
  const requests: { method: string; url: string }[] = [];
  const isServed = (object: any) => {
    const [g, v] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    return Boolean(served.get(g)?.get(v)?.some((x) => x.kind === object.kind));
  };
  // Only what the cluster serves was applied.
  const stored = objects.filter(isServed);
  const find = (kind: string, name?: string) => stored.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  const bound = (policyKind: string, plural: string, namespace: string | undefined, object: any) => find(policyKind).filter((policy) => matches(policy.spec.matchConstraints, plural, namespace, object)
    && find(`${policyKind}Binding`).some((binding) => binding.spec.policyName === policy.metadata.name && matches(binding.spec.matchResources, plural, namespace, object)));

  function admit(located: Located, input: any): { code: number; body: unknown } {
    const { resource, namespace } = located;
    const what = `${resource.name} "${input.metadata?.name}"`;
    let object = clone(input);
    object.metadata.namespace ??= namespace;
    // As the registry's BeforeCreate does before validating admission (a policy may read them):
    // a uid and the creation time, to the second.
    object.metadata.uid = '00000000-0000-0000-0000-000000000000';
    object.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (resource.kind === 'Pod') object = beforeAdmissionPolicies(object);
    const ranges = find('LimitRange').filter((range) => range.metadata.namespace === namespace);
    const containerLimits = ranges.flatMap((range) => range.spec.limits.filter((item: any) => item.type === 'Container'));
    if (resource.kind === 'Pod') {
      for (const item of containerLimits) for (const c of object.spec.containers) {
        c.resources ??= {};
        c.resources.limits = { ...item.default, ...c.resources.limits };
        c.resources.requests = { ...item.defaultRequest, ...c.resources.requests };
      }
    }
    for (const policy of bound('MutatingAdmissionPolicy', resource.name, namespace, object)) object = applyMutatingPolicy(policy.spec, object).object;
    if (resource.kind === 'Pod') {
      for (const item of containerLimits) for (const c of object.spec.containers) for (const [name, max] of Object.entries<string>(item.max ?? {})) {
        const limit = c.resources?.limits?.[name];
        if (limit && compareQuantities(limit, max) === 1) return { code: 403, body: status(403, 'Forbidden', `${what} is forbidden: maximum ${name} usage per Container is ${max}, but limit is ${limit}`) };
      }
      const ns = find('Namespace', namespace)[0];
      const level = ns?.metadata.labels?.['pod-security.kubernetes.io/enforce'];
      if (level === 'baseline' || level === 'restricted') {
        const version = ns.metadata.labels['pod-security.kubernetes.io/enforce-version'] ?? 'latest';
        const privileged = object.spec.containers.filter((c: any) => c.securityContext?.privileged).map((c: any) => c.name);
        const hostPath = (object.spec.volumes ?? []).filter((v: any) => v.hostPath).map((v: any) => v.name);
        const reasons = [
          ...(privileged.length ? [`privileged (container ${privileged.map((n: string) => `"${n}"`).join(', ')} must not set securityContext.privileged=true)`] : []),
          ...(hostPath.length ? [`hostPath volumes (volume ${hostPath.map((n: string) => `"${n}"`).join(', ')})`] : []),
        ];
        if (reasons.length) return { code: 403, body: status(403, 'Forbidden', `${what} is forbidden: violates PodSecurity "${level}:${version}": ${reasons.join(', ')}`) };
      }
    }
    const namespaceObject = find('Namespace', namespace)[0] ?? null;
    for (const policy of bound('ValidatingAdmissionPolicy', resource.name, namespace, object)) {
      const decision = runValidatingPolicy(policy.spec, { object, request: { operation: 'CREATE' }, namespaceObject });
      if (!decision.admitted) {
        const binding = find('ValidatingAdmissionPolicyBinding').find((b) => b.spec.policyName === policy.metadata.name);
        return { code: 403, body: status(403, 'Forbidden', `${what} is forbidden: ValidatingAdmissionPolicy '${policy.metadata.name}' with binding '${binding.metadata.name}' denied request: ${decision.message}`) };
      }
    }
    return { code: 201, body: object };
  }

  function handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    requests.push({ method: request.method ?? '', url: request.url ?? '' });
    const send = (code: number, value: unknown) => {
      response.writeHead(code, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (request.headers.authorization !== 'Bearer fake-token') return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (request.method === 'GET' && docs.has(url.pathname)) return send(200, docs.get(url.pathname));
    const located = locate(url.pathname, served);
    if (!located) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (request.method === 'GET') {
      const items = stored.filter((o) => o.kind === located.resource.kind && o.apiVersion === located.apiVersion && (o.metadata.namespace ?? undefined) === located.namespace);
      if (located.name === undefined) return send(200, { kind: `${located.resource.kind}List`, apiVersion: located.apiVersion, items });
      const item = items.find((o) => o.metadata.name === located.name);
      return item ? send(200, item) : send(404, status(404, 'NotFound', `${located.resource.name} "${located.name}" not found`));
    }
    if (request.method === 'POST' && located.name === undefined && url.searchParams.get('dryRun') === 'All') {
      const input = JSON.parse(body);
      sent?.push(input);
      const result = admit(located, input);
      return send(result.code, result.body);
    }
    return send(405, status(405, 'MethodNotAllowed', 'the fake API server accepts reads and dry runs only'));
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        handle(request, Buffer.concat(chunks).toString('utf8'), response);
      } catch (error) {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(status(500, 'InternalError', (error as Error).stack ?? String(error))));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
