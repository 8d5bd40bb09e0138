import { KubeObject } from '../../lib/output/render';
import { applyMutatingPolicy, evalVariables, evaluate, runValidatingPolicy, ValidatingPolicySpec } from '../support/admission-harness';
import { find, IMAGE, onKubernetes, render } from '../support/fixtures';
import { schemaErrors } from '../support/schema';
import { beforeAdmissionPolicies, clone, mutatingSpec } from '../support/admission';

const KUBE = '[kubernetes]\nnamespace = "sandboxes"\ningress_domain = "sbx.example.com"\ningress_tls_secret = "sbx-tls"\npvc_storage_class = "fast"\n';

// With Ingress extras, so that what the mutating policy adds to OpenHands' Ingresses is admitted too.
const policies = render(onKubernetes(`${KUBE}[extended.manifests]\ningress_class = "nginx"\ningress_annotations = { "nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600" }\ningress_labels = { team = "ai" }`));
const openhands = render(`${KUBE}[extended.manifests]\nsecurity_profile = "openhands"`);
const vap = (kind: string): ValidatingPolicySpec => find(policies, 'ValidatingAdmissionPolicy', `openhands-sandbox-sandboxes-${kind}`).spec;
const KINDS: Record<string, string> = { Pod: 'pods', Service: 'services', Ingress: 'ingresses', PersistentVolumeClaim: 'pvcs' };

/** An object as the validating policies see it: after defaulting and the mutating policies. */
function admitted(object: KubeObject): any {
  if (object.kind === 'Pod') return applyMutatingPolicy(mutatingSpec(policies, 'openhands-sandbox-sandboxes-harden'), beforeAdmissionPolicies(object)).object;
  if (object.kind === 'Ingress') return applyMutatingPolicy(mutatingSpec(policies, 'openhands-sandbox-sandboxes-harden-ingress'), object).object;
  if (object.kind === 'Service') return { ...object, spec: { type: 'ClusterIP', ...(object as any).spec } };
  return clone(object);
}

const decide = (object: any) => runValidatingPolicy(vap(KINDS[object.kind]), { object, request: { operation: 'CREATE' } });
const openhandsObject = (kind: string, name?: string) => admitted(find(openhands, kind, name));
const variant = (kind: string, change: (object: any) => void, name?: string) => {
  const object = openhandsObject(kind, name);
  change(object);
  return object;
};

describe('the validating policies', () => {
  test('pass the Kubernetes schema and are limited to the sandbox namespace', () => {
    const objects = policies.filter((object) => object.kind.startsWith('ValidatingAdmissionPolicy'));
    expect(objects).toHaveLength(8);
    expect(schemaErrors(objects)).toEqual([]);
    for (const object of objects as any[]) {
      const selector = object.kind.endsWith('Binding') ? object.spec.matchResources.namespaceSelector : object.spec.matchConstraints.namespaceSelector;
      expect(selector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'sandboxes' } });
    }
  });

  test('also see kubectl debug adding an ephemeral container and in-place resize, UPDATEs of their own subresources', () => {
    const pods = policies.find((object) => object.kind === 'ValidatingAdmissionPolicy' && object.metadata.name.endsWith('-pods')) as any;
    expect(pods.spec.matchConstraints.resourceRules).toEqual([expect.objectContaining({ resources: ['pods', 'pods/ephemeralcontainers', 'pods/resize'], operations: ['CREATE', 'UPDATE'] })]);
  });

  test.each(openhands.filter((object) => KINDS[object.kind]).map((object) => [`${object.kind} ${object.metadata.name}`, object]))(
    'admit what OpenHands creates for this config: %s', (_name, object) => {
      expect(decide(admitted(object as KubeObject))).toEqual({ admitted: true });
    });

  test('see OpenHands\' Ingress with the class, annotations and labels the mutating policy gave it', () => {
    const ingress = openhandsObject('Ingress');
    expect([ingress.spec.ingressClassName, ingress.metadata.labels, ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']]).toEqual(['nginx', { team: 'ai' }, '3600']);
    expect(decide(ingress)).toEqual({ admitted: true });
  });

  test('admit the pre-provisioned hardened objects too', () => {
    for (const object of policies.filter((o) => KINDS[o.kind])) {
      const seen = object.kind === 'Service' ? admitted(object) : object.kind === 'Pod' ? beforeAdmissionPolicies(object) : object;
      expect(decide(seen)).toEqual({ admitted: true });
    }
  });

  const HOSTILE: Array<[name: string, object: () => any, message: RegExp]> = [
    ['another image', () => variant('Pod', (p) => { p.spec.containers[0].image = 'evil/miner:1'; }), /image evil\/miner:1 is not allowed: sandbox\.runtime_container_image is docker\.all-hands\.dev/],
    ['hostNetwork', () => variant('Pod', (p) => { p.spec.hostNetwork = true; }), /^podFields: pod fields hostNetwork are not allowed/],
    ['hostPID', () => variant('Pod', (p) => { p.spec.hostPID = true; }), /^podFields: pod fields hostPID are not allowed/],
    ['a hostPath volume', () => variant('Pod', (p) => { p.spec.volumes.push({ name: 'root', hostPath: { path: '/' } }); }), /only their own workspace claim.*no hostPath/],
    ['a token volume', () => variant('Pod', (p) => { p.spec.volumes.push({ name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }); }), /token volume was mounted.*governance\.default_service_account/],
    ['privileged when not configured', () => variant('Pod', (p) => { p.spec.containers[0].securityContext = { privileged: true }; }), /^containerSecurity: .*change kubernetes\.privileged/],
    ['an added SYS_ADMIN', () => variant('Pod', (p) => { p.spec.containers[0].securityContext.capabilities.add.push('SYS_ADMIN'); }), /^containerSecurity: .*exactly the hardened one/],
    ['another ServiceAccount', () => variant('Pod', (p) => { p.spec.serviceAccountName = 'admin'; }), /^serviceAccount: ServiceAccount admin .*is not allowed.*sandbox_service_account/],
    ['a memory limit of 3Gi', () => variant('Pod', (p) => { p.spec.containers[0].resources.limits.memory = '3Gi'; }), /limits\.memory 3Gi is above 2Gi: change kubernetes\.resource_memory_limit/],
    ['a CPU request of 1500m', () => variant('Pod', (p) => { p.spec.containers[0].resources.requests.cpu = '1500m'; }), /requests\.cpu 1500m is above 1: change kubernetes\.resource_cpu_request/],
    ['an ephemeral-storage limit of 1Ti', () => variant('Pod', (p) => { p.spec.containers[0].resources.limits['ephemeral-storage'] = '1Ti'; }), /governance\.ephemeral_storage_limit/],
    ['no memory limit', () => variant('Pod', (p) => { delete p.spec.containers[0].resources.limits.memory; }), /^containerResourceKinds: the container states limits\.memory/],
    ['a sidecar', () => variant('Pod', (p) => { p.spec.containers.push({ ...p.spec.containers[0], name: 'sidecar' }); }), /exactly one container/],
    ['a hostPort', () => variant('Pod', (p) => { p.spec.containers[0].ports[0].hostPort = 80; }), /hostPort/],
    ['a pod without sandbox labels', () => variant('Pod', (p) => { delete p.metadata.labels; }), /only OpenHands sandbox pods.*kubernetes\.namespace/],
    ['a pod that bypassed the mutating policy', () => beforeAdmissionPolicies(find(openhands, 'Pod')), /MutatingAdmissionPolicy installed/],
    ['hostIPC', () => variant('Pod', (p) => { p.spec.hostIPC = true; }), /^podFields: pod fields hostIPC are not allowed/],
    ['an init container', () => variant('Pod', (p) => { p.spec.initContainers = [{ name: 'init', image: IMAGE }]; }), /^podFields: pod fields initContainers are not allowed/],
    ['an emptyDir volume', () => variant('Pod', (p) => { p.spec.volumes.push({ name: 'scratch', emptyDir: {} }); }), /only their own workspace claim/],
    ['another pod\'s claim', () => variant('Pod', (p) => { p.spec.volumes[0].persistentVolumeClaim.claimName = 'openhands-runtime-other-pvc'; }), /only their own workspace claim/],
    ['a LoadBalancer Service', () => variant('Service', (s) => { s.spec.type = 'LoadBalancer'; }, 'openhands-runtime-default-svc'), /Service type LoadBalancer is not allowed/],
    ['a NodePort Service', () => variant('Service', (s) => { s.spec.type = 'NodePort'; }, 'openhands-runtime-default-svc'), /Service type NodePort is not allowed/],
    ['externalIPs', () => variant('Service', (s) => { s.spec.externalIPs = ['1.2.3.4']; }, 'openhands-runtime-default-svc'), /externalIPs/],
    ['an Ingress for a foreign host', () => variant('Ingress', (i) => { i.spec.rules[0].host = 'login.bank.com'; }), /^ingressRoute: ingress host login\.bank\.com or its backend is not allowed: the rule is default\.sbx\.example\.com .*kubernetes\.ingress_domain/],
    ['an Ingress two levels down', () => variant('Ingress', (i) => { i.spec.rules[0].host = 'a.b.sbx.example.com'; }), /^ingressRoute: ingress host a\.b\.sbx\.example\.com/],
    ['an Ingress of another class', () => variant('Ingress', (i) => { i.spec.ingressClassName = 'public'; }), /ingress class public is not allowed: extended\.manifests\.ingress_class is nginx/],
    ['an Ingress without TLS', () => variant('Ingress', (i) => { delete i.spec.tls; }), /^ingressTls: .*TLS secret sbx-tls .*change kubernetes\.ingress_tls_secret/],
    ['an Ingress with a snippet', () => variant('Ingress', (i) => { i.metadata.annotations['nginx.ingress.kubernetes.io/server-snippet'] = 'x'; }), /snippet/],
    ['a Service selecting other pods', () => variant('Service', (s) => { s.spec.selector = { app: 'database' }; }, 'openhands-runtime-default-svc'), /^serviceSelector: a sandbox Service selects exactly its own session's pod/],
    ['an Ingress with a default backend', () => variant('Ingress', (i) => { i.spec.defaultBackend = { service: { name: 'openhands-runtime-default-svc-code', port: { number: 8081 } } }; }), /defaultBackend/],
    ['an Ingress routing to another Service', () => variant('Ingress', (i) => { i.spec.rules[0].http.paths[0].backend.service.name = 'grafana'; }), /^ingressRoute: .*openhands-runtime-<sid>-svc-code:8081/],
    ['an oversized PVC', () => variant('PersistentVolumeClaim', (c) => { c.spec.resources.requests.storage = '100Gi'; }), /workspace size 100Gi is above 2Gi: change kubernetes\.pvc_storage_size/],
    ['a PVC of another class', () => variant('PersistentVolumeClaim', (c) => { c.spec.storageClassName = 'gold'; }), /storage class gold is not allowed: kubernetes\.pvc_storage_class/],
    ['a ReadWriteMany PVC', () => variant('PersistentVolumeClaim', (c) => { c.spec.accessModes = ['ReadWriteMany']; }), /ReadWriteOnce/],
    ['a PVC that is no workspace', () => variant('PersistentVolumeClaim', (c) => { c.metadata.name = 'data'; }), /only sandbox workspaces/],
    ['a PVC cloned from a snapshot', () => variant('PersistentVolumeClaim', (c) => { c.spec.dataSource = { kind: 'VolumeSnapshot', name: 'x', apiGroup: 'snapshot.storage.k8s.io' }; }), /^claimFields: claim fields dataSource are not allowed/],
    ['a PVC bound to a chosen volume', () => variant('PersistentVolumeClaim', (c) => { c.spec.volumeName = 'someone-elses'; }), /^claimVolume: sandbox workspaces may not name a PersistentVolume/],
  ];

  test.each(HOSTILE)('refuse %s, naming what to change', (_name, object, message) => {
    const decision = decide(object());
    expect(decision.admitted).toBe(false);
    expect((decision as { message: string }).message).toMatch(message);
    expect((decision as { reason: string }).reason).toBe('Invalid');
  });

  test('let the PersistentVolume controller bind a workspace (an UPDATE setting volumeName)', () => {
    const claim = variant('PersistentVolumeClaim', (c) => { c.spec.volumeName = 'pvc-1234'; });
    expect(runValidatingPolicy(vap('pvcs'), { object: claim, oldObject: openhandsObject('PersistentVolumeClaim'), request: { operation: 'UPDATE', userInfo: { username: 'system:serviceaccount:kube-system:persistent-volume-binder' } } })).toEqual({ admitted: true });
  });

  test('refuse anyone else binding a pending workspace, or rebinding a bound one', () => {
    const claim = variant('PersistentVolumeClaim', (c) => { c.spec.volumeName = 'pvc-1234'; });
    const pending = openhandsObject('PersistentVolumeClaim');
    const bound = { ...claim, spec: { ...claim.spec, volumeName: 'pvc-0000' } };
    const as = (username: string, oldObject: any) => runValidatingPolicy(vap('pvcs'), { object: claim, oldObject, request: { operation: 'UPDATE', userInfo: { username } } });
    expect(as('system:serviceaccount:openhands:openhands', pending)).toEqual(expect.objectContaining({ admitted: false, message: expect.stringMatching(/^claimVolume: /) }));
    expect(as('system:kube-controller-manager', bound)).toEqual(expect.objectContaining({ admitted: false }));
  });

  test('keep each rule linear in the object\'s size: comprehensions nest only into sub-collections, at most three deep (the API server costs dynamic objects at run time)', () => {
    const depth = (expression: string): number => {
      let max = 0;
      const stack: boolean[] = [];
      for (let i = 0; i < expression.length; i++) {
        if (expression[i] === '"') { i = expression.indexOf('"', i + 1); continue; }
        if (expression[i] === '(') stack.push(/\.(all|exists|exists_one|filter|map)$/.test(expression.slice(Math.max(0, i - 10), i)));
        if (expression[i] === ')') stack.pop();
        max = Math.max(max, stack.filter(Boolean).length);
      }
      return max;
    };
    expect(depth('object.spec.containers.all(c, c.all(f, f in ["a"]))')).toBe(2);
    for (const kind of Object.values(KINDS)) for (const variable of vap(kind).variables ?? []) expect([variable.name, depth(variable.expression)]).toEqual([variable.name, expect.any(Number)]);
    const deepest = Math.max(...Object.values(KINDS).flatMap((kind) => (vap(kind).variables ?? []).map((variable) => depth(variable.expression))));
    expect(deepest).toBeLessThanOrEqual(3);
  });

  test('have one-line messages, as the API requires', () => {
    for (const kind of Object.values(KINDS)) for (const validation of vap(kind).validations) expect(validation.message).not.toMatch(/[\r\n]/);
  });

  test('every messageExpression evaluates to a one-line string on the objects it refuses', () => {
    for (const [, object] of HOSTILE) {
      const refused = object();
      const spec = vap(KINDS[refused.kind]);
      const vars = { object: refused, request: { operation: 'CREATE' } };
      const variables = evalVariables(spec.variables, vars);
      for (const validation of spec.validations) {
        if (!validation.messageExpression || evaluate(validation.expression, { ...vars, variables })) continue;
        const message = evaluate(validation.messageExpression, { ...vars, variables });
        expect(typeof message).toBe('string');
        expect(message).not.toMatch(/\n/);
      }
    }
  });

  test('admit privileged pods only when kubernetes.privileged is set', () => {
    const toml = '[kubernetes]\nnamespace = "dind"\nprivileged = true\n';
    const objects = render(onKubernetes(toml));
    const pod = applyMutatingPolicy(mutatingSpec(objects), beforeAdmissionPolicies(find(render(`${toml}[extended.manifests]\nsecurity_profile = "openhands"`), 'Pod'))).object;
    const spec = find(objects, 'ValidatingAdmissionPolicy', 'openhands-sandbox-dind-pods').spec;
    expect(runValidatingPolicy(spec, { object: pod })).toEqual({ admitted: true });
    expect(pod.spec.containers[0].image).toBe(IMAGE);
  });

  test('bind with the configured action', () => {
    const objects = render('[kubernetes]\nnamespace = "s"\n[extended.manifests.governance]\nvalidation_action = "Warn"');
    expect(find(objects, 'ValidatingAdmissionPolicyBinding', 'openhands-sandbox-s-pods').spec.validationActions).toEqual(['Warn']);
  });
});
