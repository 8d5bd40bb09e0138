import { SandboxPodSpec } from '../openhands/sandbox-pod';
import {
  containerSecurityContext, READINESS_PROBE, RUNTIME_CONTAINER, RUNTIME_WORKING_DIR, runtimePorts, WORKSPACE_VOLUME,
} from '../openhands/sandbox-pod-shape';
import { celString as lit, celStrings } from './_admission-types';
import { celEquals, celExtraKeys, Defaulted, PolicyRule, Shape } from './_cel-shape';

/** Container fields OpenHands sets, and those API defaulting adds (`terminationMessage*`, `imagePullPolicy`). */
const CONTAINER_FIELDS = [
  'name', 'image', 'command', 'workingDir', 'env', 'ports', 'volumeMounts', 'resources', 'readinessProbe', 'securityContext',
  'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy',
];

const C0 = 'object.spec.containers[0]';

/** A resource bound on the container, quantities compared as numbers. */
function bound(name: string, kind: 'limits' | 'requests', resource: string, max: string | undefined, key: string): PolicyRule | undefined {
  if (max === undefined) return undefined;
  const get = `c.resources.${kind}[${lit(resource)}]`;
  return {
    name,
    expression: `object.spec.containers.all(c, !(${lit(resource)} in c.?resources.?${kind}.orValue({})) || quantity(${get}).compareTo(quantity(${lit(max)})) <= 0)`,
    message: `${kind}.${resource} is above ${max}: change ${key} and regenerate the policy`,
    messageExpression: `"${kind}.${resource} " + ${C0}.resources.${kind}[${lit(resource)}] + " is above ${max}: change ${key} and regenerate the policy"`,
  };
}

/**
 * The container rules: one container `runtime`, exactly the fields OpenHands sets (plus API
 * defaults), its image, env names, ports, mount, probe, resources and securityContext as the pod
 * construct renders them (`hardened`), or as OpenHands sends them when no mutating policy runs.
 */
export function containerRules(spec: SandboxPodSpec, mutated: boolean): PolicyRule[] {
  const hardening = spec.hardening;
  const envNames = spec.env.map(({ name }) => name);
  const ports = runtimePorts(spec.vscode).map((port): Shape => ({ ...port, protocol: new Defaulted('TCP') }));
  const { path, port, ...timing } = READINESS_PROBE;
  const probe: Shape = { httpGet: { path, port, scheme: new Defaulted('HTTP') }, ...timing };
  const hardenedContext = containerSecurityContext(spec.privileged, hardening) as Shape;
  const openhandsContext = containerSecurityContext(spec.privileged) as Shape;
  const contexts = mutated || !hardening ? [hardenedContext] : [hardenedContext, openhandsContext];
  const storage = hardening?.ephemeralStorageLimit;
  const rules: Array<PolicyRule | undefined> = [
    {
      name: 'oneRuntimeContainer',
      expression: `size(object.spec.containers) == 1 && ${C0}.name == ${lit(RUNTIME_CONTAINER)}`,
      message: `a sandbox pod has exactly one container, named ${RUNTIME_CONTAINER}, as OpenHands creates it (no config key allows more)`,
    },
    {
      name: 'containerFields',
      expression: `object.spec.containers.all(c, c.all(f, f in ${celStrings(CONTAINER_FIELDS)}))`,
      message: 'the container may set only the fields OpenHands sets (no lifecycle hooks, liveness or startup probes, envFrom, args, stdin or tty; no config key allows them)',
      messageExpression: `"container fields " + ${celExtraKeys(C0, CONTAINER_FIELDS)} + " are not allowed: OpenHands sets none of them (no config key allows them)"`,
    },
    {
      name: 'containerImage',
      expression: `object.spec.containers.all(c, c.image == ${lit(spec.image)})`,
      message: `only the image ${spec.image} is allowed: change sandbox.runtime_container_image and regenerate the policy`,
      messageExpression: `"image " + object.spec.containers.map(c, c.image).join(", ") + " is not allowed: sandbox.runtime_container_image is " + ${lit(spec.image)}`,
    },
    {
      name: 'containerDefaults',
      expression: `object.spec.containers.all(c, c.?workingDir.orValue("") == ${lit(RUNTIME_WORKING_DIR)} && c.?terminationMessagePath.orValue("/dev/termination-log") == "/dev/termination-log" && c.?terminationMessagePolicy.orValue("File") == "File")`,
      message: `the container keeps OpenHands' workingDir ${RUNTIME_WORKING_DIR} and the default termination message (no config key changes them)`,
    },
    {
      name: 'containerEnv',
      expression: `object.spec.containers.all(c, c.?env.orValue([]).all(e, e.all(k, k in ["name", "value"]) && e.name in ${celStrings(envNames)}))`,
      message: `the container's environment is plain values named ${envNames.join(', ')} (no valueFrom): change sandbox.runtime_startup_env_vars or core.debug and regenerate the policy`,
      messageExpression: `"environment variables " + ${C0}.?env.orValue([]).filter(e, has(e.valueFrom) || !(e.name in ${celStrings(envNames)})).map(e, e.name).join(", ") + " are not allowed: only plain values named as OpenHands and sandbox.runtime_startup_env_vars set them"`,
    },
    {
      name: 'containerPorts',
      expression: `object.spec.containers.all(c, c.?ports.orValue([]).all(p, ${ports.map((shape) => `(${celEquals('p', shape)})`).join(' || ')}))`,
      message: `the container's ports are OpenHands' (${runtimePorts(spec.vscode).map((p) => p.containerPort).join(', ')}), with no hostPort or hostIP (extended.manifests.headless decides 8081)`,
    },
    {
      name: 'containerMounts',
      expression: `object.spec.containers.all(c, ${celEquals('c.?volumeMounts.orValue([])', [{ name: WORKSPACE_VOLUME, mountPath: spec.workspaceMountPath }])})`,
      message: `the container mounts only ${WORKSPACE_VOLUME} at ${spec.workspaceMountPath} (no subPath, propagation or other mounts): change core.workspace_mount_path_in_sandbox (or sandbox.volumes) and regenerate the policy`,
    },
    {
      name: 'readinessProbe',
      expression: `object.spec.containers.all(c, has(c.readinessProbe) && ${celEquals('c.readinessProbe', probe)})`,
      message: `the readiness probe is OpenHands' (HTTP GET ${path} on ${port}, no host, headers or exec; no config key changes it)`,
    },
    {
      name: 'containerSecurity',
      expression: `object.spec.containers.all(c, ${contexts.map((shape) => `(${celEquals('c.?securityContext.orValue({})', shape)})`).join(' || ')})`,
      message: `the container's securityContext is exactly the hardened one${contexts.length > 1 ? ' or OpenHands\' own' : ''} (privileged ${spec.privileged}${spec.privileged ? '' : ', drop ALL, the sandbox capabilities'}; no seccomp, AppArmor, SELinux, procMount or user overrides): change kubernetes.privileged${mutated ? '; is the MutatingAdmissionPolicy installed and bound (governance.mutating_policy, governance.kubernetes_version)?' : ''}`,
    },
    {
      name: 'containerResourceKinds',
      expression: 'object.spec.containers.all(c, c.?resources.orValue({}).all(k, k in ["limits", "requests"]) && c.?resources.?limits.orValue({}).all(r, r in ["memory", "ephemeral-storage"]) && c.?resources.?requests.orValue({}).all(r, r in ["cpu", "memory", "ephemeral-storage"]) && "memory" in c.?resources.?limits.orValue({}) && "cpu" in c.?resources.?requests.orValue({}) && "memory" in c.?resources.?requests.orValue({}))',
      message: 'the container states limits.memory, requests.cpu and requests.memory, and no other resources (no CPU limit, extended resources such as GPUs or resource claims; no config key allows them)',
    },
    bound('limitsMemory', 'limits', 'memory', spec.memoryLimit, 'kubernetes.resource_memory_limit'),
    bound('requestsMemory', 'requests', 'memory', spec.memoryRequest, 'kubernetes.resource_memory_request'),
    bound('requestsCpu', 'requests', 'cpu', spec.cpuRequest, 'kubernetes.resource_cpu_request'),
    bound('limitsEphemeralStorage', 'limits', 'ephemeral-storage', storage, 'extended.manifests.governance.ephemeral_storage_limit'),
    bound('requestsEphemeralStorage', 'requests', 'ephemeral-storage', storage, 'extended.manifests.governance.ephemeral_storage_limit'),
  ];
  if (mutated && storage) {
    rules.push({
      name: 'ephemeralStorageLimited',
      expression: `object.spec.containers.all(c, "ephemeral-storage" in c.?resources.?limits.orValue({}))`,
      message: 'the container has an ephemeral-storage limit, which the mutating policy sets: is the MutatingAdmissionPolicy installed and bound (governance.mutating_policy, governance.kubernetes_version)?',
    });
  }
  return rules.filter((rule): rule is PolicyRule => rule !== undefined);
}
