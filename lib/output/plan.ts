import { parse } from 'yaml';
import { LoadedEnvironment } from '../config/environments';
import { inertJson, inertLine, markdownCode } from '../config/inert';
import { isAgentSandbox } from '../config/settings';
import { KUSTOMIZE_CONFIG_FILE } from './kustomize-config';
import { SandboxUrlSample, sandboxUrlRows } from './plan-sandbox-urls';
import { parseQuantity } from '../kube/quantity';
import { ObjectComparison } from './_plan-compare';
import { ObjectSummary } from './document';
import { perObjectPath, singleFilePath } from './files';
import { renderDocuments } from './render';
import { ownedOutputFiles } from './write';

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
  readonly totals: { cpuRequests: string; memoryRequests: string; memoryLimits: string; storage: string };
  readonly hosts: string[];
  /** agent-sandbox: the sandbox-server's environment (the ConfigMap's data). */
  readonly sandboxServerEnv?: Record<string, string>;
  /** agent-sandbox: the URLs of a sample sandbox. */
  readonly sandboxUrls?: SandboxUrlSample;
  /** Objects as `Kind/name`, against the output folder. */
  readonly changes: { added: string[]; removed: string[]; changed: string[] };
  /**
   * What the ResourceQuota admits at once, resource by resource.
   * @default - no ResourceQuota
   */
  readonly quota?: Record<string, string>;
  /** What the operator must still do: changes that cannot be applied in place, set-up by hand. */
  readonly notes: string[];
  /** True for an environment the output folder holds but no config produces any more: all of it goes. */
  readonly removed?: true;
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
  if (!perObject) produced.add(singleFilePath(name));
  for (const batch of renderDocuments(settings)) {
    onBatch?.(environment, batch);
    for (const document of batch) {
      counts[document.kind] = (counts[document.kind] ?? 0) + 1;
      for (const host of document.hosts ?? []) hosts.push(host);
      if (document.kind === 'Pod') pods += 1;
      if (document.kind === 'PersistentVolumeClaim') pvcs += 1;
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
      totals: {
        cpuRequests: formatCpu(quantity(pod.cpuRequest)), memoryRequests: formatBytes(quantity(pod.memoryRequest)),
        memoryLimits: formatBytes(quantity(pod.memoryLimit)), storage: formatBytes(quantity(workspace.storage)),
      },
      hosts, sandboxServerEnv: settings.serverEnv.env, sandboxUrls: settings.sampleUrls, notes: [...settings.notes], changes,
    };
  }
  const { pod, workspace } = settings;
  return {
    name,
    file: environment.file,
    namespace: settings.namespace,
    sessions: [...settings.sessions],
    objects: counts,
    totals: {
      cpuRequests: formatCpu(pods * quantity(pod.cpuRequest)),
      memoryRequests: formatBytes(pods * quantity(pod.memoryRequest)),
      memoryLimits: formatBytes(pods * quantity(pod.memoryLimit)),
      storage: formatBytes(pvcs * quantity(workspace.storage)),
    },
    hosts,
    changes,
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
      totals: { cpuRequests: formatCpu(0), memoryRequests: formatBytes(0), memoryLimits: formatBytes(0), storage: formatBytes(0) },
      hosts: [], changes: comparison.currentOnly(paths), notes: [], removed: true,
    };
  });
}

/** Renders plans as a plain-text report, a markdown pull-request comment or JSON. */
export function formatPlan(plans: readonly EnvironmentPlan[], format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${inertJson(JSON.stringify(plans, null, 2))}\n`;
  const markdown = format === 'markdown';
  // File and object names and values come from configs and the output folder: each is one inert
  // line in text, a code span in Markdown (a newline, backtick or pipe cannot leave it).
  const shown = (text: string) => (markdown ? markdownCode(text) : inertLine(text));
  // The sandbox-server's environment and URLs hold free text (URL patterns); sessions and hosts are DNS names.
  const cell = (key: string, value: string) => (key.startsWith('env ') || key.startsWith('URL ') ? markdownCode(value, { inTable: true }) : inertLine(value).replace(/\|/g, '\\|'));
  const out: string[] = [];
  for (const plan of plans) {
    if (plan.removed) {
      const objects = plan.changes.removed;
      out.push(markdown ? `### ${inertLine(plan.name)} (${shown(plan.file)}): removed` : `${inertLine(plan.name)} (${shown(plan.file)}): removed, no config produces it any more`);
      if (markdown) out.push('', `No config produces it any more: ${objects.length} object(s) removed.`);
      else out.push(`  changes: 0 added, ${objects.length} removed, 0 changed`);
      // One line per object, pushed one by one: spread into push, 500,000 names overflow the stack.
      for (const name of objects) out.push(markdown ? `- removed: ${shown(name)}` : `    - ${shown(name)}`);
      out.push('');
      continue;
    }
    out.push(markdown ? `### ${inertLine(plan.name)} (${shown(plan.file)})` : `${inertLine(plan.name)} (${shown(plan.file)}), namespace ${shown(plan.namespace)}`);
    const agentSandbox = plan.target === 'agent-sandbox';
    if (markdown) out.push('', agentSandbox ? `Target agent-sandbox, namespace ${shown(plan.namespace)}.` : `Namespace ${shown(plan.namespace)}, ${plan.sessions.length} session(s).`, '');
    const per = agentSandbox ? ' per sandbox' : '';
    const rows: Array<[string, string]> = [
      agentSandbox ? ['target', 'agent-sandbox (sandboxes are claimed on demand by the app server)'] : ['sessions', plan.sessions.join(', ')],
      ...Object.entries(plan.objects).map(([kind, count]): [string, string] => [kind, String(count)]),
      [`CPU requests${per}`, plan.totals.cpuRequests],
      [`memory requests${per}`, plan.totals.memoryRequests],
      [`memory limits${per}`, plan.totals.memoryLimits],
      [`storage${per}`, plan.totals.storage],
      [agentSandbox ? 'browser route hosts' : 'ingress hosts', plan.hosts.join(', ') || '(none)'],
      ...Object.entries(plan.sandboxServerEnv ?? {}).map(([key, value]): [string, string] => [`env ${key}`, value]),
      ...sandboxUrlRows(plan.sandboxUrls),
      ...(plan.quota ? [['quota admits', quotaSummary(plan.quota)] as [string, string]] : []),
    ];
    const { added, removed, changed } = plan.changes;
    const changes = `${added.length} added, ${removed.length} removed, ${changed.length} changed`;
    if (markdown) {
      out.push('| | |', '|---|---|', ...rows.map(([key, value]) => `| ${inertLine(key).replace(/\|/g, '\\|')} | ${cell(key, value)} |`), '', `Changes against the output folder: ${changes}.`);
      for (const [label, list] of [['added', added], ['removed', removed], ['changed', changed]] as const) {
        if (list.length > 0) out.push(`- ${label}: ${list.map(shown).join(', ')}`);
      }
    } else {
      const width = Math.max(...rows.map(([key]) => key.length));
      out.push(...rows.map(([key, value]) => `  ${inertLine(key).padEnd(width)}  ${inertLine(value)}`), `  changes: ${changes}`);
      for (const [sign, list] of [['+', added], ['-', removed], ['~', changed]] as const) for (const name of list) out.push(`    ${sign} ${shown(name)}`);
    }
    for (const note of plan.notes) out.push(markdown ? `- note: ${inertLine(note)}` : `  note: ${inertLine(note)}`);
    out.push('');
  }
  return out.join('\n');
}

function quotaSummary(hard: Record<string, string>): string {
  return `${hard.pods} sandboxes at once (requests.cpu ${hard['requests.cpu']}, requests.memory ${hard['requests.memory']}, limits.memory ${hard['limits.memory']}, requests.storage ${hard['requests.storage']}${hard['limits.ephemeral-storage'] ? `, limits.ephemeral-storage ${hard['limits.ephemeral-storage']}` : ''})`;
}

function quantity(text: string): number {
  return parseQuantity(text)?.value ?? 0;
}

function formatCpu(cores: number): string {
  return `${Number(cores.toFixed(3))} cores`;
}

function formatBytes(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return gib >= 1 ? `${Number(gib.toFixed(2))}Gi` : `${Number((bytes / 2 ** 20).toFixed(1))}Mi`;
}
