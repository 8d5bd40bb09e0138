import { SandboxEnvVar } from '../openhands/runtime-names';
import { Config } from './schema';
import { Toleration, parseTolerations } from './tolerations';

/** What `[kubernetes]` says about any sandbox pod, whichever target builds it. */
export interface PodBasics {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
  readonly imagePullSecret?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations: Toleration[];
  readonly privileged: boolean;
}

/** Resources, scheduling and privilege of the sandbox pod, as OpenHands reads `[kubernetes]` ("" is unset). */
export function podBasics(kube: Config['kubernetes']): PodBasics {
  return {
    cpuRequest: kube.resource_cpu_request,
    memoryRequest: kube.resource_memory_request,
    memoryLimit: kube.resource_memory_limit,
    imagePullSecret: kube.image_pull_secret || undefined,
    nodeSelector: kube.node_selector_key && kube.node_selector_val ? { [kube.node_selector_key]: kube.node_selector_val } : undefined,
    tolerations: parseTolerations(kube.tolerations_yaml).tolerations,
    privileged: kube.privileged,
  };
}

/** The user's `sandbox.runtime_startup_env_vars`, in order. */
export function startupEnv(sandbox: Config['sandbox']): SandboxEnvVar[] {
  return Object.entries(sandbox.runtime_startup_env_vars).map(([name, value]) => ({ name, value }));
}
