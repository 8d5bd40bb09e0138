import { parseQuantity } from '../kube/quantity';
import { TERMINATING_HEADROOM } from '../cluster/sandbox-quota';
import { Amount, count, deleteCommands, formatAmount, summarizeIds } from './_plan-words';
import type { EnvironmentPlan } from './plan';
import { formatClusterVersion } from '../config/cluster-version';
import { inertJson, inertLine, markdownCode } from '../config/inert';
import { sandboxUrlRows } from './plan-sandbox-urls';

/** The version of `plan --format json`'s shape; raised whenever a field changes meaning or form. */
export const PLAN_JSON_VERSION = 2;

/** Lists up to this long are shown item by item; longer ones are summarized (runs, first few, how many more). */
export const LIST_LIMIT = 12;

/** Change lists up to this long are shown object by object; longer ones kind by kind. */
export const CHANGE_LIMIT = 40;

/** Renders plans as a plain-text report, a markdown pull-request comment or JSON. Pure: the plans in, text out. */
export function formatPlan(plans: readonly EnvironmentPlan[], format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${inertJson(JSON.stringify(planJson(plans), null, 2))}\n`;
  return plans.map((plan) => (format === 'markdown' ? markdownPlan(plan) : textPlan(plan)).join('\n')).join('\n\n') + (plans.length ? '\n' : '');
}

/**
 * `plan --format json`: `{ version, environments: [...] }`, every amount a number in its base unit
 * with the unit beside it (`{ "value": 2147483648, "unit": "bytes" }`), every list complete, and
 * the `kubectl delete` commands for what a change leaves in the cluster. The README documents it.
 */
export function planJson(plans: readonly EnvironmentPlan[]): unknown {
  return {
    version: PLAN_JSON_VERSION,
    environments: plans.map((plan) => ({
      name: plan.name,
      file: plan.file,
      target: plan.target ?? 'openhands-runtime',
      removed: plan.removed ?? false,
      namespace: plan.namespace,
      sessions: { count: plan.sessions.length, ids: plan.sessions },
      objects: plan.objects,
      totals: { per: plan.target === 'agent-sandbox' ? 'sandbox' : 'environment', ...plan.totals },
      hosts: plan.hosts,
      ...(plan.sandboxServerEnv ? { sandboxServerEnv: plan.sandboxServerEnv } : {}),
      ...(plan.sandboxUrls ? { sandboxUrls: plan.sandboxUrls } : {}),
      ...(plan.quota ? { quota: quotaAmounts(plan.quota) } : {}),
      ...(plan.kubernetes ? { kubernetes: plan.kubernetes } : {}),
      ...(plan.admissionRules ? { admissionRules: plan.admissionRules } : {}),
      changes: plan.changes,
      leftInCluster: plan.leftInCluster,
      deleteCommands: deleteCommands(plan.leftInCluster),
      notes: plan.notes,
    })),
  };
}

/** The quota's hard limits as amounts: `requests.cpu` in cores, memory and storage in bytes, the rest counted. */
function quotaAmounts(hard: Record<string, string>): Record<string, Amount> {
  return Object.fromEntries(Object.entries(hard).map(([key, text]) => [key, {
    value: parseQuantity(text)?.value ?? Number.NaN,
    unit: /cpu/.test(key) ? 'cores' : /memory|storage/.test(key) ? 'bytes' : 'objects',
  }]));
}

/** The rows every format shows, as [label, value]. */
function rows(plan: EnvironmentPlan, quote: (id: string) => string): Array<[string, string]> {
  const agentSandbox = plan.target === 'agent-sandbox';
  const per = agentSandbox ? ' per sandbox' : '';
  return [
    agentSandbox ? ['target', 'agent-sandbox (sandboxes are claimed on demand by the app server)'] : ['sessions', sessionsText(plan.sessions, quote)],
    ...Object.entries(plan.objects).map(([kind, n]): [string, string] => [kind, n.toLocaleString('en-US')]),
    ...(!agentSandbox && plan.sessions.length === 0
      ? [['resource totals', `none pre-provisioned${plan.quota ? ': the sandboxes OpenHands creates are bounded by the quota' : ''}`] as [string, string]]
      : totalRows(plan, per)),
    [agentSandbox ? 'browser route hosts' : 'ingress hosts', plan.hosts.length === 0 ? '(none)' : listText(plan.hosts, quote)],
    ...Object.entries(plan.sandboxServerEnv ?? {}).map(([key, value]): [string, string] => [`env ${key}`, value]),
    ...sandboxUrlRows(plan.sandboxUrls),
    ...(plan.quota ? [['quota admits', quotaSummary(plan.quota)] as [string, string]] : []),
    ...(plan.kubernetes ? [['cluster', formatClusterVersion(plan.kubernetes)] as [string, string]] : []),
    ...(plan.admissionRules ? [['admission', `${plan.admissionRules} allow-list rules admit only OpenHands' own pods, Services, Ingresses and claims for this config, field by field`] as [string, string]] : []),
  ];
}

function totalRows({ totals }: EnvironmentPlan, per: string): Array<[string, string]> {
  return [
    [`CPU requests${per}`, formatAmount(totals.cpuRequests)],
    [`memory requests${per}`, formatAmount(totals.memoryRequests)],
    [`memory limits${per}`, formatAmount(totals.memoryLimits)],
    [`storage${per}`, formatAmount(totals.storage)],
    [`ephemeral storage${per}`, totals.ephemeralStorage ? formatAmount(totals.ephemeralStorage) : 'not limited (the pods set no ephemeral-storage limit)'],
  ];
}

function sessionsText(sessions: readonly string[], quote: (id: string) => string): string {
  if (sessions.length === 0) return 'none: namespace-level objects only (sessions = [])';
  return `${count(sessions.length, 'session')}: ${listText(sessions, quote)}`;
}

function listText(ids: readonly string[], quote: (id: string) => string): string {
  return ids.length <= LIST_LIMIT ? ids.map(quote).join(', ') : summarizeIds(ids, 5, quote);
}

/** What the quota admits: its pods less the room for a terminating one (`TERMINATING_HEADROOM`), then the totals as they stand. */
function quotaSummary(hard: Record<string, string>): string {
  const pods = Number(hard.pods) - TERMINATING_HEADROOM;
  const sandboxes = Number.isFinite(pods) && pods >= 0 ? `${count(pods, 'sandbox', 'sandboxes')} at once, and ${TERMINATING_HEADROOM} more while one terminates` : `${hard.pods} pods at once`;
  return `${sandboxes} (requests.cpu ${hard['requests.cpu']}, requests.memory ${hard['requests.memory']}, limits.memory ${hard['limits.memory']}, requests.storage ${hard['requests.storage']}${hard['limits.ephemeral-storage'] ? `, limits.ephemeral-storage ${hard['limits.ephemeral-storage']}` : ''})`;
}

/** Rows whose names are already quoted, one code span each, by `rows`. */
const QUOTED_ROWS = new Set(['sessions', 'ingress hosts', 'browser route hosts']);

const LEFT_IN_CLUSTER = 'kubectl apply does not delete objects; Argo CD and Flux prune them, except the per-session ones marked Prune=false';

/** One change list: item by item while short, else one line per kind with its runs. */
function changeLines(list: readonly string[]): string[] {
  if (list.length <= CHANGE_LIMIT) return [...list];
  const byKind = new Map<string, string[]>();
  for (const key of list) {
    const kind = key.slice(0, key.indexOf('/'));
    const names = byKind.get(kind);
    if (names) names.push(key.slice(kind.length + 1));
    else byKind.set(kind, [key.slice(kind.length + 1)]);
  }
  return [...byKind].map(([kind, names]) => `${kind} (${names.length.toLocaleString('en-US')}): ${summarizeIds(names, 5)}`);
}

function textPlan(plan: EnvironmentPlan): string[] {
  const { added, removed, changed } = plan.changes;
  const changes = `changes: ${added.length} added, ${removed.length} removed, ${changed.length} changed`;
  const out: string[] = [];
  if (plan.removed) out.push(`${plan.name} (${plan.file}): removed, no config produces it any more`, `  ${changes}`);
  else {
    const table = rows(plan, (id) => id);
    const width = Math.max(...table.map(([key]) => key.length));
    out.push(`${plan.name} (${plan.file}), namespace ${plan.namespace}`, ...table.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`), `  ${changes}`);
  }
  for (const [sign, list] of [['+', added], ['-', removed], ['~', changed]] as const) out.push(...changeLines(list).map((line) => `    ${sign} ${line}`));
  // One by one: spread into push, 500,000 notes would overflow the stack.
  for (const note of plan.notes) out.push(`  note: ${note}`);
  const commands = deleteCommands(plan.leftInCluster);
  if (commands.length > 0) {
    out.push(`  left in the cluster: ${count(plan.leftInCluster.length, 'object')} (${LEFT_IN_CLUSTER}); delete them with:`, ...commands.map((command) => `    ${command}`));
  }
  // Names and values come from configs and the output folder: each line printed inert (no escape
  // sequence reaches the terminal, no newline starts a line of its own).
  return out.map(inertLine);
}

function markdownPlan(plan: EnvironmentPlan): string[] {
  // Names and values come from configs and the output folder: each is a code span that a newline,
  // backtick or pipe cannot leave, and free text is one inert line.
  const code = (id: string) => markdownCode(id, { inTable: true });
  const cell = (key: string, value: string) => (key.startsWith('env ') || key.startsWith('URL ') ? markdownCode(value, { inTable: true }) : inertLine(value).replace(/\|/g, '\\|'));
  const { added, removed, changed } = plan.changes;
  const changes = `${added.length} added, ${removed.length} removed, ${changed.length} changed`;
  const out: string[] = [];
  if (plan.removed) {
    out.push(`### ${inertLine(plan.name)} (${markdownCode(plan.file)}): removed`, '', `No config produces it any more: ${count(removed.length, 'object')} removed.`);
  } else {
    const sessions = plan.sessions.length === 0 ? 'no sessions (namespace-level objects only)' : count(plan.sessions.length, 'session');
    out.push(`### ${inertLine(plan.name)} (${markdownCode(plan.file)})`, '', plan.target === 'agent-sandbox' ? `Target agent-sandbox, namespace ${code(plan.namespace)}.` : `Namespace ${code(plan.namespace)}, ${sessions}.`, '');
    out.push('| | |', '|---|---|', ...rows(plan, code).map(([key, value]) => `| ${key} | ${QUOTED_ROWS.has(key) ? value : cell(key, value)} |`), '', `Changes against the output folder: ${changes}.`);
  }
  for (const [label, list] of [['added', added], ['removed', removed], ['changed', changed]] as const) {
    if (list.length === 0) continue;
    out.push(list.length <= CHANGE_LIMIT ? `- ${label}: ${list.map(code).join(', ')}` : `- ${label}: ${changeLines(list).join('; ')}`);
  }
  for (const note of plan.notes) out.push(`- note: ${inertLine(note)}`);
  const commands = deleteCommands(plan.leftInCluster);
  if (commands.length > 0) {
    const block = ['```sh', ...commands.map(inertLine), '```'];
    out.push('', `**Left in the cluster**: ${count(plan.leftInCluster.length, 'object')} (${LEFT_IN_CLUSTER}). Delete them with:`, '',
      ...(commands.length <= LIST_LIMIT ? block : [`<details><summary>${count(commands.length, 'kubectl delete command')}</summary>`, '', ...block, '', '</details>']));
  }
  return out;
}
