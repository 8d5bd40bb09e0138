import { z } from 'zod';
import { belongsElsewhere, closest, shapeOf } from './unknown-keys';

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
      const table = path.filter((part): part is string => typeof part === 'string');
      return issue.keys.map((name) => {
        const belongs = belongsElsewhere(schema, table, name);
        if (belongs) return at([...path, name], `is not a [${table.join('.')}] key: it ${belongs}`);
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
      // A custom issue about a whole table (an unknown section) names it, not its contents.
      return [at(path, issue.message, (issue as { params?: { showValue?: boolean } }).params?.showValue === false ? undefined : value)];
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
