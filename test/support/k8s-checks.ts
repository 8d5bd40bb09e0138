/**
 * The cluster's and linters' view of generated objects, written from
 * Kubernetes' own validation rules: no API server, kube-linter or Polaris runs here.
 */
import { KubeObject } from '../../lib/output/render';

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
const INSECURE_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP',
  'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];
const SENSITIVE_HOST_PATHS = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/run', '/var/lib/docker', '/var/run/docker.sock'];

type Pod = any;
const containersOf = (pod: Pod): any[] => [...(pod.spec.initContainers ?? []), ...pod.spec.containers];

/** Pod Security Standards "baseline" violations of a pod (what `enforce: baseline` would reject). */
export function baselineViolations(pod: Pod): string[] {
  const spec = pod.spec;
  const found: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[field]) found.push(`${field} is true`);
  if (spec.securityContext?.windowsOptions?.hostProcess) found.push('hostProcess');
  for (const volume of spec.volumes ?? []) if (volume.hostPath) found.push(`hostPath volume ${volume.name}`);
  for (const sysctl of spec.securityContext?.sysctls ?? []) if (!SAFE_SYSCTLS.has(sysctl.name)) found.push(`unsafe sysctl ${sysctl.name}`);
  const checkSeccomp = (where: string, context: any) => {
    if (context?.seccompProfile?.type === 'Unconfined') found.push(`${where}: seccomp Unconfined`);
    if (context?.appArmorProfile?.type === 'Unconfined') found.push(`${where}: AppArmor Unconfined`);
    const selinux = context?.seLinuxOptions;
    if (selinux && (selinux.user || selinux.role || (selinux.type && !['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].includes(selinux.type)))) {
      found.push(`${where}: SELinux options`);
    }
  };
  checkSeccomp('pod', spec.securityContext);
  for (const [key, value] of Object.entries(pod.metadata.annotations ?? {})) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value === 'unconfined') found.push(`AppArmor unconfined (${key})`);
  }
  for (const c of containersOf(pod)) {
    const context = c.securityContext ?? {};
    if (context.privileged) found.push(`${c.name}: privileged`);
    for (const cap of context.capabilities?.add ?? []) if (!BASELINE_CAPABILITIES.has(cap)) found.push(`${c.name}: adds capability ${cap}`);
    if (context.procMount && context.procMount !== 'Default') found.push(`${c.name}: procMount ${context.procMount}`);
    for (const port of c.ports ?? []) if (port.hostPort) found.push(`${c.name}: hostPort ${port.hostPort}`);
    checkSeccomp(c.name, context);
  }
  return found;
}

const RESTRICTED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * Pod Security Standards "restricted" violations of a pod (what `enforce: restricted` would
 * reject): the baseline ones, plus explicit no privilege escalation, ALL capabilities dropped
 * (only NET_BIND_SERVICE added back), non-root, seccomp RuntimeDefault or Localhost, and only
 * the restricted volume types. Container settings may inherit the pod's runAsNonRoot / seccomp.
 */
export function restrictedViolations(pod: Pod): string[] {
  const found = baselineViolations(pod);
  const spec = pod.spec;
  const podContext = spec.securityContext ?? {};
  for (const volume of spec.volumes ?? []) {
    const source = Object.keys(volume).find((key) => key !== 'name');
    if (source && !RESTRICTED_VOLUME_SOURCES.includes(source)) found.push(`volume ${volume.name}: ${source} not allowed`);
  }
  if (podContext.runAsUser === 0) found.push('pod: runAsUser 0');
  for (const c of containersOf(pod)) {
    const context = c.securityContext ?? {};
    if (context.allowPrivilegeEscalation !== false) found.push(`${c.name}: allowPrivilegeEscalation not false`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) found.push(`${c.name}: capabilities do not drop ALL`);
    for (const cap of context.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') found.push(`${c.name}: adds capability ${cap}`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) found.push(`${c.name}: runAsNonRoot not true`);
    if (context.runAsUser === 0) found.push(`${c.name}: runAsUser 0`);
    const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') found.push(`${c.name}: seccomp ${seccomp ?? 'unset'}`);
  }
  return found;
}

/** Security contexts the API server rejects outright, whatever the namespace's level. */
export function apiServerRejections(pod: Pod): string[] {
  const found: string[] = [];
  const checkProfile = (where: string, context: any) => {
    const profile = context?.seccompProfile;
    if (profile && !profile.type) found.push(`${where}: seccompProfile without type`);
    if (profile?.type === 'Localhost' && !profile.localhostProfile) found.push(`${where}: Localhost seccomp without localhostProfile`);
  };
  checkProfile('pod', pod.spec.securityContext);
  for (const c of containersOf(pod)) {
    const context = c.securityContext ?? {};
    if (context.privileged && context.allowPrivilegeEscalation === false) found.push(`${c.name}: privileged with allowPrivilegeEscalation false`);
    if (context.allowPrivilegeEscalation === false && (context.capabilities?.add ?? []).some((cap: string) => /^(CAP_)?SYS_ADMIN$/.test(cap))) {
      found.push(`${c.name}: allowPrivilegeEscalation false with SYS_ADMIN`);
    }
    checkProfile(c.name, context);
  }
  return found;
}

/** One linter finding: the linter's check id and what it saw. */
export interface Finding {
  readonly linter: 'kube-linter' | 'polaris';
  readonly check: string;
  readonly object: string;
  readonly detail: string;
}

/**
 * The kube-linter and Polaris default checks of kubernetes-rules.md, applied to a set of objects.
 * Returns findings that carry no opt-out annotation (kube-linter's needs a non-empty reason).
 */
export function unexemptedFindings(objects: readonly KubeObject[]): Finding[] {
  return allFindings(objects).filter((finding) => {
    const object = objects.find((candidate) => `${candidate.kind}/${candidate.metadata.name}` === finding.object)!;
    const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
    return finding.linter === 'kube-linter'
      ? !(annotations[`ignore-check.kube-linter.io/${finding.check}`] ?? '').trim()
      : annotations[`polaris.fairwinds.com/${finding.check}-exempt`] !== 'true';
  });
}

/** Every finding of the listed checks, exempted or not. */
export function allFindings(objects: readonly KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  const pods = objects.filter((object) => object.kind === 'Pod') as Pod[];
  const add = (linter: Finding['linter'], check: string, object: KubeObject, detail: string) =>
    findings.push({ linter, check, object: `${object.kind}/${object.metadata.name}`, detail });
  for (const object of objects) {
    if (object.apiVersion.startsWith('extensions/v1beta1')) add('kube-linter', 'no-extensions-v1beta', object, object.apiVersion);
  }
  for (const service of objects.filter((object) => object.kind === 'Service') as any[]) {
    const selector = service.spec.selector ?? {};
    if (!pods.some((pod) => matches(pod, service.metadata.namespace, { matchLabels: selector }))) add('kube-linter', 'dangling-service', service, 'selects no pod');
    for (const port of service.spec.ports) {
      const target = port.targetPort;
      if (typeof target === 'string' && !validPortName(target)) add('kube-linter', 'invalid-target-ports', service, target);
    }
  }
  for (const role of objects.filter((object) => object.kind === 'Role' || object.kind === 'ClusterRole') as any[]) {
    for (const rule of role.rules) {
      if (rule.resources.some((resource: string) => ['pods/exec', 'pods/attach', '*'].includes(resource))) add('polaris', 'rolePodExecAttach', role, rule.resources.join(','));
    }
  }
  for (const ingress of objects.filter((object) => object.kind === 'Ingress') as any[]) {
    if (!ingress.spec.tls?.length) add('polaris', 'tlsSettingsMissing', ingress, 'no tls');
  }
  for (const pod of pods) {
    const spec = pod.spec;
    for (const field of ['hostIPC', 'hostNetwork', 'hostPID']) if (spec[field]) add('kube-linter', `host-${field.slice(4).toLowerCase()}`, pod, field);
    for (const sysctl of spec.securityContext?.sysctls ?? []) if (!SAFE_SYSCTLS.has(sysctl.name)) add('kube-linter', 'unsafe-sysctls', pod, sysctl.name);
    if (spec.serviceAccount) add('kube-linter', 'deprecated-service-account-field', pod, spec.serviceAccount);
    const account = spec.serviceAccountName;
    if (account && account !== 'default' && !objects.some((o) => o.kind === 'ServiceAccount' && o.metadata.name === account && o.metadata.namespace === pod.metadata.namespace)) {
      add('kube-linter', 'non-existent-service-account', pod, account);
    }
    if (spec.automountServiceAccountToken !== false) add('polaris', 'automountServiceAccountToken', pod, 'token mounted');
    const policed = objects.some((o: any) => o.kind === 'NetworkPolicy' && o.metadata.namespace === pod.metadata.namespace
      && matches(pod, pod.metadata.namespace, o.spec.podSelector)
      && ['Ingress', 'Egress'].every((type) => o.spec.policyTypes?.includes(type)));
    if (!policed) add('polaris', 'missingNetworkPolicy', pod, 'no ingress+egress NetworkPolicy selects it');
    for (const volume of spec.volumes ?? []) {
      const path = volume.hostPath?.path;
      if (path === '/var/run/docker.sock') add('kube-linter', 'docker-sock', pod, path);
      if (path && SENSITIVE_HOST_PATHS.includes(path)) add('kube-linter', 'sensitive-host-mounts', pod, path);
    }
    const podContext = spec.securityContext ?? {};
    for (const c of containersOf(pod)) {
      const context = c.securityContext ?? {};
      const caps = context.capabilities ?? {};
      const names = new Set<string>();
      for (const env of c.env ?? []) {
        if (names.has(env.name)) add('kube-linter', 'duplicate-env-var', pod, env.name);
        names.add(env.name);
        if (SECRET_NAME.test(env.name) && env.value !== undefined) {
          add('kube-linter', 'env-var-secret', pod, env.name);
          add('polaris', 'sensitiveContainerEnvVar', pod, env.name);
        }
      }
      const tag = /[:@][^/]*$/.exec(c.image)?.[0];
      if (!tag) add('polaris', 'tagNotSpecified', pod, c.image);
      if (!tag || tag === ':latest') add('kube-linter', 'latest-tag', pod, c.image);
      const portNames = new Set((c.ports ?? []).map((p: any) => p.name));
      const portNumbers = new Set((c.ports ?? []).map((p: any) => p.containerPort));
      for (const [probe, check] of [['livenessProbe', 'liveness-port'], ['readinessProbe', 'readiness-port'], ['startupProbe', 'startup-port']]) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port;
        if (port !== undefined && !(typeof port === 'number' ? portNumbers.has(port) : portNames.has(port))) add('kube-linter', check, pod, String(port));
      }
      if ((c.ports ?? []).some((p: any) => p.containerPort === 22)) add('kube-linter', 'ssh-port', pod, '22');
      const drops = (caps.drop ?? []).map((cap: string) => cap.toUpperCase());
      const adds = (caps.add ?? []).map((cap: string) => cap.toUpperCase());
      if (!drops.includes('ALL') && !drops.includes('NET_RAW') || adds.includes('NET_RAW')) add('kube-linter', 'drop-net-raw-capability', pod, c.name);
      if (context.privileged) {
        add('kube-linter', 'privileged-container', pod, c.name);
        add('polaris', 'runAsPrivileged', pod, c.name);
      }
      if (context.privileged || context.allowPrivilegeEscalation !== false) {
        add('kube-linter', 'privilege-escalation-container', pod, c.name);
        add('polaris', 'privilegeEscalationAllowed', pod, c.name);
      }
      const nonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
      const user = context.runAsUser ?? podContext.runAsUser;
      if (!(nonRoot === true || (user !== undefined && user > 0))) {
        add('kube-linter', 'run-as-non-root', pod, c.name);
        add('polaris', 'runAsRootAllowed', pod, c.name);
      }
      if (context.readOnlyRootFilesystem !== true) {
        add('kube-linter', 'no-read-only-root-fs', pod, c.name);
        add('polaris', 'notReadOnlyRootFilesystem', pod, c.name);
      }
      const resources = c.resources ?? {};
      if (!resources.requests?.cpu || !resources.limits?.cpu) {
        add('kube-linter', 'unset-cpu-requirements', pod, c.name);
        if (!resources.limits?.cpu) add('polaris', 'cpuLimitsMissing', pod, c.name);
      }
      if (!resources.requests?.memory || !resources.limits?.memory) add('kube-linter', 'unset-memory-requirements', pod, c.name);
      if (!drops.includes('ALL') && INSECURE_CAPABILITIES.some((cap) => !drops.includes(cap)) || adds.some((cap: string) => INSECURE_CAPABILITIES.includes(cap))) {
        add('polaris', 'insecureCapabilities', pod, c.name);
      }
      if (adds.some((cap: string) => ['ALL', 'SYS_ADMIN', 'NET_ADMIN'].includes(cap))) add('polaris', 'dangerousCapabilities', pod, c.name);
      const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
      const hardened = ['RuntimeDefault', 'Localhost'].includes(seccomp) || context.appArmorProfile || context.seLinuxOptions || drops.includes('ALL');
      if (!hardened) add('polaris', 'linuxHardening', pod, c.name);
    }
  }
  return findings;
}

/** A Service that exists in the cluster but is not generated (e.g. agent-sandbox's sandbox-router). */
export interface ExternalService {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly number[];
}

/** agent-sandbox's sandbox-router Service, as its deployment manifests create it. */
export const SANDBOX_ROUTER: ExternalService = { namespace: 'agent-sandbox-system', name: 'sandbox-router-svc', ports: [8080] };

/**
 * Rules that span objects: every Service selects a generated pod, every string targetPort names a
 * port of that pod's container, every ingress or HTTPRoute backend is a Service port (generated or
 * `external`), a cross-namespace HTTPRoute backend has its ReferenceGrant, every warm pool names a
 * template of its namespace, every RoleBinding a Role, every NetworkPolicy selects pods in its own
 * namespace, every name is the kind of name its kind needs.
 */
export function crossObjectErrors(objects: readonly KubeObject[], external: readonly ExternalService[] = []): string[] {
  const errors: string[] = [];
  const pods = objects.filter((object) => object.kind === 'Pod') as Pod[];
  const services = [
    ...objects.filter((object) => object.kind === 'Service'),
    ...external.map((service) => ({ metadata: { name: service.name, namespace: service.namespace }, spec: { ports: service.ports.map((port) => ({ port })) }, external: true })),
  ] as any[];
  for (const service of services.filter((candidate) => !candidate.external)) {
    const selected = pods.filter((pod) => matches(pod, service.metadata.namespace, { matchLabels: service.spec.selector ?? {} }));
    if (selected.length === 0) errors.push(`Service ${service.metadata.name} selects no pod`);
    for (const port of service.spec.ports) {
      if (typeof port.targetPort !== 'string') continue;
      for (const pod of selected) {
        if (!pod.spec.containers.some((c: any) => (c.ports ?? []).some((p: any) => p.name === port.targetPort))) {
          errors.push(`Service ${service.metadata.name} targets port "${port.targetPort}", which pod ${pod.metadata.name} does not declare`);
        }
      }
    }
  }
  for (const ingress of objects.filter((object) => object.kind === 'Ingress') as any[]) {
    for (const rule of ingress.spec.rules) {
      for (const path of rule.http.paths) {
        const backend = path.backend.service;
        const service = services.find((s) => s.metadata.name === backend.name && s.metadata.namespace === ingress.metadata.namespace);
        if (!service) errors.push(`Ingress ${ingress.metadata.name} routes to missing Service ${backend.name}`);
        else if (!service.spec.ports.some((p: any) => p.port === backend.port.number || p.name === backend.port.name)) {
          errors.push(`Ingress ${ingress.metadata.name} routes to a port Service ${backend.name} does not have`);
        }
      }
    }
  }
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind) as any[];
  for (const route of ofKind('HTTPRoute')) {
    for (const backend of route.spec.rules.flatMap((rule: any) => rule.backendRefs ?? [])) {
      const namespace = backend.namespace ?? route.metadata.namespace;
      const service = services.find((s) => s.metadata.name === backend.name && s.metadata.namespace === namespace);
      if (!service) errors.push(`HTTPRoute ${route.metadata.name} routes to missing Service ${namespace}/${backend.name}`);
      else if (!service.spec.ports.some((p: any) => p.port === backend.port)) errors.push(`HTTPRoute ${route.metadata.name} routes to a port Service ${backend.name} does not have`);
      const granted = namespace === route.metadata.namespace || ofKind('ReferenceGrant').some((grant) => grant.metadata.namespace === namespace
        && grant.spec.from.some((from: any) => from.kind === 'HTTPRoute' && from.namespace === route.metadata.namespace)
        && grant.spec.to.some((to: any) => to.kind === 'Service' && (to.name === undefined || to.name === backend.name)));
      if (!granted) errors.push(`HTTPRoute ${route.metadata.name} routes to ${namespace}/${backend.name} without a ReferenceGrant`);
    }
  }
  for (const pool of ofKind('SandboxWarmPool')) {
    const template = pool.spec.sandboxTemplateRef.name;
    if (!ofKind('SandboxTemplate').some((t) => t.metadata.name === template && t.metadata.namespace === pool.metadata.namespace)) {
      errors.push(`SandboxWarmPool ${pool.metadata.name} refers to missing SandboxTemplate ${template}`);
    }
  }
  for (const binding of ofKind('RoleBinding')) {
    if (!ofKind('Role').some((role) => role.metadata.name === binding.roleRef.name && role.metadata.namespace === binding.metadata.namespace)) {
      errors.push(`RoleBinding ${binding.metadata.name} refers to missing Role ${binding.roleRef.name}`);
    }
  }
  for (const policy of objects.filter((object) => object.kind === 'NetworkPolicy') as any[]) {
    // With no pre-provisioned pod (sessions = []) the policy selects the pods OpenHands creates.
    if (pods.length > 0 && !pods.some((pod) => matches(pod, policy.metadata.namespace, policy.spec.podSelector))) {
      errors.push(`NetworkPolicy ${policy.metadata.name} selects no pod in namespace ${policy.metadata.namespace}`);
    }
  }
  for (const object of objects) {
    const name = object.metadata.name;
    const label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
    const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    const valid = object.kind === 'Service' ? label.test(name) && name.length <= 63 : subdomain.test(name) && name.length <= 253;
    if (!valid) errors.push(`${object.kind} name "${name}" is not valid`);
    if (!CLUSTER_SCOPED.has(object.kind) && !object.metadata.namespace) errors.push(`${object.kind} ${name} has no namespace`);
    if (CLUSTER_SCOPED.has(object.kind) && object.metadata.namespace) errors.push(`${object.kind} ${name} is cluster-scoped but has a namespace`);
  }
  const namespaces = new Set(objects.filter((object) => !CLUSTER_SCOPED.has(object.kind)).map((object) => object.metadata.namespace));
  for (const object of objects.filter((o) => o.kind.endsWith('AdmissionPolicyBinding')) as any[]) {
    const policy = objects.find((o) => o.kind === object.kind.replace(/Binding$/, '') && o.metadata.name === object.spec.policyName) as any;
    if (!policy) errors.push(`${object.kind} ${object.metadata.name} binds missing policy ${object.spec.policyName}`);
    for (const spec of [object.spec.matchResources, policy?.spec.matchConstraints]) {
      const selected = spec?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
      if (!namespaces.has(selected)) errors.push(`${object.kind} ${object.metadata.name} is not limited to the sandbox namespace (${selected})`);
    }
  }
  return errors;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

/** Whether a label selector (matchLabels and matchExpressions) selects the pod in the namespace. */
function matches(pod: Pod, namespace: string | undefined, selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }): boolean {
  const labels = pod.metadata.labels ?? {};
  const expression = ({ key, operator, values = [] }: { key: string; operator: string; values?: string[] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    throw new Error(`unknown selector operator ${operator}`);
  };
  return pod.metadata.namespace === namespace
    && Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value)
    && (selector.matchExpressions ?? []).every(expression);
}

function validPortName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && /^[-a-z0-9]+$/.test(name) && /[a-z]/.test(name) && !name.includes('--') && !/^-|-$/.test(name);
}
