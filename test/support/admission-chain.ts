import { KubeObject } from '../../lib/output/render';
import { applyMutatingPolicy, Quantity, runValidatingPolicy } from './admission-harness';

/**
 * An independent model of the API server's admission chain for the objects OpenHands creates, on
 * a given Kubernetes version, with only the admission objects of an output that version serves:
 * API defaulting, the built-in mutating plugins (ServiceAccount, LimitRanger, DefaultTolerationSeconds,
 * Priority, RuntimeClass, DefaultIngressClass, DefaultStorageClass, StorageObjectInUseProtection),
 * MutatingAdmissionPolicies with re-defaulting and reinvocation (which re-runs every built-in plugin,
 * apiserver/pkg/admission/reinvocation.go), then LimitRanger's and RuntimeClass' checks and the
 * ValidatingAdmissionPolicies with their params. Pod Security admission is not modelled.
 * `builtInChecks = false` skips LimitRanger's and RuntimeClass' checks, to see what the policies alone decide.
 */
export interface ClusterModel {
  /** Kubernetes minor version of the API server. */
  readonly minor: number;
  /** Whether `admissionregistration.k8s.io/v1beta1` MutatingAdmissionPolicies are enabled (1.34-1.35 feature gate). */
  readonly betaMutatingPolicies?: boolean;
  /** RuntimeClasses that exist, by name. */
  readonly runtimeClasses?: Record<string, { scheduling?: { nodeSelector?: Record<string, string>; tolerations?: any[] }; overhead?: { podFixed: Record<string, string> } }>;
  /** The cluster's default IngressClass / StorageClass. */
  readonly defaultIngressClass?: string;
  readonly defaultStorageClass?: string;
}

/** One API request. */
export interface AdmissionRequest {
  readonly operation: 'CREATE' | 'UPDATE';
  readonly subResource?: string;
  readonly oldObject?: any;
  readonly username?: string;
}

export type ChainResult = { admitted: true; object: any } | { admitted: false; message: string; object: any };

const RESOURCES: Record<string, [group: string, resource: string]> = {
  Pod: ['', 'pods'], Service: ['', 'services'], Ingress: ['networking.k8s.io', 'ingresses'], PersistentVolumeClaim: ['', 'persistentvolumeclaims'],
};
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const canon = (value: any): string => JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));

/** Whether a cluster serves an admission policy kind at an API version. */
export function served(apiVersion: string, kind: string, cluster: ClusterModel): boolean {
  if (!kind.includes('AdmissionPolicy')) return true;
  if (kind.startsWith('Validating')) return apiVersion === 'admissionregistration.k8s.io/v1' && cluster.minor >= 30;
  if (apiVersion === 'admissionregistration.k8s.io/v1') return cluster.minor >= 36;
  return apiVersion === 'admissionregistration.k8s.io/v1beta1' && cluster.minor >= 34 && Boolean(cluster.betaMutatingPolicies);
}

/** API defaulting (pkg/apis/core/v1/defaults.go), as far as the policies read it. */
function defaults(object: any): any {
  const o = clone(object);
  const s = o.spec ?? {};
  if (o.kind === 'Pod') {
    s.securityContext ??= {}; s.enableServiceLinks ??= true; s.schedulerName ??= 'default-scheduler'; s.dnsPolicy ??= 'ClusterFirst';
    s.terminationGracePeriodSeconds ??= 30; s.restartPolicy ??= 'Always';
    for (const c of [...s.containers ?? [], ...s.initContainers ?? [], ...s.ephemeralContainers ?? []]) {
      c.terminationMessagePath ??= '/dev/termination-log'; c.terminationMessagePolicy ??= 'File';
      c.imagePullPolicy ??= /:latest$|^[^:]*$/.test(c.image ?? '') ? 'Always' : 'IfNotPresent';
      for (const p of c.ports ?? []) p.protocol ??= 'TCP';
      for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe].filter(Boolean)) {
        if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
        probe.timeoutSeconds ??= 1; probe.periodSeconds ??= 10; probe.successThreshold ??= 1; probe.failureThreshold ??= 3;
      }
      const limits = c.resources?.limits ?? {};
      if (Object.keys(limits).length > 0) c.resources.requests = { ...limits, ...c.resources.requests };
    }
  } else if (o.kind === 'Service') {
    s.type ??= 'ClusterIP'; s.sessionAffinity ??= 'None';
    if (s.type !== 'ExternalName') { s.internalTrafficPolicy ??= 'Cluster'; s.ipFamilyPolicy ??= 'SingleStack'; s.ipFamilies ??= ['IPv4']; }
    for (const p of s.ports ?? []) { p.protocol ??= 'TCP'; p.targetPort ??= p.port; }
  } else if (o.kind === 'PersistentVolumeClaim') {
    s.volumeMode ??= 'Filesystem';
  }
  return o;
}

/** The built-in mutating admission plugins. */
function builtInMutations(object: any, output: KubeObject[], cluster: ClusterModel): { object: any } | { refused: string } {
  const o = clone(object);
  const s = o.spec;
  if (o.kind === 'Ingress' && !s.ingressClassName && cluster.defaultIngressClass) s.ingressClassName = cluster.defaultIngressClass;
  if (o.kind === 'PersistentVolumeClaim') {
    if (s.storageClassName === undefined && cluster.defaultStorageClass) s.storageClassName = cluster.defaultStorageClass;
    o.metadata.finalizers = [...new Set([...o.metadata.finalizers ?? [], 'kubernetes.io/pvc-protection'])];
  }
  if (o.kind !== 'Pod') return { object: o };
  s.serviceAccountName ||= 'default';
  s.serviceAccount = s.serviceAccountName;
  const account = output.find((x) => x.kind === 'ServiceAccount' && x.metadata.name === s.serviceAccountName) as any;
  if ((s.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true) && !s.volumes?.some((v: any) => v.name?.startsWith('kube-api-access-'))) {
    s.volumes = [...s.volumes ?? [], { name: 'kube-api-access-abcde', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }];
  }
  for (const range of output.filter((x) => x.kind === 'LimitRange') as any[]) {
    for (const item of range.spec.limits.filter((l: any) => l.type === 'Container')) {
      for (const c of s.containers) {
        c.resources ??= {};
        if (item.default) c.resources.limits = { ...item.default, ...c.resources.limits };
        if (item.defaultRequest) c.resources.requests = { ...item.defaultRequest, ...c.resources.requests };
      }
    }
  }
  for (const taint of ['not-ready', 'unreachable']) {
    const key = `node.kubernetes.io/${taint}`;
    const tolerates = (s.tolerations ?? []).some((t: any) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!tolerates) s.tolerations = [...s.tolerations ?? [], { key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
  }
  s.priority ??= s.priorityClassName === 'system-node-critical' ? 2000001000 : s.priorityClassName === 'system-cluster-critical' ? 2000000000 : 0;
  s.preemptionPolicy ??= 'PreemptLowerPriority';
  if (s.runtimeClassName) {
    const runtimeClass = cluster.runtimeClasses?.[s.runtimeClassName];
    if (!runtimeClass) return { refused: `pod rejected: RuntimeClass "${s.runtimeClassName}" not found` };
    if (runtimeClass.overhead) {
      if (s.overhead && canon(s.overhead) !== canon(runtimeClass.overhead.podFixed)) return { refused: 'pod rejected: Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead' };
      s.overhead = runtimeClass.overhead.podFixed;
    }
    const scheduling = runtimeClass.scheduling ?? {};
    for (const [key, value] of Object.entries(scheduling.nodeSelector ?? {})) {
      if (s.nodeSelector?.[key] !== undefined && s.nodeSelector[key] !== value) return { refused: `conflict: runtimeClass.scheduling.nodeSelector[${key}]` };
      s.nodeSelector = { ...s.nodeSelector, [key]: value };
    }
    for (const t of scheduling.tolerations ?? []) if (!(s.tolerations ?? []).some((x: any) => canon(x) === canon(t))) s.tolerations = [...s.tolerations ?? [], t];
  }
  return { object: o };
}

/** LimitRanger's and RuntimeClass' validation. */
function builtInValidation(o: any, output: KubeObject[], cluster: ClusterModel): string | undefined {
  for (const range of output.filter((x) => x.kind === 'LimitRange') as any[]) {
    for (const item of range.spec.limits) {
      const values = item.type === 'Container' && o.kind === 'Pod' ? o.spec.containers.map((c: any) => c.resources?.limits ?? {})
        : item.type === 'PersistentVolumeClaim' && o.kind === 'PersistentVolumeClaim' ? [o.spec.resources?.requests ?? {}] : [];
      for (const value of values) {
        for (const [resource, max] of Object.entries(item.max ?? {})) {
          if (value[resource] !== undefined && Quantity.parse(String(value[resource])).cmp(Quantity.parse(String(max))) > 0n) return `maximum ${resource} usage per ${item.type} is ${max}`;
        }
      }
    }
  }
  if (o.kind === 'Pod') {
    const overhead = o.spec.runtimeClassName ? cluster.runtimeClasses?.[o.spec.runtimeClassName]?.overhead?.podFixed : undefined;
    if (canon(overhead ?? null) !== canon(o.spec.overhead ?? null)) return 'pod rejected: Pod Overhead does not match its RuntimeClass';
  }
  return undefined;
}

const matches = (spec: any, o: any, request: AdmissionRequest): boolean => {
  const [group, resource] = RESOURCES[o.kind];
  const full = request.subResource ? `${resource}/${request.subResource}` : resource;
  const constraint = spec.matchConstraints;
  const nsOk = !constraint.namespaceSelector || constraint.namespaceSelector.matchLabels['kubernetes.io/metadata.name'] === o.metadata.namespace;
  const labels = o.metadata.labels ?? {};
  const objOk = Object.entries(constraint.objectSelector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const ruleOk = constraint.resourceRules.some((r: any) => r.apiGroups.includes(group) && r.resources.includes(full) && r.operations.includes(request.operation));
  return nsOk && objOk && ruleOk;
};

/** The policies of an output this cluster serves that have a served binding, with that binding. */
function policies(output: KubeObject[], kind: string, cluster: ClusterModel): Array<{ spec: any; binding: any }> {
  return (output as any[]).filter((x) => x.kind === kind && served(x.apiVersion, x.kind, cluster)).flatMap((policy) => {
    const binding = (output as any[]).find((b) => b.kind === `${kind}Binding` && b.spec.policyName === policy.metadata.name && served(b.apiVersion, b.kind, cluster));
    return binding ? [{ spec: policy.spec, binding }] : [];
  });
}

/** Sends one object through the modelled admission chain of `cluster`, with the admission objects of `output`. */
export function admit(output: KubeObject[], object: any, cluster: ClusterModel, request: AdmissionRequest = { operation: 'CREATE' }, builtInChecks = true): ChainResult {
  let o = request.operation === 'CREATE' ? defaults(object) : clone(object);
  const mutators = policies(output, 'MutatingAdmissionPolicy', cluster);
  const runPlugins = (x: any) => builtInMutations(x, output, cluster);
  if (request.operation === 'CREATE') {
    const first = runPlugins(o);
    if ('refused' in first) return { admitted: false, message: first.refused, object: o };
    o = first.object;
    let changed = false;
    for (const { spec } of mutators) {
      if (!matches(spec, o, request)) continue;
      const next = defaults(applyMutatingPolicy(spec, o).object);
      if (canon(next) !== canon(o)) changed = true;
      o = next;
    }
    if (changed) {
      const again = runPlugins(o);
      if ('refused' in again) return { admitted: false, message: again.refused, object: o };
      o = again.object;
      for (const { spec } of mutators) if (spec.reinvocationPolicy === 'IfNeeded' && matches(spec, o, request)) o = defaults(applyMutatingPolicy(spec, o).object);
    }
  }
  const builtIn = builtInChecks ? builtInValidation(o, output, cluster) : undefined;
  if (builtIn) return { admitted: false, message: builtIn, object: o };
  for (const { spec, binding } of policies(output, 'ValidatingAdmissionPolicy', cluster)) {
    if (!matches(spec, o, request)) continue;
    let params: unknown = null;
    if (binding.spec.paramRef) {
      params = cluster.runtimeClasses?.[binding.spec.paramRef.name];
      if (!params) return { admitted: false, message: `no params found for policy binding with Deny parameterNotFoundAction (${binding.spec.paramRef.name})`, object: o };
    }
    const decision = runValidatingPolicy(spec, {
      object: o, oldObject: request.oldObject ?? null, params,
      request: { operation: request.operation, subResource: request.subResource ?? '', userInfo: { username: request.username ?? 'system:serviceaccount:openhands:openhands' } },
    }, { strictMessages: true });
    if (!decision.admitted && binding.spec.validationActions.includes('Deny')) return { admitted: false, message: decision.message, object: o };
  }
  return { admitted: true, object: o };
}
