import { lstatSync, readFileSync } from 'node:fs';
import { KUSTOMIZE_CONFIG_FILE } from './kustomize-config';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { clusterVersionNeeds, ClusterVersionNeeds } from '../config/cluster-version';
import { isAgentSandbox } from '../config/settings';
import { RenderedEnvironment } from './files';
import { ownedOutputFiles } from './write';
import { parseQuantity } from '../kube/quantity';
import { KubeObject } from './render';
import { Amount, ObjectRef } from './_plan-words';
import { SandboxUrlSample } from './plan-sandbox-urls';

export type { Amount, ObjectRef } from './_plan-words';

/** What one environment asks of the cluster, and how it differs from the current output. */
export interface EnvironmentPlan {
  readonly name: string;
  readonly file: string;
  /** Set for target "agent-sandbox" only (absent: "openhands-runtime"). */
  readonly target?: 'agent-sandbox';
  readonly namespace: string;
  readonly sessions: string[];
  /** Object counts by kind. */
  readonly objects: Record<string, number>;
  /** What the pods request (of all sessions; of one sandbox on target "agent-sandbox"). */
  readonly totals: PlanTotals;
  readonly hosts: string[];
  /** agent-sandbox: the sandbox-server's environment (the ConfigMap's data). */
  readonly sandboxServerEnv?: Record<string, string>;
  /** agent-sandbox: the URLs of a sample sandbox. */
  readonly sandboxUrls?: SandboxUrlSample;
  /** Objects as `Kind/name`, against the output folder. */
  readonly changes: { added: string[]; removed: string[]; changed: string[] };
  /**
   * The removed objects, with what kubectl needs to delete them: `kubectl apply` never deletes
   * anything, so after a change they keep running until deleted (see `deleteCommands`).
   */
  readonly leftInCluster: ObjectRef[];
  /**
   * What the ResourceQuota admits at once, resource by resource.
   * @default - no ResourceQuota
   */
  readonly quota?: Record<string, string>;
  /** What the operator must still do: changes that cannot be applied in place, set-up by hand. */
  readonly notes: string[];
  /** How many allow-list rules the validating policies hold (absent: none emitted). */
  readonly admissionRules?: number;
  /** The Kubernetes version the output needs, and what newer versions add (absent for a removed environment). */
  readonly kubernetes?: ClusterVersionNeeds;
  /** True for an environment the output folder holds but no config produces any more: all of it goes. */
  readonly removed?: true;
}

/** Resource totals, each a number in its base unit. */
export interface PlanTotals {
  readonly cpuRequests: Amount;
  readonly memoryRequests: Amount;
  readonly memoryLimits: Amount;
  readonly storage: Amount;
  /**
   * Ephemeral storage (the pod's limit, which is also its request when it sets none).
   * @default - the pods set no ephemeral-storage limit
   */
  readonly ephemeralStorage?: Amount;
}

/** Output files larger than this are not read by plan (a generated file is far smaller). */
export const MAX_PLAN_FILE_BYTES = 16 * 1024 * 1024;

/** Summarizes what each environment creates, and what changes against the output folder. */
export function planEnvironments(rendered: readonly RenderedEnvironment[], outDir: string): EnvironmentPlan[] {
  const plans = rendered.map(({ environment, objects, files }): EnvironmentPlan => {
    const { settings } = environment;
    const counts: Record<string, number> = {};
    for (const object of objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
    const current = currentObjects(outDir, [...files.keys()]);
    const changes = compareObjects(current, objects);
    const leftInCluster = changes.removed.map((key) => current.get(key)!.ref);
    const hosts = objects.flatMap((object) => (object.kind === 'Ingress' ? [(object.spec as { rules: Array<{ host: string }> }).rules[0].host]
      : object.kind === 'HTTPRoute' ? (object.spec as { hostnames: string[] }).hostnames : []));
    if (isAgentSandbox(settings)) {
      // Sandboxes come and go with conversations: the totals are those of one sandbox.
      const { pod, workspace } = settings.template;
      return {
        name: environment.name, file: environment.file, target: 'agent-sandbox', namespace: settings.namespace, sessions: [], objects: counts,
        totals: totals(1, pod.cpuRequest, pod.memoryRequest, pod.memoryLimit, 1, workspace.storage),
        hosts, sandboxServerEnv: settings.serverEnv.env, sandboxUrls: settings.sampleUrls, notes: [...settings.notes], changes, leftInCluster, kubernetes: clusterVersionNeeds(environment.config),
      };
    }
    const pods = objects.filter((object) => object.kind === 'Pod').length;
    const pvcs = objects.filter((object) => object.kind === 'PersistentVolumeClaim').length;
    const { pod, workspace } = settings;
    return {
      name: environment.name,
      file: environment.file,
      namespace: settings.namespace,
      sessions: [...settings.sessions],
      objects: counts,
      totals: totals(pods, pod.cpuRequest, pod.memoryRequest, pod.memoryLimit, pvcs, workspace.storage, pod.hardening?.ephemeralStorageLimit),
      hosts,
      changes,
      leftInCluster,
      kubernetes: clusterVersionNeeds(environment.config),
      admissionRules: objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy').reduce((n, object) => n + ((object.spec as { validations?: unknown[] }).validations?.length ?? 0), 0) || undefined,
      quota: (objects.find((object) => object.kind === 'ResourceQuota')?.spec as { hard?: Record<string, string> } | undefined)?.hard,
      notes: changes.changed.filter((key) => key.startsWith('Pod/')).map((key) => `${key}: a pod's spec cannot change in place; delete it so it is re-created (its session restarts; the workspace claim stays)`),
    };
  });
  return [...plans, ...removedEnvironments(rendered, outDir)];
}

/**
 * Environments the output folder holds (by its manifest, or its kustomization before manifests)
 * that no config produces any more: `<name>.k8s.yaml` or `<name>/...`, every object removed.
 */
function removedEnvironments(rendered: readonly RenderedEnvironment[], outDir: string): EnvironmentPlan[] {
  const produced = new Set(rendered.flatMap(({ files }) => [...files.keys()]));
  const byName = new Map<string, string[]>();
  for (const path of ownedOutputFiles(outDir)) {
    if (produced.has(path) || path === 'kustomization.yaml' || path === KUSTOMIZE_CONFIG_FILE) continue;
    const name = path.includes('/') ? path.slice(0, path.indexOf('/')) : path.replace(/\.k8s\.yaml$/, '');
    const paths = byName.get(name);
    if (paths) paths.push(path);
    else byName.set(name, [path]);
  }
  const current = new Set(rendered.map(({ environment }) => environment.name));
  return [...byName].filter(([name]) => !current.has(name)).map(([name, paths]) => {
    const objects = [...currentObjects(outDir, paths).values()];
    return {
      name, file: paths.length === 1 ? paths[0] : `${name}/`, namespace: '', sessions: [], objects: {},
      totals: totals(0, '0', '0', '0', 0, '0'),
      hosts: [], changes: { added: [], removed: objects.map(({ key }) => key), changed: [] }, leftInCluster: objects.map(({ ref }) => ref), notes: [], removed: true,
    };
  });
}

/** The totals of `pods` pods and `claims` workspace claims, from the quantities each one has. */
function totals(pods: number, cpu: string, memoryRequest: string, memoryLimit: string, claims: number, storage: string, ephemeral?: string): PlanTotals {
  const bytes = (text: string, times: number): Amount => ({ value: times * quantity(text), unit: 'bytes' });
  return {
    cpuRequests: { value: Number((pods * quantity(cpu)).toFixed(3)), unit: 'cores' },
    memoryRequests: bytes(memoryRequest, pods),
    memoryLimits: bytes(memoryLimit, pods),
    storage: bytes(storage, claims),
    ...(ephemeral === undefined ? {} : { ephemeralStorage: bytes(ephemeral, pods) }),
  };
}

function quantity(text: string): number {
  return parseQuantity(text)?.value ?? 0;
}

/** An object in the current output: its `Kind/name`, canonical JSON and what kubectl needs to find it. */
interface CurrentObject {
  readonly key: string;
  readonly json: string;
  readonly ref: ObjectRef;
}

/** The objects in the environment's current output files, by `Kind/name`. */
function currentObjects(outDir: string, paths: readonly string[]): Map<string, CurrentObject> {
  const objects = new Map<string, CurrentObject>();
  for (const path of paths) {
    const file = join(outDir, path);
    const stat = lstatSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue; // missing, a link or not a file: nothing synth wrote
    if (stat.size > MAX_PLAN_FILE_BYTES) {
      throw Object.assign(new Error(`${file} is ${stat.size} bytes, more than plan reads (${MAX_PLAN_FILE_BYTES}); it is not what synth writes`), { code: 'EFBIG' });
    }
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'), { prettyErrors: false })) {
      let object: KubeObject | undefined;
      try {
        // A generated file has no aliases; a handful is tolerated, a billion laughs is not.
        object = document.toJS({ maxAliasCount: 50 }) as KubeObject | undefined;
      } catch (error) {
        throw Object.assign(new Error(`${file} cannot be read as YAML (${(error as Error).message.split('\n')[0]}); it is not what synth writes`), { code: 'EFTYPE' });
      }
      if (object?.kind && object.metadata?.name) {
        const key = `${object.kind}/${object.metadata.name}`;
        const { apiVersion, kind, metadata: { name, namespace } } = object;
        objects.set(key, { key, json: JSON.stringify(object), ref: { apiVersion: String(apiVersion), kind, name, ...(namespace ? { namespace } : {}) } });
      }
    }
  }
  return objects;
}

function compareObjects(current: Map<string, CurrentObject>, objects: readonly KubeObject[]): EnvironmentPlan['changes'] {
  const next = new Map(objects.map((object) => [`${object.kind}/${object.metadata.name}`, JSON.stringify(object)]));
  return {
    added: [...next.keys()].filter((key) => !current.has(key)),
    removed: [...current.keys()].filter((key) => !next.has(key)),
    changed: [...next].filter(([key, json]) => current.has(key) && current.get(key)!.json !== json).map(([key]) => key),
  };
}
