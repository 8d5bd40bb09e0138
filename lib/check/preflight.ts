import { LoadedEnvironment } from '../config/environments';
import { kubernetesMinor } from '../config/governance-config';
import { KubeObject } from '../output/render';
import { apiRequirements, ownershipRequirements } from './_preflight-apis';
import { classRequirements, podSecurityRequirements } from './_preflight-classes';
import { gatewayRequirements } from './_preflight-gateway';
import { routerRequirements } from './_preflight-router';
import { ClusterReader, Discovery, serverMinor } from './cluster';

/** How a requirement stands: `missing` and `will-fail` block the apply (exit 1). */
export type RequirementStatus = 'ok' | 'warning' | 'unknown' | 'missing' | 'will-fail';

/** One requirement of the output, checked against the cluster. */
export interface Requirement {
  /** The environment (config) it belongs to. */
  readonly environment: string;
  /** What is required, e.g. `admissionregistration.k8s.io/v1 MutatingAdmissionPolicy`. */
  readonly requirement: string;
  readonly status: RequirementStatus;
  /** What the cluster has. */
  readonly detail: string;
  /** What to do about it (a config key, or what to install), when it is not ok. */
  readonly fix?: string;
}

/** One environment to check: its config and the objects synth renders for it. */
export interface PreflightInput {
  readonly environment: LoadedEnvironment;
  readonly objects: readonly KubeObject[];
}

/** Whether a status blocks the apply. */
export const isBlocker = (status: RequirementStatus): boolean => status === 'missing' || status === 'will-fail';

/**
 * Checks every requirement of the output against a cluster (live, read-only, or a saved dump):
 * the server version against `governance.kubernetes_version`, every API group, version and kind
 * the objects use (admission policies, Gateway API, agent-sandbox CRDs), the storage, runtime and
 * ingress classes the config names, Pod Security admission, objects that already exist under our
 * names with another owner, and for browser routes: a Gateway listener that takes the HTTPRoute,
 * the sandbox-router's `--path-routing-prefix` and the NetworkPolicies on its egress.
 */
export async function preflight(inputs: readonly PreflightInput[], reader: ClusterReader): Promise<Requirement[]> {
  const discovery = new Discovery(reader);
  const version = await reader.get('/version');
  const minor = version?.status === 200 ? serverMinor(version.body) : undefined;
  const results: Requirement[] = [];
  for (const input of inputs) {
    results.push(versionRequirement(input, minor, version?.body?.gitVersion));
    results.push(...await apiRequirements(input, discovery));
    results.push(...await classRequirements(input, reader));
    results.push(...await gatewayRequirements(input, reader));
    results.push(...await routerRequirements(input, reader));
    results.push(...podSecurityRequirements(input, minor));
    results.push(...await ownershipRequirements(input, discovery, reader));
  }
  return results;
}

function versionRequirement({ environment }: PreflightInput, minor: number | undefined, gitVersion: unknown): Requirement {
  const target = environment.config.extended.manifests.governance.kubernetes_version;
  const requirement = `Kubernetes ${target}+ (extended.manifests.governance.kubernetes_version)`;
  const base = { environment: environment.name, requirement };
  if (minor === undefined) return { ...base, status: 'unknown', detail: 'the server version is not known', fix: 'kubectl get --raw /version' };
  const targetMinor = kubernetesMinor(target);
  if (minor < targetMinor) {
    return { ...base, status: 'will-fail', detail: `the server is ${String(gitVersion)}: objects written for ${target} use APIs it does not serve`, fix: `set extended.manifests.governance.kubernetes_version = "1.${minor}" and re-synth` };
  }
  return { ...base, status: 'ok', detail: `the server is ${String(gitVersion)}${minor > targetMinor ? ` (set kubernetes_version = "1.${minor}" for what it adds)` : ''}` };
}

const MARK: Record<RequirementStatus, string> = { 'ok': 'ok', 'warning': 'warning', 'unknown': 'unknown', 'missing': 'MISSING', 'will-fail': 'WILL FAIL' };

/** One line per requirement, then a verdict line. */
export function formatRequirements(results: readonly Requirement[], source: string, good = 'ready to apply', bad = 'do not apply yet'): string {
  const width = Math.max(...results.map((r) => MARK[r.status].length));
  const lines = results.map((r) => `${MARK[r.status].padEnd(width)}  ${r.environment}: ${r.requirement}: ${r.detail}${r.fix ? `; fix: ${r.fix}` : ''}\n`);
  const blockers = results.filter((r) => isBlocker(r.status)).length;
  return `${lines.join('')}${blockers === 0 ? `${good} (${source})` : `${blockers} blocker(s): ${bad} (${source})`}\n`;
}
