import { SANDBOX_CAPABILITIES } from '../openhands/sandbox-pod';
import { celString as lit, celStrings, Validation } from './_admission-types';

/** What the sandbox pods OpenHands creates for this config look like; the policies admit exactly that. */
export interface SandboxPodRules {
  /** `sandbox.runtime_container_image`. */
  readonly image: string;
  /** `kubernetes.privileged`. */
  readonly privileged: boolean;
  /** `kubernetes.resource_cpu_request`. */
  readonly cpuRequest: string;
  /** `kubernetes.resource_memory_request`. */
  readonly memoryRequest: string;
  /** `kubernetes.resource_memory_limit`. */
  readonly memoryLimit: string;
  /** `governance.ephemeral_storage_limit`. */
  readonly ephemeralStorageLimit: string;
  /** The sandbox ServiceAccount (besides `default`). */
  readonly serviceAccountName: string;
  /**
   * What the mutating policy guarantees, checked again here.
   * @default - no mutating policy: nothing it would add is required
   */
  readonly mutated?: {
    readonly runtimeClassName?: string;
    readonly noPrivilegeEscalation: boolean;
  };
}

const KEY = '[kubernetes]';
const c0 = 'object.spec.containers[0]';

/** Quantity bound on one container resource, for every container. */
function bound(kind: 'limits' | 'requests', resource: string, max: string, key: string): Validation {
  const get = `c.resources.${kind}[${lit(resource)}]`;
  return {
    expression: `object.spec.containers.all(c, !(${lit(resource)} in c.?resources.?${kind}.orValue({})) || quantity(${get}).compareTo(quantity(${lit(max)})) <= 0)`,
    message: `sandbox ${kind}.${resource} is above ${max}: change ${key} and regenerate the policy`,
    messageExpression: `"sandbox ${kind}.${resource} " + ${c0}.resources.${kind}[${lit(resource)}] + " is above ${max}: change ${key} and regenerate the policy"`,
  };
}

/** The validations of sandbox pods, each message naming the config key that would allow the object. */
export function sandboxPodValidations(rules: SandboxPodRules): Validation[] {
  const caps = celStrings(SANDBOX_CAPABILITIES);
  const v: Validation[] = [
    {
      expression: 'object.metadata.?labels.?app.orValue("") == "openhands-runtime" && object.metadata.?labels.?session.orValue("") != "" && object.metadata.name == "openhands-runtime-" + object.metadata.labels.session',
      message: 'only OpenHands sandbox pods (labels app=openhands-runtime and session=<sid>, name openhands-runtime-<sid>) may run here: set kubernetes.namespace to a namespace of their own',
    },
    {
      expression: `size(object.spec.containers) == 1 && ${c0}.name == "runtime" && size(object.spec.?initContainers.orValue([])) == 0 && size(object.spec.?ephemeralContainers.orValue([])) == 0`,
      message: 'a sandbox pod has exactly one container, named runtime, and no init or ephemeral containers',
    },
    {
      expression: `object.spec.containers.all(c, c.image == ${lit(rules.image)})`,
      message: `only the image ${rules.image} is allowed: change sandbox.runtime_container_image and regenerate the policy`,
      messageExpression: `"image " + object.spec.containers.map(c, c.image).join(", ") + " is not allowed: sandbox.runtime_container_image is " + ${lit(rules.image)}`,
    },
    {
      expression: '!object.spec.?hostNetwork.orValue(false) && !object.spec.?hostPID.orValue(false) && !object.spec.?hostIPC.orValue(false)',
      message: 'sandbox pods may not use hostNetwork, hostPID or hostIPC (no config key allows it)',
    },
    {
      expression: 'object.spec.containers.all(c, c.?ports.orValue([]).all(p, p.?hostPort.orValue(0) == 0))',
      message: 'sandbox pods may not use hostPort (no config key allows it)',
    },
    {
      expression: '!object.spec.?volumes.orValue([]).exists(v, has(v.projected) || has(v.secret))',
      message: 'a ServiceAccount token volume was mounted: the ServiceAccount the pod runs as needs automountServiceAccountToken: false (governance.default_service_account) because admission plugins mount it before admission policies run',
    },
    {
      expression: 'object.spec.?volumes.orValue([]).all(v, has(v.persistentVolumeClaim) && v.persistentVolumeClaim.claimName == object.metadata.name + "-pvc")',
      message: 'sandbox pods may mount only their own workspace claim openhands-runtime-<sid>-pvc (no hostPath or other volumes; no config key allows them)',
    },
    {
      expression: `object.spec.?serviceAccountName.orValue("default") in ["default", ${lit(rules.serviceAccountName)}]`,
      message: `sandbox pods run as the ServiceAccount default or ${rules.serviceAccountName}: change extended.manifests.sandbox_service_account`,
      messageExpression: `"ServiceAccount " + object.spec.serviceAccountName + " is not allowed: sandbox pods run as default or ${rules.serviceAccountName} (extended.manifests.sandbox_service_account)"`,
    },
    {
      expression: 'object.spec.containers.all(c, "memory" in c.?resources.?limits.orValue({}) && "cpu" in c.?resources.?requests.orValue({}) && "memory" in c.?resources.?requests.orValue({}))',
      message: `sandbox containers need limits.memory, requests.cpu and requests.memory (${KEY} resource_memory_limit, resource_cpu_request, resource_memory_request)`,
    },
    bound('limits', 'memory', rules.memoryLimit, 'kubernetes.resource_memory_limit'),
    bound('requests', 'memory', rules.memoryRequest, 'kubernetes.resource_memory_request'),
    bound('requests', 'cpu', rules.cpuRequest, 'kubernetes.resource_cpu_request'),
    bound('limits', 'ephemeral-storage', rules.ephemeralStorageLimit, 'extended.manifests.governance.ephemeral_storage_limit'),
  ];
  if (!rules.privileged) {
    v.push({
      expression: 'object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))',
      message: 'privileged sandboxes are not allowed: set kubernetes.privileged = true (in a namespace of their own) and regenerate the policy',
    }, {
      expression: `object.spec.containers.all(c, c.?securityContext.?capabilities.?add.orValue([]).all(x, x in ${caps}))`,
      message: 'capabilities beyond the sandbox set are not allowed (only kubernetes.privileged = true grants more)',
      messageExpression: `"capabilities beyond the sandbox set are not allowed: " + ${c0}.?securityContext.?capabilities.?add.orValue([]).filter(x, !(x in ${caps})).join(", ") + " (only kubernetes.privileged = true grants more)"`,
    });
  }
  if (rules.mutated) v.push(...mutatedValidations(rules.mutated, rules.privileged));
  return v;
}

/** What the mutating policy sets, required again: a pod that bypassed it is refused. */
function mutatedValidations(mutated: NonNullable<SandboxPodRules['mutated']>, privileged: boolean): Validation[] {
  const hint = 'is the MutatingAdmissionPolicy installed and bound (governance.mutating_policy, governance.kubernetes_version)?';
  const checks = [
    'object.spec.?automountServiceAccountToken.orValue(true) == false',
    'object.spec.?enableServiceLinks.orValue(true) == false',
    'object.spec.?securityContext.?seccompProfile.?type.orValue("") == "RuntimeDefault"',
  ];
  if (mutated.runtimeClassName) checks.push(`object.spec.?runtimeClassName.orValue("") == ${lit(mutated.runtimeClassName)}`);
  if (!privileged) {
    const sc = 'c.?securityContext.?privileged.orValue(false) || (c.?securityContext.?capabilities.?drop.orValue([]).exists(d, d == "ALL")';
    checks.push(`object.spec.containers.all(c, ${sc}${mutated.noPrivilegeEscalation ? ' && c.?securityContext.?allowPrivilegeEscalation.orValue(true) == false' : ''}))`);
  }
  return [{
    expression: checks.join(' && '),
    message: `sandbox pods must carry the hardened settings (no token, no service links, seccomp RuntimeDefault, dropped capabilities${mutated.runtimeClassName ? ', the runtime class' : ''}): ${hint}`,
  }];
}
