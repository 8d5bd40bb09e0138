import { lstatSync, readFileSync } from 'node:fs';
import { KUSTOMIZE_CONFIG_FILE } from './kustomize-config';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isAgentSandbox } from '../config/settings';
import { RenderedEnvironment } from './files';
import { ownedOutputFiles } from './write';
import { parseQuantity } from '../kube/quantity';
import { KubeObject } from './render';
import { SandboxUrlSample, sandboxUrlRows } from './plan-sandbox-urls';

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

/** Output files larger than this are not read by plan (a generated file is far smaller). */
export const MAX_PLAN_FILE_BYTES = 16 * 1024 * 1024;

/** Summarizes what each environment creates, and what changes against the output folder. */
export function planEnvironments(rendered: readonly RenderedEnvironment[], outDir: string): EnvironmentPlan[] {
  const plans = rendered.map(({ environment, objects, files }): EnvironmentPlan => {
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
        hosts, sandboxServerEnv: settings.serverEnv.env, sandboxUrls: settings.sampleUrls, notes: [...settings.notes], changes,
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
    const objects = [...currentObjects(outDir, paths).keys()];
    return {
      name, file: paths.length === 1 ? paths[0] : `${name}/`, namespace: '', sessions: [], objects: {},
      totals: { cpuRequests: formatCpu(0), memoryRequests: formatBytes(0), memoryLimits: formatBytes(0), storage: formatBytes(0) },
      hosts: [], changes: { added: [], removed: objects, changed: [] }, notes: [], removed: true,
    };
  });
}

/** Renders plans as a plain-text report, a markdown pull-request comment or JSON. */
export function formatPlan(plans: readonly EnvironmentPlan[], format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(plans, null, 2)}\n`;
  const markdown = format === 'markdown';
  const out: string[] = [];
  for (const plan of plans) {
    if (plan.removed) {
      const objects = plan.changes.removed;
      out.push(markdown ? `### ${plan.name} (\`${plan.file}\`): removed` : `${plan.name} (${plan.file}): removed, no config produces it any more`);
      if (markdown) out.push('', `No config produces it any more: ${objects.length} object(s) removed.`, ...objects.map((name) => `- removed: \`${name}\``));
      else out.push(`  changes: 0 added, ${objects.length} removed, 0 changed`, ...objects.map((name) => `    - ${name}`));
      out.push('');
      continue;
    }
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
      ...sandboxUrlRows(plan.sandboxUrls),
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
      if (object?.kind && object.metadata?.name) objects.set(`${object.kind}/${object.metadata.name}`, JSON.stringify(object));
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
