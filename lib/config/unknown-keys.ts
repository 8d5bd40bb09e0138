import { z } from 'zod';
import { hasKey, keyLifetime, lifetimeNote, openhandsKeys } from '../openhands/config-keys';
import { formatRelease, Release } from '../openhands/releases';
import { isOpenhandsOnly } from './openhands-config';

/** A table that declares a key: its path (`[]` is the top level) and whether openhands-k8s reads the key there. */
export interface KeyHome {
  readonly table: readonly string[];
  readonly ours: boolean;
  /** Whether the key is itself a table (`governance`), written as a header of its own. */
  readonly isTable: boolean;
}

/** A key the schema does not declare in an open table, and what it most likely is. */
export interface ForeignEntry {
  readonly path: readonly string[];
  /** Set when a person most likely meant it as a key openhands-k8s reads: refused. */
  readonly error?: string;
  /** Set when it is OpenHands' business, which ignores it: reported, not refused. */
  readonly warning?: string;
}

/** The object schema under wrappers (default, optional, prefault, pipes, refinements), if any. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let node = schema as z.ZodType & { _zod: { def: Record<string, unknown> } };
  while (node._zod.def.innerType || node._zod.def.type === 'pipe') {
    node = (node._zod.def.innerType ?? node._zod.def.in) as typeof node;
  }
  return node._zod.def.type === 'object' ? (node._zod.def.shape as Record<string, z.ZodType>) : undefined;
}

const homesCache = new WeakMap<z.ZodType, Map<string, KeyHome[]>>();

/** Every key the schema declares, with the tables that declare it (walked once per schema). */
export function keyHomes(schema: z.ZodType): Map<string, KeyHome[]> {
  const cached = homesCache.get(schema);
  if (cached) return cached;
  const homes = new Map<string, KeyHome[]>();
  const walk = (node: z.ZodType, table: string[]) => {
    for (const [key, child] of Object.entries(shapeOf(node) ?? {})) {
      homes.set(key, [...(homes.get(key) ?? []), { table, ours: !isOpenhandsOnly(child), isTable: shapeOf(child) !== undefined }]);
      if (shapeOf(child)) walk(child, [...table, key]);
    }
  };
  walk(schema, []);
  homesCache.set(schema, homes);
  return homes;
}

/** A table as a person writes it: `[extended.manifests]`, or the top level. */
export function tableName(table: readonly string[]): string {
  return table.length === 0 ? 'the top level' : `[${table.join('.')}]`;
}

/**
 * "belongs in [extended.manifests]", when a key unknown in `table` is declared elsewhere (a
 * section name found inside a table belongs at the top level, as its own section).
 */
export function belongsElsewhere(schema: z.ZodType, table: readonly string[], name: string, oursOnly = false): string | undefined {
  const here = table.join('.');
  const homes = (keyHomes(schema).get(name) ?? []).filter((home) => home.table.join('.') !== here && (!oursOnly || (home.ours && home.table.length > 0)));
  if (homes.length === 0) return undefined;
  const ordered = [...homes.filter((home) => home.ours), ...homes.filter((home) => !home.ours)];
  const places = ordered.map((home) => (home.table.length === 0 ? `its own section [${name}]` : home.isTable ? `[${[...home.table, name].join('.')}]` : tableName(home.table)));
  return `belongs in ${places.join(' or ')}`;
}

/** The known name within edit distance 3 of `name`, if any (typos, snake versus camel case). */
export function closest(name: string, known: readonly string[], maxDistance = 3): string | undefined {
  const normalized = normalize(name);
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = normalize(key) === normalized ? 0 : editDistance(name.toLowerCase(), key.toLowerCase());
    if (distance <= maxDistance && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.\s]/g, '');

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The sections read here, by the names a misspelling is compared with. */
const SECTIONS_READ: Record<string, Record<string, string>> = {
  '': { core: 'core', sandbox: 'sandbox', kubernetes: 'kubernetes', extended: 'extended', manifests: 'extended.manifests', 'extended.manifests': 'extended.manifests' },
  extended: { manifests: 'extended.manifests' },
};

/** A section read here that `name` looks like a misspelling of: same letters but case and separators, a few typos, or a suffix. */
function nearSection(table: string, name: string): string | undefined {
  const candidates = Object.entries(SECTIONS_READ[table] ?? {}).map(([candidate, section]) => [normalize(candidate), section] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const written = normalize(name);
  return candidates.find(([wanted]) => written === wanted)?.[1]
    ?? candidates.find(([wanted]) => editDistance(written, wanted) <= (wanted.length <= 4 ? 1 : 2))?.[1]
    ?? candidates.find(([wanted]) => written.startsWith(wanted) && wanted.length >= 7)?.[1];
}

/**
 * The entries of the open tables (the top level, `[extended]` and `[core]`) that the schema does
 * not declare. OpenHands ignores them all (`[extended]` is free-form), so one that a person most
 * likely meant as a key read here (its name is declared elsewhere, it is a table of keys read
 * here, or its name is a near miss of a section read here) is an error; any other unknown section or
 * `[core]` key is a warning, and other `[extended]` tables belong to other tools.
 */
export function foreignEntries(config: Record<string, unknown>, schema: z.ZodType, release: Release): ForeignEntry[] {
  const entries: ForeignEntry[] = [];
  const open = (table: string[], value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    let node: z.ZodType | undefined = schema;
    for (const part of table) node = node && shapeOf(node)?.[part];
    const declared = (node && shapeOf(node)) ?? {};
    for (const [name, item] of Object.entries(value)) {
      // OpenHands' own sections and [core] keys are declared for every release: the release's own are checked here.
      if (Object.hasOwn(declared, name) && !((table.length === 0 || table[0] === 'core') && isOpenhandsOnly(declared[name]))) continue;
      const verdict = table[0] === 'core' ? coreKey(schema, name, release) : section(schema, table, name, item, release);
      if (verdict) entries.push({ path: [...table, name], ...verdict });
    }
  };
  open([], config);
  open(['extended'], config.extended);
  open(['core'], config.core);
  return entries;
}

type Verdict = { error: string } | { warning: string } | undefined;

function section(schema: z.ZodType, table: string[], name: string, value: unknown, release: Release): Verdict {
  if (table.length === 0 && hasKey('sections', name, release)) return undefined;
  const what = table.length === 0 ? 'is not a section OpenHands or openhands-k8s reads' : 'is not read by openhands-k8s, which reads [extended.manifests]';
  // [extended] is free-form: another tool's table is refused only when it is clearly ours.
  const belongs = belongsElsewhere(schema, table, name, table.length > 0);
  if (belongs) return { error: `${what}: it ${belongs}` };
  const inside = typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) ? Object.keys(value) : [];
  const homes = keyHomes(schema);
  const ourTables = inside.map((key) => (homes.get(key) ?? []).filter((home) => home.ours && home.table.length > 0).map((home) => tableName(home.table)));
  if (inside.length >= minimumKeysOfOurs(table) && ourTables.every((tables) => tables.length > 0)) {
    const counts = new Map<string, number>();
    for (const tables of ourTables) for (const name of tables) counts.set(name, (counts.get(name) ?? 0) + 1);
    const likely = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    return { error: `${what}, and everything in it (${inside.join(', ')}) is a key of ${likely}: did you mean ${likely}?` };
  }
  const near = nearSection(table.join('.'), name);
  if (near) return { error: `${what} (did you mean [${near}]?): everything in it would be ignored` };
  if (table.length > 0) return undefined;
  const note = lifetimeNote('sections', name, release);
  if (note) return { warning: `OpenHands ${formatRelease(release)} has no [${name}] section (${note}): it ignores it` };
  const guess = closest(name, openhandsKeys('sections', release), 2);
  return { warning: `[${name}] is not an OpenHands section: OpenHands ignores it${guess ? ` (did you mean [${guess}]?)` : ''}` };
}

/**
 * How many keys, all read here, make a foreign table ours: any at the top level (OpenHands
 * ignores an unknown section, nothing else reads it), two under [extended], where a single
 * `name` may well be another tool's.
 */
export function minimumKeysOfOurs(table: readonly string[]): number {
  return table.length === 0 ? 1 : 2;
}

function coreKey(schema: z.ZodType, name: string, release: Release): Verdict {
  if (hasKey('core', name, release)) return undefined;
  const belongs = belongsElsewhere(schema, ['core'], name);
  if (belongs) return { error: `is not a [core] key: it ${belongs}` };
  const read = Object.entries(shapeOf(shapeOf(schema)!.core)!).filter(([, child]) => !isOpenhandsOnly(child)).map(([key]) => key);
  const meant = keyLifetime('core', name) ? undefined : closest(name, read);
  if (meant) return { error: `is not a [core] key (did you mean "${meant}"?)` };
  const note = lifetimeNote('core', name, release);
  if (note) return { warning: `OpenHands ${formatRelease(release)} has no [core] key ${name} (${note}): it ignores it` };
  const guess = closest(name, openhandsKeys('core', release));
  return { warning: `core.${name} is not an OpenHands [core] key: OpenHands ignores it${guess ? ` (did you mean "${guess}"?)` : ''}` };
}
