import { z } from 'zod';

/** A problem found by zod, translated for a person, with the key path still attached. */
export interface DescribedIssue {
  readonly path: (string | number)[];
  readonly key: string;
  readonly value?: unknown;
  readonly message: string;
}

/**
 * Translates one zod issue into sentences a person can act on: the dotted key, the bad value
 * from the raw input and what would be valid. Unknown keys become one problem each, with the
 * nearest known key suggested.
 */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown, schema: z.ZodType): DescribedIssue[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, path);
      return issue.keys.map((name) => {
        const nearest = closest(name, known);
        const hint = nearest ? ` (did you mean "${nearest}"?)` : '';
        return at([...path, name], `is not a known key${hint}; known keys: ${known.join(', ')}`);
      });
    }
    case 'invalid_type':
      if (value === undefined) return [at(path, issue.message.startsWith('Invalid input') ? 'is required' : issue.message)];
      return [at(path, `must be ${article(issue.expected)}, got ${typeName(value)}${typeHint(issue.expected, value)}`, value)];
    case 'invalid_value':
      return [at(path, `must be one of ${issue.values.map((option) => JSON.stringify(option)).join(', ')}`, value)];
    case 'too_small':
      // A schema's own message (one that gives the reason, like max_num_sandboxes') is kept.
      if (issue.message.startsWith('must ')) return [at(path, issue.message, value)];
      return [at(path, issue.origin === 'array' ? `must list at least ${issue.minimum} item(s)` : `must be at least ${issue.minimum}`, value)];
    case 'too_big':
      return [at(path, `must be at most ${issue.maximum}`, value)];
    case 'invalid_key':
      return issue.issues.flatMap((inner) => describeIssue({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, data, schema)
        .map((described) => ({ ...described, message: `key ${described.message}`, value: undefined })));
    default:
      return [at(path, issue.message, value)];
  }
}

function at(path: (string | number)[], message: string, value?: unknown): DescribedIssue {
  const key = path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
  return { path, key: key || '(top level)', message, ...(value !== undefined && { value }) };
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, part) => (node !== null && typeof node === 'object' && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined), data);
}

/** The keys an object schema at `path` accepts. */
function knownKeys(schema: z.ZodType, path: (string | number)[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const part of path) node = node && shapeOf(node)?.[part];
  return Object.keys((node && shapeOf(node)) ?? {});
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let node = schema as z.ZodType & { _zod: { def: Record<string, unknown> } };
  while (node._zod.def.innerType || node._zod.def.type === 'pipe') {
    node = (node._zod.def.innerType ?? node._zod.def.in) as typeof node;
  }
  return node._zod.def.type === 'object' ? (node._zod.def.shape as Record<string, z.ZodType>) : undefined;
}

/** The known name within edit distance 3 of `name`, if any (typos, snake versus camel case). */
function closest(name: string, known: string[]): string | undefined {
  const normalized = name.toLowerCase().replace(/[-_]/g, '');
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = key.replace(/_/g, '') === normalized ? 0 : editDistance(name.toLowerCase(), key);
    if (distance <= 3 && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
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

function article(type: string): string {
  // In TOML's words: zod's "object" and "record" are tables, its "int" an integer.
  if (type === 'object' || type === 'record') return 'a table';
  if (type === 'int') return 'an integer';
  return type === 'array' ? 'a list' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return value instanceof Date ? 'a date' : 'a table';
  if (typeof value === 'number' && !Number.isFinite(value)) return `a float ${tomlNumber(value)}`;
  return `${article(typeof value)} ${JSON.stringify(value)}`;
}

function typeHint(expected: string, value: unknown): string {
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return ` (quote it: "${String(value)}")`;
  if (expected === 'boolean' && typeof value === 'string') return ' (write true or false without quotes)';
  return '';
}

/** A non-finite number as TOML writes it (`nan`, `inf`, `-inf`), not as JSON's `null`. */
export function tomlNumber(value: number): string {
  return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
}
