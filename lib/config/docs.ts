import { z } from 'zod';
import { keyLifetime } from '../openhands/config-keys';
import { OPENHANDS_ONLY } from './openhands-config';
import { Config } from './schema';

/** A JSON Schema node, as zod writes it. */
interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: SchemaNode;
  readonly properties?: Record<string, SchemaNode>;
  readonly required?: readonly string[];
  readonly additionalProperties?: SchemaNode | boolean;
  /** What "absent" means when that is not a plain default (for example "on when hardened"). */
  readonly 'x-default'?: string;
  /** Set on OpenHands' own keys, which are listed apart. */
  readonly 'x-openhands-only'?: boolean;
}

/** The sections the README documents, in order, with their headings. */
const SECTIONS: ReadonlyArray<readonly [path: readonly string[], prefix: string]> = [
  [['kubernetes'], ''],
  [['core'], 'core.'],
  [['sandbox'], 'sandbox.'],
  [['extended', 'manifests'], ''],
];

/**
 * The README's configuration reference: one markdown table per section, generated from the zod
 * schema (its descriptions, types and defaults), so the docs cannot drift from what is checked.
 */
export function configReference(): Map<string, string> {
  const root = z.toJSONSchema(Config, { io: 'input', unrepresentable: 'any', target: 'draft-07' }) as SchemaNode;
  const tables = new Map<string, string>();
  for (const [path, prefix] of SECTIONS) {
    const section = path.reduce<SchemaNode>((node, key) => node.properties?.[key] ?? {}, root);
    const rows = rowsOf(section, prefix);
    const table = ['| key | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
    tables.set(path.join('.'), `${table}${openhandsOnlyNote(section, path[0])}`);
  }
  return tables;
}

/** OpenHands' own keys of a section, listed after its table with the releases that have them. */
function openhandsOnlyNote(node: SchemaNode, table: string): string {
  const keys = Object.entries(node.properties ?? {}).filter(([, child]) => child[OPENHANDS_ONLY]).map(([key]) => key);
  if (keys.length === 0 || (table !== 'core' && table !== 'sandbox')) return '';
  const described = keys.map((key) => {
    const { since, until } = keyLifetime(table, key) ?? {};
    return `\`${key}\`${since ? ` (${since}+)` : until ? ` (before ${until})` : ''}`;
  });
  const rule = table === 'sandbox'
    ? 'any other key is an error, as in OpenHands'
    : 'another key is an error when it looks like a key read here or belongs in another table, else a warning, as OpenHands ignores it';
  return `\n\nOpenHands' own [${table}] keys, not read here, are accepted in the releases that have them (${rule}): ${described.join(', ')}.`;
}

function rowsOf(node: SchemaNode, prefix: string): string[] {
  return Object.entries(node.properties ?? {}).filter(([, child]) => !child[OPENHANDS_ONLY]).flatMap(([key, child]) => {
    if (child.type === 'object' && child.properties) return rowsOf(child, `${prefix}${key}.`);
    const required = node.required?.includes(key) && child.default === undefined;
    const fallback = child['x-default'] ?? (required ? '**required**' : child.default === undefined ? 'unset' : `\`${toml(child.default)}\``);
    return [`| \`${prefix}${key}\` | ${typeOf(child)} | ${fallback} | ${escape(child.description ?? '')} |`];
  });
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items?.type ?? 'value'}s`;
  if (node.type === 'object') {
    const values = typeof node.additionalProperties === 'object' ? node.additionalProperties.type : undefined;
    return values ? `table of ${values}s` : 'table';
  }
  return node.type ?? 'any';
}

/** A default as it would be written in config.toml. */
function toml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toml).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)} = ${toml(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** Markdown table cells: pipes would split the cell and `<name>` would vanish as an HTML tag. */
function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/**
 * Replaces the text between `<!-- begin NAME -->` and `<!-- end NAME -->` markers in a document.
 * @throws Error when the markers are missing.
 */
export function replaceBetweenMarkers(document: string, name: string, content: string): string {
  const begin = `<!-- begin ${name} -->\n`;
  const end = `<!-- end ${name} -->`;
  const start = document.indexOf(begin);
  const stop = document.indexOf(end, start);
  if (start < 0 || stop < 0) throw new Error(`markers for "${name}" not found`);
  return `${document.slice(0, start + begin.length)}${content}\n${document.slice(stop)}`;
}
