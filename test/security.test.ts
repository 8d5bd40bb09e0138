import { SANDBOX_CAPABILITIES } from '../lib/openhands/sandbox-pod';
import { configFrom, container, errorOf, find, render, onKubernetes } from './support/fixtures';
import { configWarnings } from '../lib/config/warnings';
import { allFindings, apiServerRejections, baselineViolations, crossObjectErrors, unexemptedFindings } from './support/k8s-checks';
import { schemaErrors } from './support/schema';

const PROFILES: Array<[name: string, toml: string]> = [
  ['hardened defaults', '[kubernetes]\nnamespace = "sandboxes"'],
  ['hardened in default namespace', ''],
  ['hardened, headless', '[kubernetes]\nnamespace = "s"\n[extended.manifests]\nheadless = true'],
  ['hardened, privileged', '[kubernetes]\nnamespace = "dind"\nprivileged = true'],
  ['hardened, non-root agent', '[kubernetes]\nnamespace = "s"\n[extended.manifests]\nuser_id = 1000'],
  ['hardened, sysbox runtime class, TLS, several sessions', '[kubernetes]\nnamespace = "s"\ningress_tls_secret = "tls"\n[extended.manifests]\nruntime_class = "sysbox-runc"\nsessions = ["a", "b"]\n[extended.manifests.app_server]\nservice_account = "openhands"'],
  ['openhands profile', '[extended.manifests]\nsecurity_profile = "openhands"'],
  ['openhands profile, privileged', '[kubernetes]\nprivileged = true\n[extended.manifests]\nsecurity_profile = "openhands"'],
];

describe.each(PROFILES)('posture: %s', (name, toml) => {
  const objects = render(toml);
  const pods = objects.filter((object) => object.kind === 'Pod');
  const privileged = toml.includes('privileged = true');

  test('every object passes the Kubernetes schema', () => {
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('cross-object rules hold', () => {
    expect(crossObjectErrors(objects)).toEqual([]);
  });

  test('the API server accepts every security context', () => {
    for (const pod of pods) expect(apiServerRejections(pod)).toEqual([]);
  });

  test(privileged ? 'only the privileged Pod Security level admits it' : 'passes the Pod Security baseline', () => {
    for (const pod of pods) {
      if (privileged) expect(baselineViolations(pod)).toEqual(['runtime: privileged']);
      else expect(baselineViolations(pod)).toEqual([]);
    }
  });

  if (name.startsWith('hardened')) {
    test('every linter finding is fixed or annotated with a reason', () => {
      expect(unexemptedFindings(objects)).toEqual([]);
    });
  }
});

describe('hardened profile', () => {
  const objects = render('[kubernetes]\nnamespace = "sandboxes"');
  const pod = find(objects, 'Pod');

  test('locks the sandbox down but keeps it root with a writable root filesystem', () => {
    expect(pod.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec).toMatchObject({ automountServiceAccountToken: false, enableServiceLinks: false, serviceAccountName: 'openhands-sandbox' });
    expect(container(objects).securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: SANDBOX_CAPABILITIES } });
    expect(container(objects).securityContext.runAsNonRoot).toBeUndefined();
    expect(container(objects).securityContext.readOnlyRootFilesystem).toBeUndefined();
  });

  test('never adds back NET_RAW, SYS_ADMIN or NET_ADMIN', () => {
    for (const cap of ['NET_RAW', 'SYS_ADMIN', 'NET_ADMIN']) expect(SANDBOX_CAPABILITIES).not.toContain(cap);
  });

  test('gives the sandboxes a ServiceAccount with no token', () => {
    expect(find(objects, 'ServiceAccount', 'openhands-sandbox')).toMatchObject({ metadata: { name: 'openhands-sandbox', namespace: 'sandboxes' }, automountServiceAccountToken: false });
  });

  test('annotates the findings a root sandbox trips by nature, with reasons', () => {
    const annotations = pod.metadata.annotations;
    expect(annotations['ignore-check.kube-linter.io/run-as-non-root']).toMatch(/root/);
    expect(annotations['ignore-check.kube-linter.io/no-read-only-root-fs']).toMatch(/root filesystem/);
    expect(annotations['polaris.fairwinds.com/runAsRootAllowed-exempt']).toBe('true');
    expect(allFindings(objects).map((f) => f.check)).toEqual(expect.arrayContaining(['run-as-non-root', 'no-read-only-root-fs']));
  });

  test('labels the namespace baseline-enforced and restricted-warned, versions pinned', () => {
    expect(find(objects, 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30',
      'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.30',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'v1.30',
    });
  });

  test('labels a privileged namespace privileged-enforced and baseline-warned', () => {
    expect(find(render('[kubernetes]\nnamespace = "dind"\nprivileged = true'), 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/audit': 'baseline',
    });
  });

  test('never sets allowPrivilegeEscalation: false on a privileged container', () => {
    expect(container(render('[kubernetes]\nnamespace = "dind"\nprivileged = true')).securityContext).toEqual({ privileged: true });
  });

  test('lets a non-root agent use sudo: no allowPrivilegeEscalation: false, annotated', () => {
    const objects1000 = render('[extended.manifests]\nuser_id = 1000');
    expect(container(objects1000).securityContext.allowPrivilegeEscalation).toBeUndefined();
    expect(find(objects1000, 'Pod').metadata.annotations['ignore-check.kube-linter.io/privilege-escalation-container']).toMatch(/sudo/);
  });

  test('sets the runtime class when asked', () => {
    expect(find(render('[extended.manifests]\nruntime_class = "gvisor"'), 'Pod').spec.runtimeClassName).toBe('gvisor');
  });
});

describe('app server RBAC', () => {
  test('grants exactly the calls OpenHands makes, without wildcards or exec', () => {
    const role = find(render(''), 'Role');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: [''], resources: ['services'], verbs: ['create', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['create', 'delete'] },
    ]);
    expect(JSON.stringify(role)).not.toMatch(/\*|exec/);
  });

  test('adds list and watch when asked', () => {
    const role = find(render('[extended.manifests.app_server]\nlist_watch = true'), 'Role');
    for (const rule of role.rules) expect(rule.verbs).toEqual(expect.arrayContaining(['list', 'watch']));
  });

  test('binds the app server ServiceAccount only when it is configured', () => {
    expect(render('').some((object) => object.kind === 'RoleBinding')).toBe(false);
    const binding = find(render('[extended.manifests.app_server]\nservice_account = "oh"\nnamespace = "apps"'), 'RoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'oh', namespace: 'apps' }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'openhands-runtime-manager' });
  });
});

describe('network policy', () => {
  const policy = find(render('[extended.manifests.app_server]\nnamespace = "apps"\npod_labels = { app = "openhands-app" }\n[extended.manifests.network_policy]\ningress_controller_namespace = "nginx"\nallow_egress_cidrs = ["10.20.0.0/16"]'), 'NetworkPolicy');

  test('selects the sandbox pods with both policy types', () => {
    expect(policy.spec.podSelector).toEqual({ matchExpressions: [{ key: 'app', operator: 'In', values: ['openhands-runtime'] }] });
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('admits the app server to 8080 and the ingress controller to 8081 only', () => {
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['openhands-app'] }] } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nginx' } } }], ports: [{ protocol: 'TCP', port: 8081 }] },
    ]);
  });

  test('lets sandboxes reach DNS and the internet but not metadata or private ranges, unless allowed', () => {
    const [dns, internet, allowed] = policy.spec.egress;
    expect(dns.ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    expect(internet.to[0].ipBlock).toEqual({ cidr: '0.0.0.0/0', except: expect.arrayContaining(['169.254.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']) });
    expect(allowed).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] });
  });

  test('has no VS Code rule when headless, and can be turned off', () => {
    expect(find(render('[extended.manifests]\nheadless = true'), 'NetworkPolicy').spec.ingress).toHaveLength(1);
    expect(render('[extended.manifests.network_policy]\nenabled = false').some((object) => object.kind === 'NetworkPolicy')).toBe(false);
  });
});

describe('ingress settings', () => {
  test('emits ingressClassName, extra annotations and labels, never over the selector labels', () => {
    const objects = render('[extended.manifests]\ningress_class = "nginx"\n[extended.manifests.ingress_annotations]\n"nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600"\n[extended.manifests.ingress_labels]\nteam = "ai"\n[extended.manifests.pod_labels]\nteam = "ai"\n[extended.manifests.pvc_labels]\nbackup = "daily"');
    const ingress = find(objects, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'external-dns.alpha.kubernetes.io/hostname': 'default.localhost' });
    expect(JSON.stringify(ingress.metadata.annotations)).not.toMatch(/ingress\.class/);
    expect(ingress.metadata.labels).toMatchObject({ team: 'ai', app: 'openhands-runtime', session: 'default' });
    expect(find(objects, 'Pod').metadata.labels).toMatchObject({ team: 'ai', app: 'openhands-runtime', session: 'default' });
    expect(find(objects, 'PersistentVolumeClaim').metadata.labels).toMatchObject({ backup: 'daily' });
  });

  test('puts the standard app.kubernetes.io labels on every object', () => {
    for (const object of render('[kubernetes]\nnamespace = "x"\n[extended.manifests.app_server]\nservice_account = "a"')) {
      expect(object.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'openhands-runtime', 'app.kubernetes.io/managed-by': 'openhands-k8s', 'app.kubernetes.io/instance': 'test' });
    }
  });
});

describe('openhands profile', () => {
  test('adds no object and no spec field to what OpenHands creates', () => {
    const objects = render('[extended.manifests]\nsecurity_profile = "openhands"');
    expect(objects.map((object) => object.kind)).toEqual(['PersistentVolumeClaim', 'Pod', 'Service', 'Service', 'Ingress']);
    expect(find(objects, 'Pod').metadata.annotations).toBeUndefined();
    expect(Object.keys(find(objects, 'Pod').spec).sort()).toEqual(['containers', 'restartPolicy', 'volumes']);
  });
});

describe('configs that defeat isolation', () => {
  test.each([
    ['a system namespace', '[kubernetes]\nnamespace = "kube-system"', /config\.toml:2: kubernetes\.namespace = "kube-system": is a system namespace/],
    ['the app server\'s namespace', '[kubernetes]\nnamespace = "openhands"', /kubernetes\.namespace = "openhands": is also the app server's namespace/],
    ['privileged in default', '[kubernetes]\nprivileged = true', /kubernetes\.privileged = true: privileged sandboxes need a namespace of their own/],
    ['empty app server labels', '[kubernetes]\nnamespace = "s"\n[extended.manifests.app_server]\npod_labels = {}', /app_server\.pod_labels = \{\}: is empty/],
    ['app server labels the sandboxes carry', '[kubernetes]\nnamespace = "s"\n[extended.manifests.app_server]\npod_labels = { app = "openhands-runtime" }', /matches the sandbox pods' own labels \(app=openhands-runtime\)/],
    ['an egress CIDR of everything', '[kubernetes]\nnamespace = "s"\n[extended.manifests.network_policy]\nallow_egress_cidrs = ["::/0"]', /allow_egress_cidrs\[0\] = "::\/0": allows every address/],
    ['more pre-provisioned sessions than the quota admits', '[kubernetes]\nnamespace = "s"\n[extended.manifests]\nsessions = ["a", "b"]\n[extended.manifests.governance]\nmax_sessions = 1', /max_sessions = 1: is below the 2 pre-provisioned sessions/],
  ])('refuses %s, with the key and line', (_name, toml, message) => {
    expect(errorOf(toml)).toMatch(message);
  });

  test('refuses a fixed external-dns host name, which every session\'s Ingress would share', () => {
    expect(errorOf('[extended.manifests]\nsecurity_profile = "openhands"\ningress_annotations = { "external-dns.alpha.kubernetes.io/hostname" = "one.example.com" }'))
      .toMatch(/ingress_annotations\.external-dns\.alpha\.kubernetes\.io\/hostname = "one\.example\.com": is the annotation each session's Ingress carries with its own host/);
  });

  test('refuses ingress annotations too large for the Ingresses the mutating policy gives them to, with no pre-provisioned session', () => {
    const big = 'x'.repeat(262_100);
    expect(errorOf(onKubernetes(`[kubernetes]\nnamespace = "sbx"\n[extended.manifests]\nsessions = []\ningress_annotations = { "a.io/x" = "${big}" }`)))
      .toMatch(/ingress_annotations = .*: gives the Ingresses OpenHands creates up to 26\d{4} bytes of annotations \(with their host's\); the API server allows at most 262144/);
    // Without the mutating policy nothing carries them (a warning says so).
    expect(() => configFrom(`[kubernetes]\nnamespace = "sbx"\n[extended.manifests]\nsessions = []\ningress_annotations = { "a.io/x" = "${big}" }\n[extended.manifests.governance]\nmutating_policy = false`)).not.toThrow();
  });

  test('reports a mistyped privileged once, as a type error, not also as privileged in default', () => {
    expect(errorOf('[kubernetes]\nprivileged = "yes"')).toMatch(/^config\.toml: 1 problem:\n.*kubernetes\.privileged = "yes": must be a boolean/);
  });

  test('keeps refusing only system namespaces with the openhands profile', () => {
    expect(errorOf('[kubernetes]\nnamespace = "kube-public"\n[extended.manifests]\nsecurity_profile = "openhands"')).toMatch(/system namespace/);
    expect(() => configFrom('[kubernetes]\nnamespace = "openhands"\nprivileged = true\n[extended.manifests]\nsecurity_profile = "openhands"')).not.toThrow();
  });

  test('warns when an allowed CIDR re-opens a blocked range', () => {
    const config = configFrom('[kubernetes]\nnamespace = "s"\n[extended.manifests.network_policy]\nallow_egress_cidrs = ["10.1.0.0/16", "fd00::/8", "203.0.114.0/24"]');
    const warnings = configWarnings(config).filter((warning) => warning.includes('re-opens'));
    expect(warnings).toEqual([
      expect.stringMatching(/10\.1\.0\.0\/16 re-opens the blocked range 10\.0\.0\.0\/8/),
      expect.stringMatching(/fd00::\/8 re-opens the blocked range fc00::\/7/),
    ]);
  });

  test('warns when pre-provisioned sessions will be deleted by OpenHands on close', () => {
    expect(configWarnings(configFrom('[kubernetes]\nnamespace = "s"')).join('\n')).toMatch(/keep_runtime_alive is false, so OpenHands deletes the pre-provisioned pod/);
    expect(configWarnings(configFrom('[kubernetes]\nnamespace = "s"\n[sandbox]\nruntime_container_image = "i:1"\nkeep_runtime_alive = true')).join('\n')).not.toMatch(/keep_runtime_alive/);
    expect(configWarnings(configFrom('[kubernetes]\nnamespace = "s"\n[extended.manifests]\nsessions = []')).join('\n')).not.toMatch(/keep_runtime_alive/);
  });

  test('warns about the Kubernetes versions that lack the mutating policy or need its feature gate', () => {
    const warn = (version: string) => configWarnings(configFrom(`[kubernetes]\nnamespace = "s"\n[extended.manifests.governance]\nkubernetes_version = "${version}"`)).join('\n');
    // Below 1.34 there is nothing to warn about: plan and synth's summary say what 1.34+ adds.
    expect(warn('1.33')).not.toMatch(/MutatingAdmissionPolicy/);
    expect(warn('1.35')).toMatch(/feature-gates=MutatingAdmissionPolicy=true/);
    expect(warn('1.36')).not.toMatch(/MutatingAdmissionPolicy/);
    expect(warn('1.29')).toMatch(/no ValidatingAdmissionPolicy v1/);
  });

  test('warns that nothing governs sandboxes in the default namespace', () => {
    expect(configWarnings(configFrom('')).join('\n')).toMatch(/share the "default" namespace, so nothing governs/);
  });
});

describe('network policy', () => {
  const policy = find(render('[kubernetes]\nnamespace = "s"\n[extended.manifests.network_policy]\nallow_egress_cidrs = ["10.20.0.0/16", "fd00:1::/64"]\nallow_egress_ports = [443]\ndns_namespace = "dns"'), 'NetworkPolicy');

  test('sends DNS only to the kube-dns pods of the DNS namespace', () => {
    expect(policy.spec.egress[0].to).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] } }]);
  });

  test('blocks loopback, reserved and IPv4-embedding IPv6 ranges too', () => {
    const [v4, v6] = policy.spec.egress[1].to;
    expect(v4.ipBlock.except).toEqual(expect.arrayContaining(['0.0.0.0/8', '127.0.0.0/8', '192.0.0.0/24', '198.18.0.0/15', '240.0.0.0/4', '169.254.0.0/16']));
    expect(v6.ipBlock.except).toEqual(expect.arrayContaining(['::ffff:0:0/96', '64:ff9b::/96', 'fe80::/10', 'fc00::/7']));
  });

  test('allows IPv4 and IPv6 CIDRs, on the given ports only', () => {
    expect(policy.spec.egress[2]).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }, { ipBlock: { cidr: 'fd00:1::/64' } }], ports: [{ protocol: 'TCP', port: 443 }] });
  });
});

describe('capacity', () => {
  const objects = render('[kubernetes]\nnamespace = "s"\nresource_cpu_request = "500m"\nresource_memory_request = "1.5Gi"\n[extended.manifests.governance]\nmax_sessions = 4');

  test('the ResourceQuota admits max_sessions sandboxes as OpenHands creates them, plus the pod and claim of one being deleted, and no node ports or load balancers', () => {
    // 4 sandboxes and one terminating: its pod (500m, 1.5Gi, 2Gi, 10Gi) and claim (2Gi) count until the pod is gone.
    expect(find(objects, 'ResourceQuota').spec.hard).toEqual({
      pods: '5', persistentvolumeclaims: '5', services: '8', 'count/ingresses.networking.k8s.io': '4', 'services.loadbalancers': '0', 'services.nodeports': '0',
      'requests.cpu': '2500m', 'requests.memory': '7680Mi', 'limits.memory': '10Gi', 'requests.storage': '10Gi',
      'requests.ephemeral-storage': '50Gi', 'limits.ephemeral-storage': '50Gi',
    });
  });

  test('the LimitRange gives every container the ephemeral-storage limit and caps claims', () => {
    expect(find(objects, 'LimitRange').spec.limits).toEqual([
      { type: 'Container', default: { 'ephemeral-storage': '10Gi' }, defaultRequest: { 'ephemeral-storage': '10Gi' }, max: { 'ephemeral-storage': '10Gi', memory: '2Gi' } },
      { type: 'PersistentVolumeClaim', max: { storage: '2Gi' } },
    ]);
    expect(container(objects).resources.limits['ephemeral-storage']).toBe('10Gi');
  });

  test('counts ephemeral storage only with the LimitRange, which gives every pod a request', () => {
    const hard = find(render('[kubernetes]\nnamespace = "s"\n[extended.manifests.governance]\nlimit_range = false'), 'ResourceQuota').spec.hard;
    expect(Object.keys(hard).filter((key) => key.includes('ephemeral'))).toEqual([]);
  });

  test('each piece can be switched off', () => {
    const off = render('[kubernetes]\nnamespace = "s"\n[extended.manifests.governance]\nresource_quota = false\nlimit_range = false\ndefault_service_account = false\nvalidating_policy = false\nmutating_policy = false\ngitops_annotations = false');
    expect(off.map((object) => object.kind)).not.toEqual(expect.arrayContaining(['ResourceQuota']));
    expect(off.filter((object) => /ResourceQuota|LimitRange|AdmissionPolicy/.test(object.kind) || object.metadata.name === 'default')).toEqual([]);
    expect(find(off, 'Pod').metadata.annotations['argocd.argoproj.io/sync-options']).toBeUndefined();
  });
});

describe('GitOps and runtime classes', () => {
  test('per-session objects tell Argo CD not to prune them or report what OpenHands adds', () => {
    const objects = render('[kubernetes]\nnamespace = "s"');
    for (const object of objects.filter((o: any) => o.metadata.labels?.session)) {
      expect(object.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/sync-options': 'Prune=false', 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' });
    }
    expect(find(objects, 'ResourceQuota').metadata.annotations).toBeUndefined();
  });

  test('sysbox-runc pods get the CRI-O user-namespace annotation', () => {
    const pod = find(render('[kubernetes]\nnamespace = "s"\n[extended.manifests]\nruntime_class = "sysbox-runc"'), 'Pod');
    expect(pod.metadata.annotations['io.kubernetes.cri-o.userns-mode']).toBe('auto:size=65536');
    expect(find(render('[kubernetes]\nnamespace = "s"\n[extended.manifests]\nruntime_class = "gvisor"'), 'Pod').metadata.annotations['io.kubernetes.cri-o.userns-mode']).toBeUndefined();
  });
});
