import { admit } from '../support/admission-chain';
import { applyMutatingPolicy, isIdempotent } from '../support/admission-harness';
import { beforeAdmissionPolicies, clone, mutatingSpec } from '../support/admission';
import { find, onKubernetes, render } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

/**
 * Pod metadata admission does not make equal, on purpose:
 * - the kube-linter/Polaris annotations (read only by static linters, from the YAML in Git);
 * - the Argo CD annotations (only meaningful on objects Argo CD applies from Git).
 * Everything else of the pod (labels, the whole spec) must come out equal.
 */
const STATIC_ONLY_ANNOTATION = /^(ignore-check\.kube-linter\.io|polaris\.fairwinds\.com|argocd\.argoproj\.io)\//;

const KUBE = '[kubernetes]\nnamespace = "sandboxes"\n';
const PROFILES: Array<[name: string, kubernetes: string, both: string, hardenedOnly: string]> = [
  ['defaults', '', '', ''],
  ['privileged', 'privileged = true\n', '', ''],
  ['non-root agent', '', 'user_id = 1000\n', ''],
  ['headless, several sessions, extra pod labels', '', 'headless = true\nsessions = ["a", "b"]\npod_labels = { "cost-center" = "ai" }\n', ''],
  ['sysbox runtime class', '', '', 'runtime_class = "sysbox-runc"\n'],
  ['gVisor runtime class, other account and storage limit', '', '', 'runtime_class = "gvisor"\nsandbox_service_account = "agents"\n[extended.manifests.governance]\nephemeral_storage_limit = "20Gi"\n'],
];

describe.each(PROFILES)('the mutating policy, %s', (_name, kubernetes, both, hardenedOnly) => {
  const openhands = render(`${KUBE}${kubernetes}[extended.manifests]\nsecurity_profile = "openhands"\n${both}`);
  const hardened = render(onKubernetes(`${KUBE}${kubernetes}[extended.manifests]\n${both}${hardenedOnly}`));
  const spec = mutatingSpec(hardened);
  const openhandsPods = openhands.filter((object) => object.kind === 'Pod');

  test('turns the pod OpenHands creates into the hardened profile\'s pod', () => {
    for (const pod of openhandsPods) {
      // OpenHands labels its pods with app and session only; the standard labels are the generator's.
      const created = beforeAdmissionPolicies(pod);
      const { app, session } = pod.metadata.labels as Record<string, string>;
      created.metadata.labels = { app, session };
      const mutated = applyMutatingPolicy(spec, created).object;
      const expected = find(hardened, 'Pod', pod.metadata.name);
      expect(mutated.spec).toEqual(expected.spec);
      expect(mutated.metadata.labels).toEqual(expected.metadata.labels);
      const expectedAnnotations = Object.fromEntries(Object.entries(expected.metadata.annotations ?? {}).filter(([key]) => !STATIC_ONLY_ANNOTATION.test(key)));
      expect(mutated.metadata.annotations ?? {}).toEqual(expectedAnnotations);
    }
  });

  test('changes nothing when reinvoked, whatever securityContexts the pod arrives with', () => {
    for (const pod of openhandsPods) {
      const admitted = beforeAdmissionPolicies(pod);
      expect(isIdempotent(spec, admitted)).toBe(true);
      const bare = clone(admitted);
      delete bare.spec.securityContext;
      delete bare.spec.containers[0].securityContext;
      delete bare.spec.containers[0].resources;
      expect(isIdempotent(spec, bare)).toBe(true);
      const hardenedPod = find(hardened, 'Pod', pod.metadata.name);
      expect(applyMutatingPolicy(spec, hardenedPod).object).toEqual(hardenedPod);
    }
  });

  test('passes the policy schema', () => {
    expect(schemaErrors(hardened.filter((object) => object.kind.includes('AdmissionPolicy')))).toEqual([]);
  });
});

describe('the mutating policy', () => {
  const objects = render(onKubernetes(`${KUBE}[extended.manifests]\ningress_class = "nginx"`));
  const spec = mutatingSpec(objects, 'openhands-sandbox-sandboxes-harden');

  test('is limited to app=openhands-runtime pods of the sandbox namespace, on CREATE, at v1 by default', () => {
    const policy = find(objects, 'MutatingAdmissionPolicy', 'openhands-sandbox-sandboxes-harden');
    expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(policy.spec.matchConstraints).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'sandboxes' } },
      objectSelector: { matchLabels: { app: 'openhands-runtime' } },
      resourceRules: [{ apiGroups: [''], apiVersions: ['*'], operations: ['CREATE'], resources: ['pods'], scope: 'Namespaced' }],
    });
    expect(find(objects, 'MutatingAdmissionPolicyBinding', 'openhands-sandbox-sandboxes-harden').spec.matchResources)
      .toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'sandboxes' } } });
  });

  test('leaves a pod whose container is not named runtime alone (its test op fails, so the API server skips the patch)', () => {
    const pod = beforeAdmissionPolicies(find(render(`${KUBE}[extended.manifests]\nsecurity_profile = "openhands"`), 'Pod'));
    pod.spec.containers[0].name = 'other';
    const mutated = applyMutatingPolicy(spec, pod).object;
    expect(mutated.spec.containers[0].securityContext).toEqual({ privileged: false });
    expect(mutated.spec.automountServiceAccountToken).toBe(false);
  });

  test('gives OpenHands\' class-less ingresses the configured class', () => {
    const ingress = find(render(`${KUBE}[extended.manifests]\nsecurity_profile = "openhands"`), 'Ingress');
    const ingressSpec = mutatingSpec(objects, 'openhands-sandbox-sandboxes-harden-ingress');
    expect(applyMutatingPolicy(ingressSpec, ingress).object.spec.ingressClassName).toBe('nginx');
    expect(isIdempotent(ingressSpec, ingress)).toBe(true);
  });

  test('gives OpenHands\' ingresses the configured annotations and labels, as pre-provisioned sessions\' ingresses have them', () => {
    const extras = 'ingress_annotations = { "cert-manager.io/cluster-issuer" = "le", "nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600", "a.io/x" = "1" }\ningress_labels = { team = "ai" }';
    const hardened = render(onKubernetes(`${KUBE}[extended.manifests]\n${extras}`));
    const ingressSpec = mutatingSpec(hardened, 'openhands-sandbox-sandboxes-harden-ingress');
    // What OpenHands creates: its own annotation (external-dns), no labels, no class.
    const created = find(render(`${KUBE}[extended.manifests]\nsecurity_profile = "openhands"`), 'Ingress');
    expect(created.metadata.labels).toBeUndefined();
    const mutated = applyMutatingPolicy(ingressSpec, created).object;
    const expected = find(hardened, 'Ingress');
    expect(mutated.metadata.annotations).toEqual(Object.fromEntries(Object.entries(expected.metadata.annotations).filter(([key]) => !STATIC_ONLY_ANNOTATION.test(key))));
    expect(mutated.metadata.labels).toEqual({ team: 'ai' });
    expect(mutated.spec.ingressClassName).toBeUndefined();
    expect(isIdempotent(ingressSpec, created)).toBe(true);
    // An Ingress without annotations gets the whole map.
    const bare = clone(created);
    delete bare.metadata.annotations;
    expect(applyMutatingPolicy(ingressSpec, bare).object.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'le', 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'a.io/x': '1' });
    expect(schemaErrors(hardened.filter((object) => object.kind.includes('AdmissionPolicy')))).toEqual([]);
    // Nothing to give, or no Ingress to give it to (headless): no Ingress policy.
    expect(render(onKubernetes(KUBE)).filter((object) => object.metadata.name === 'openhands-sandbox-sandboxes-harden-ingress')).toEqual([]);
    expect(render(onKubernetes(`${KUBE}[extended.manifests]\nheadless = true\n${extras}`)).filter((object) => object.metadata.name === 'openhands-sandbox-sandboxes-harden-ingress')).toEqual([]);
  });

  test.each([['1.35', 'v1beta1'], ['1.34', 'v1beta1'], ['1.36', 'v1'], ['1.40', 'v1']])('on Kubernetes %s is emitted at %s', (version, apiVersion) => {
    const rendered = render(`${KUBE}[extended.manifests.governance]\nkubernetes_version = "${version}"`);
    expect(find(rendered, 'MutatingAdmissionPolicy').apiVersion).toBe(`admissionregistration.k8s.io/${apiVersion}`);
    expect(find(rendered, 'MutatingAdmissionPolicyBinding').apiVersion).toBe(`admissionregistration.k8s.io/${apiVersion}`);
    expect(schemaErrors(rendered)).toEqual([]);
  });

  test('is not emitted below Kubernetes 1.34, and the validating policy then does not require its settings', () => {
    const rendered = render(`${KUBE}[extended.manifests.governance]\nkubernetes_version = "1.33"`);
    expect(rendered.filter((object) => object.kind.startsWith('Mutating'))).toEqual([]);
    // OpenHands' own pod, unhardened, is what reaches the validating policy on such a cluster.
    const openhandsPod = find(render(`${KUBE}[extended.manifests]\nsecurity_profile = "openhands"`), 'Pod');
    expect(admit(rendered, openhandsPod, { minor: 33 })).toEqual(expect.objectContaining({ admitted: true }));
  });

  test('is not emitted in the default namespace, nor with the openhands profile, nor when switched off', () => {
    for (const toml of ['', '[extended.manifests]\nsecurity_profile = "openhands"', `${KUBE}[extended.manifests.governance]\nmutating_policy = false`]) {
      expect(render(toml).filter((object) => object.kind.startsWith('Mutating'))).toEqual([]);
    }
  });
});
