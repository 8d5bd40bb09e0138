import { randomBytes } from 'node:crypto';
import { LoadedEnvironment } from '../config/environments';
import { resolveEnvironment } from '../config/resolve';
import { Config } from '../config/schema';
import { isAgentSandbox } from '../config/settings';
import { Environment } from '../config/load';
import { KubeObject, renderObjects } from '../output/render';

/** A fresh session id as OpenHands makes them (32 lowercase hex digits), never one in use. */
export function randomSessionId(): string {
  return randomBytes(16).toString('hex');
}

const SESSION_KINDS = new Set(['PersistentVolumeClaim', 'Pod', 'Service', 'Ingress']);

/** The config with one session and, when given, another security profile. */
function withSession(config: Config, sid: string, profile?: 'openhands'): Config {
  const manifests = config.extended.manifests;
  return { ...config, extended: { ...config.extended, manifests: { ...manifests, sessions: [sid], ...(profile ? { security_profile: profile } : {}) } } } as Config;
}

/** One session's objects, in creation order (claim, pod, Services, Ingress). */
function sessionObjects(config: Config, name: string, sid: string, env: Environment): KubeObject[] {
  const objects = renderObjects(resolveEnvironment(config, name, env));
  return objects.filter((object) => SESSION_KINDS.has(object.kind) && object.metadata.name.includes(sid));
}

/**
 * The objects OpenHands itself creates for session `sid` under this config (the `openhands`
 * profile renders exactly those: OpenHands' names, labels and pod, nothing hardened), and the
 * pod the hardened profile pre-provisions for it, which the governed pod must match.
 */
export function openhandsSession(environment: LoadedEnvironment, sid: string, env: Environment): { objects: KubeObject[]; hardenedPod?: KubeObject } {
  if (isAgentSandbox(environment.settings)) return { objects: [] };
  const objects = sessionObjects(withSession(environment.config, sid, 'openhands'), environment.name, sid, env);
  const hardened = environment.settings.hardened
    ? sessionObjects(withSession(environment.config, sid), environment.name, sid, env).find((object) => object.kind === 'Pod')
    : undefined;
  return { objects, hardenedPod: hardened };
}

/** A hostile change to OpenHands' pod (or the sandbox-server's claim), which the governance must refuse. */
export interface HostileVariant {
  readonly name: string;
  readonly change: (pod: any) => void;
}

/** A handful of pods no config allows in the sandbox namespace. */
export function hostileVariants(privileged: boolean, memoryLimit: string | undefined): HostileVariant[] {
  const variants: HostileVariant[] = [
    { name: 'another image', change: (pod) => { pod.spec.containers[0].image = 'docker.io/library/busybox:1.36'; } },
    { name: 'a second container', change: (pod) => { pod.spec.containers.push({ name: 'sidecar', image: pod.spec.containers[0].image }); } },
    { name: 'a pod that is not a sandbox', change: (pod) => { pod.metadata.name = `intruder-${pod.metadata.labels.session}`; pod.metadata.labels = { app: 'intruder' }; } },
    { name: 'a hostPath volume', change: (pod) => { pod.spec.volumes = [...(pod.spec.volumes ?? []), { name: 'host', hostPath: { path: '/' } }]; } },
  ];
  if (!privileged) variants.push({ name: 'a privileged container', change: (pod) => { pod.spec.containers[0].securityContext = { ...pod.spec.containers[0].securityContext, privileged: true }; } });
  if (memoryLimit) variants.push({ name: 'twice the memory limit', change: (pod) => { pod.spec.containers[0].resources.limits.memory = doubled(memoryLimit); } });
  return variants;
}

/**
 * A handful of SandboxClaims the sandbox-server never sends, each one change to its own claim
 * that the claim policy must refuse: env the agent server would load code from, a pool of another
 * template, and pod metadata (an AppArmor opt-out) it never asks for.
 */
export function hostileClaimVariants(): HostileVariant[] {
  return [
    { name: 'a claim injecting LD_PRELOAD', change: (claim) => { claim.spec.env.push({ name: 'LD_PRELOAD', value: '/workspace/x.so' }); } },
    { name: 'a claim from another warm pool (another template)', change: (claim) => { claim.spec.warmPoolRef.name = 'privileged-pool'; } },
    { name: 'a claim adding pod annotations', change: (claim) => { claim.spec.additionalPodMetadata = { annotations: { 'container.apparmor.security.beta.kubernetes.io/agent-server': 'unconfined' } }; } },
  ];
}

function doubled(quantity: string): string {
  const match = /^(\d+)(.*)$/.exec(quantity);
  return match ? `${Number(match[1]) * 2}${match[2]}` : '64Gi';
}
