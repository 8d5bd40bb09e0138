import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { isAgentSandbox } from '../config/settings';
import { RenderedEnvironment } from './files';
import { parseQuantity } from '../kube/quantity';
import { KubeObject } from './render';

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
  /** Objects as `Kind/name`, against the output folder. */
  readonly changes: { added: string[]; removed: string[]; changed: string[] };
  /**
   * What the ResourceQuota admits at once, resource by resource.
   * @default - no ResourceQuota
   */
  readonly quota?: Record<string, string>;
  /** What the operator must still do: changes that cannot be applied in place, set-up by hand. */
  readonly notes: string[];
}

/** Summarizes what each environment creates, and what changes against the output folder. */
export function planEnvironments(rendered: readonly RenderedEnvironment[], outDir: string): EnvironmentPlan[] {
  return rendered.map(({ environment, objects, files }) => {
    const { settings } = environment;
    const counts: Record<string, number> = {};
    for (const object of objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
    const changes = compareObjects(currentObjects(outDir, [...files.keys()]), objects);
    const hosts = objects.flatMap((object) => (object.kind === 'Ingress' ? [(object.spec as { rules: Array<{ host: string }> }).rules[0].host]
      : object.kind === 'HTTPRoute' ? (object.spec as { hostnames: string[] }).hostnames : []));
    if (isAgentSandbox(settings)) {
      // Sandboxes come and go with conversations: the totals are those of one sandbox.
      const { pod, workspace } = settings.template;
      return {
        name: environment.name, file: environment.file, target: 'agent-sandbox', namespace: settings.namespace, sessions: [], objects: counts,
        totals: {
          cpuRequests: formatCpu(quantity(pod.cpuRequest)), memoryRequests: formatBytes(quantity(pod.memoryRequest)),
          memoryLimits: formatBytes(quantity(pod.memoryLimit)), storage: formatBytes(quantity(workspace.storage)),
        },
        hosts, sandboxServerEnv: settings.serverEnv.env, notes: [...settings.notes], changes,
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
      totals: {
        cpuRequests: formatCpu(pods * quantity(pod.cpuRequest)),
        memoryRequests: formatBytes(pods * quantity(pod.memoryRequest)),
        memoryLimits: formatBytes(pods * quantity(pod.memoryLimit)),
        storage: formatBytes(pvcs * quantity(workspace.storage)),
      },
      hosts,
      changes,
      quota: (objects.find((object) => object.kind === 'ResourceQuota')?.spec as { hard?: Record<string, string> } | undefined)?.hard,
      notes: changes.changed.filter((key) => key.startsWith('Pod/')).map((key) => `${key}: a pod's spec cannot change in place; delete it so it is re-created (its session restarts; the workspace claim stays)`),
    };
  });
}

/** Renders plans as a plain-text report, a markdown pull-request comment or JSON. */
export function formatPlan(plans: readonly EnvironmentPlan[], format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(plans, null, 2)}\n`;
  const markdown = format === 'markdown';
  const out: string[] = [];
  for (const plan of plans) {
    out.push(markdown ? `### ${plan.name} (\`${plan.file}\`)` : `${plan.name} (${plan.file}), namespace ${plan.namespace}`);
    const agentSandbox = plan.target === 'agent-sandbox';
    if (markdown) out.push('', agentSandbox ? `Target agent-sandbox, namespace \`${plan.namespace}\`.` : `Namespace \`${plan.namespace}\`, ${plan.sessions.length} session(s).`, '');
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
      ...(plan.quota ? [['quota admits', quotaSummary(plan.quota)] as [string, string]] : []),
    ];
    const { added, removed, changed } = plan.changes;
    const changes = `${added.length} added, ${removed.length} removed, ${changed.length} changed`;
    if (markdown) {
      out.push('| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${value} |`), '', `Changes against the output folder: ${changes}.`);
      for (const [label, list] of [['added', added], ['removed', removed], ['changed', changed]] as const) {
        if (list.length > 0) out.push(`- ${label}: ${list.map((name) => `\`${name}\``).join(', ')}`);
      }
    } else {
      const width = Math.max(...rows.map(([key]) => key.length));
      out.push(...rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`), `  changes: ${changes}`);
      for (const [sign, list] of [['+', added], ['-', removed], ['~', changed]] as const) out.push(...list.map((name) => `    ${sign} ${name}`));
    }
    out.push(...plan.notes.map((note) => (markdown ? `- note: ${note}` : `  note: ${note}`)));
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

/** The objects in the environment's current output files, by `Kind/name`, as canonical JSON. */
function currentObjects(outDir: string, paths: readonly string[]): Map<string, string> {
  const objects = new Map<string, string>();
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(join(outDir, path), 'utf8');
    } catch {
      continue;
    }
    for (const object of loadAll(text) as KubeObject[]) {
      if (object?.kind) objects.set(`${object.kind}/${object.metadata.name}`, JSON.stringify(object));
    }
  }
  return objects;
}

function compareObjects(current: Map<string, string>, objects: readonly KubeObject[]): EnvironmentPlan['changes'] {
  const next = new Map(objects.map((object) => [`${object.kind}/${object.metadata.name}`, JSON.stringify(object)]));
  return {
    added: [...next.keys()].filter((key) => !current.has(key)),
    removed: [...current.keys()].filter((key) => !next.has(key)),
    changed: [...next].filter(([key, json]) => current.has(key) && current.get(key) !== json).map(([key]) => key),
  };
}
