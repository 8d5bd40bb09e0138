/**
 * Pure helpers that put plan's numbers, lists and commands into words: units and plurals, long id
 * lists summarized as ranges, and the exact `kubectl delete` commands for objects left behind.
 */

/** An amount in a base unit: CPU in cores, memory and storage in bytes, anything counted in objects. */
export interface Amount {
  readonly value: number;
  readonly unit: 'cores' | 'bytes' | 'objects';
}

/** What kubectl needs to find one object. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** @default - cluster-scoped */
  readonly namespace?: string;
}

/** `1 session`, `2 sessions`, `0 sessions`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** An amount for people: `1 core`, `0.5 cores`, `2Gi`, `97.66Ti`, `3 objects`. */
export function formatAmount(amount: Amount): string {
  if (amount.unit === 'cores') return count(Number(amount.value.toFixed(3)), 'core');
  if (amount.unit === 'objects') return count(amount.value, 'object');
  const units = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let unit = -1;
  let value = amount.value;
  while (unit < units.length - 1 && value >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(2))}${unit < 0 ? '' : units[unit]}`;
}

/** An id split around its last number, so that `s-001`, `s-002` ... can be told apart as a run. */
interface Shaped {
  readonly id: string;
  readonly shape?: string;
  readonly number?: bigint;
  readonly digits?: string;
}

function shapeOf(id: string): Shaped {
  const match = /^(.*?)(\d+)(\D*)$/s.exec(id);
  if (!match) return { id };
  const [, prefix, digits, suffix] = match;
  return { id, shape: `${prefix}\u0000${suffix}`, number: BigInt(digits), digits };
}

/**
 * Items of a list as runs: ids that differ only by a consecutive number (`s-001` ... `s-200`)
 * become one item `[first, last, length]`; each other id is an item of its own. Runs are grouped
 * by shape in the order each shape first appears, so interleaved lists still form runs.
 */
export function runs(ids: readonly string[]): Array<[string, string, number]> {
  const groups = new Map<string, Shaped[]>();
  const items: Array<Shaped[] | Shaped> = [];
  for (const id of ids) {
    const shaped = shapeOf(id);
    if (shaped.shape === undefined) {
      items.push(shaped);
      continue;
    }
    const group = groups.get(shaped.shape);
    if (group) group.push(shaped);
    else {
      const fresh = [shaped];
      groups.set(shaped.shape, fresh);
      items.push(fresh);
    }
  }
  const out: Array<[string, string, number]> = [];
  for (const item of items) {
    if (!Array.isArray(item)) {
      out.push([item.id, item.id, 1]);
      continue;
    }
    let start = 0;
    for (let i = 1; i <= item.length; i++) {
      if (i < item.length && follows(item[i - 1], item[i])) continue;
      out.push([item[start].id, item[i - 1].id, i - start]);
      start = i;
    }
  }
  return out;
}

/** Whether `next` is the id after `previous`: the next number, zero-padded alike (`09` `10`) or not at all (`9` `10`). */
function follows(previous: Shaped, next: Shaped): boolean {
  const padded = (digits: string) => digits.length > 1 && digits.startsWith('0');
  return next.number === previous.number! + 1n
    && (next.digits!.length === previous.digits!.length || (!padded(previous.digits!) && !padded(next.digits!)));
}

/**
 * A long list in a line: its runs (`s-001 … s-200`), the first `limit` of them, then how many ids
 * are left (`… and 180 more`). `quote` wraps each id (markdown code spans).
 */
export function summarizeIds(ids: readonly string[], limit = 8, quote: (id: string) => string = (id) => id): string {
  const items = runs(ids);
  const shown = items.slice(0, limit).map(([first, last, length]) => (length === 1 ? quote(first)
    : length === 2 ? `${quote(first)}, ${quote(last)}` : `${quote(first)} … ${quote(last)}`));
  const rest = items.slice(limit).reduce((sum, [, , length]) => sum + length, 0);
  return rest > 0 ? `${shown.join(', ')}, … and ${rest.toLocaleString('en-US')} more` : shown.join(', ');
}

/** The kubectl resource name of a kind: `pod`, `ingress.networking.k8s.io` (group-qualified, never ambiguous). */
export function kubectlResource(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): string {
  const slash = ref.apiVersion.lastIndexOf('/');
  return slash < 0 ? ref.kind.toLowerCase() : `${ref.kind.toLowerCase()}.${ref.apiVersion.slice(0, slash)}`;
}

/**
 * A word the shell passes on as itself: a Kubernetes name as is, anything else (an output file
 * edited by hand could hold any name) single-quoted, so a pasted command never runs more than kubectl.
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Names per `kubectl delete` command, so that no command line grows without bound. */
export const NAMES_PER_COMMAND = 50;

/**
 * The `kubectl delete` commands that remove exactly these objects: grouped by namespace and kind,
 * namespaced objects first, cluster-scoped ones (admission policies, the Namespace itself) last;
 * `--ignore-not-found` because OpenHands may have deleted a session's objects already.
 */
export function deleteCommands(refs: readonly ObjectRef[]): string[] {
  const groups = new Map<string, { namespace?: string; resource: string; names: string[] }>();
  const ordered = [...refs.filter((ref) => ref.namespace), ...refs.filter((ref) => !ref.namespace && ref.kind !== 'Namespace'), ...refs.filter((ref) => !ref.namespace && ref.kind === 'Namespace')];
  for (const ref of ordered) {
    const resource = kubectlResource(ref);
    const key = `${ref.namespace ?? ''}\u0000${resource}`;
    const group = groups.get(key) ?? { namespace: ref.namespace, resource, names: [] };
    group.names.push(ref.name);
    groups.set(key, group);
  }
  const commands: string[] = [];
  for (const { namespace, resource, names } of groups.values()) {
    for (let i = 0; i < names.length; i += NAMES_PER_COMMAND) {
      const words = names.slice(i, i + NAMES_PER_COMMAND).map(shellWord).join(' ');
      commands.push(`kubectl delete --ignore-not-found${namespace ? ` -n ${shellWord(namespace)}` : ''} ${shellWord(resource)} ${words}`);
    }
  }
  return commands;
}
