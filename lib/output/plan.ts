import { parse } from 'yaml';
import { clusterVersionNeeds, ClusterVersionNeeds } from '../config/cluster-version';
import { LoadedEnvironment } from '../config/environments';
import { isAgentSandbox } from '../config/settings';
import { KUSTOMIZE_CONFIG_FILE } from './kustomize-config';
import { SandboxUrlSample } from './plan-sandbox-urls';
import { parseQuantity } from '../kube/quantity';
import { ObjectComparison } from './_plan-compare';
import { Amount, ObjectRef } from './_plan-words';
import { ObjectSummary } from './document';
import { perObjectPath, singleFilePath } from './files';
import { renderDocuments } from './render';
import { ownedOutputFiles } from './write';

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

export { MAX_PLAN_FILE_BYTES } from './_current-documents';

/** Each batch's object summaries as it is rendered (the API-limit checks). */
export type BatchListener = (environment: LoadedEnvironment, objects: readonly ObjectSummary[]) => void;

/**
 * Summarizes what each environment creates, and what changes against the output folder. Each
 * environment is rendered batch by batch as synth renders it (sessions stamped, no objects kept)
 * and compared with its current files as the batches come, so memory holds one batch, a short id
 * per changed object and the lists the plan prints, whatever the number of sessions.
 */
export function planEnvironments(environments: readonly LoadedEnvironment[], outDir: string, onBatch?: BatchListener): EnvironmentPlan[] {
  const produced = new Set<string>();
  const plans = environments.map((environment) => planEnvironment(environment, outDir, produced, onBatch));
  return [...plans, ...removedEnvironments(environments, produced, outDir)];
}

function planEnvironment(environment: LoadedEnvironment, outDir: string, produced: Set<string>, onBatch?: BatchListener): EnvironmentPlan {
  const { settings, name } = environment;
  const perObject = settings.layout === 'per-object';
  const comparison = new ObjectComparison(outDir, perObject);
  const counts: Record<string, number> = {};
  const hosts: string[] = [];
  let quota: Record<string, string> | undefined;
  let pods = 0;
  let pvcs = 0;
  let admissionRules = 0;
  if (!perObject) produced.add(singleFilePath(name));
  for (const batch of renderDocuments(settings)) {
    onBatch?.(environment, batch);
    for (const document of batch) {
      counts[document.kind] = (counts[document.kind] ?? 0) + 1;
      for (const host of document.hosts ?? []) hosts.push(host);
      if (document.kind === 'Pod') pods += 1;
      if (document.kind === 'PersistentVolumeClaim') pvcs += 1;
      if (document.kind === 'ValidatingAdmissionPolicy') admissionRules += ((parse(document.yaml) as { spec?: { validations?: unknown[] } }).spec?.validations ?? []).length;
      if (document.kind === 'ResourceQuota') quota = (parse(document.yaml) as { spec?: { hard?: Record<string, string> } }).spec?.hard;
      const path = perObject ? perObjectPath(name, document) : singleFilePath(name);
      if (perObject) produced.add(path);
      comparison.add(document, path);
    }
  }
  const changes = comparison.finish();
  if (isAgentSandbox(settings)) {
    // Sandboxes come and go with conversations: the totals are those of one sandbox.
    const { pod, workspace } = settings.template;
    return {
      name, file: environment.file, target: 'agent-sandbox', namespace: settings.namespace, sessions: [], objects: counts,
      totals: totals(1, pod.cpuRequest, pod.memoryRequest, pod.memoryLimit, 1, workspace.storage),
      hosts, sandboxServerEnv: settings.serverEnv.env, sandboxUrls: settings.sampleUrls, notes: [...settings.notes], changes,
      leftInCluster: comparison.leftInCluster(), kubernetes: clusterVersionNeeds(environment.config),
    };
  }
  const { pod, workspace } = settings;
  return {
    name,
    file: environment.file,
    namespace: settings.namespace,
    sessions: [...settings.sessions],
    objects: counts,
    totals: totals(pods, pod.cpuRequest, pod.memoryRequest, pod.memoryLimit, pvcs, workspace.storage, pod.hardening?.ephemeralStorageLimit),
    hosts,
    changes,
    leftInCluster: comparison.leftInCluster(),
    kubernetes: clusterVersionNeeds(environment.config),
    admissionRules: admissionRules || undefined,
    quota,
    notes: changes.changed.filter((key) => key.startsWith('Pod/')).map((key) => `${key}: a pod's spec cannot change in place; delete it so it is re-created (its session restarts; the workspace claim stays)`),
  };
}

/**
 * Environments the output folder holds (by its manifest, or its kustomization before manifests)
 * that no config produces any more: `<name>.k8s.yaml` or `<name>/...`, every object removed.
 */
function removedEnvironments(environments: readonly LoadedEnvironment[], produced: ReadonlySet<string>, outDir: string): EnvironmentPlan[] {
  const byName = new Map<string, string[]>();
  for (const path of ownedOutputFiles(outDir)) {
    if (produced.has(path) || path === 'kustomization.yaml' || path === KUSTOMIZE_CONFIG_FILE) continue;
    const name = path.includes('/') ? path.slice(0, path.indexOf('/')) : path.replace(/\.k8s\.yaml$/, '');
    const paths = byName.get(name);
    if (paths) paths.push(path);
    else byName.set(name, [path]);
  }
  const current = new Set(environments.map(({ name }) => name));
  return [...byName].filter(([name]) => !current.has(name)).map(([name, paths]) => {
    const comparison = new ObjectComparison(outDir, true);
    return {
      name, file: paths.length === 1 ? paths[0] : `${name}/`, namespace: '', sessions: [], objects: {},
      totals: totals(0, '0', '0', '0', 0, '0'),
      hosts: [], changes: comparison.currentOnly(paths), leftInCluster: comparison.leftInCluster(), notes: [], removed: true,
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
