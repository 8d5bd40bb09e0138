import { yamlDepthProblem } from './yaml-depth';
import { Document, isMap, isScalar, isSeq, parseDocument, ParseOptions, DocumentOptions, SchemaOptions, visit } from 'yaml';

/**
 * PyYAML 6.0.2 `yaml.safe_load`, as OpenHands reads `tolerations_yaml`, reproduced with the
 * `yaml` package: YAML 1.1 with PyYAML's own implicit resolvers (so `y`, `1e3`, `08` and `0o17`
 * are strings, `017` is octal 15, `1:30` is 90), merge keys, last-wins duplicate keys, a
 * leading BOM dropped, and unknown tags an error as in PyYAML.
 */

const T = (name: string) => `tag:yaml.org,2002:${name}`;
const TRUE_RE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE_RE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const FLOAT_RE = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const TIMESTAMP_RE = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
/** Marks PyYAML exceptions that are not `yaml.YAMLError` (ValueError, KeyError), which OpenHands does not catch. */
const CRASH = 'PyYAML raises a ValueError: ';
const crash = (message: string): never => { throw new Error(`${CRASH}${message}`); };

function constructInt(text: string): number {
  let digits = text.replace(/_/g, '');
  const sign = digits.startsWith('-') ? -1 : 1;
  if ('+-'.includes(digits[0])) digits = digits.slice(1);
  const base = (body: string, radix: number) => (body === '' ? crash(`invalid literal for int() with base ${radix}: ''`) : sign * parseInt(body, radix));
  if (digits === '0') return 0;
  if (digits.startsWith('0b')) return base(digits.slice(2), 2);
  if (digits.startsWith('0x')) return base(digits.slice(2), 16);
  if (digits.startsWith('0')) return base(digits, 8);
  if (digits.includes(':')) return sign * digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return sign * Number(digits);
}

function constructFloat(text: string): number {
  let digits = text.replace(/_/g, '').toLowerCase();
  const sign = digits.startsWith('-') ? -1 : 1;
  if ('+-'.includes(digits[0])) digits = digits.slice(1);
  if (digits === '.inf') return sign * Infinity;
  if (digits === '.nan') return NaN;
  if (digits.includes(':')) return sign * digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return sign * Number(digits);
}

const BOOLS: Record<string, boolean> = { yes: true, no: false, true: true, false: false, on: true, off: false };
const PY_TAGS = [
  { tag: T('bool'), default: true, test: new RegExp(`${TRUE_RE.source}|${FALSE_RE.source}`), resolve: (s: string) => BOOLS[s.toLowerCase()] ?? crash(`KeyError: '${s.toLowerCase()}'`) },
  { tag: T('float'), default: true, test: FLOAT_RE, format: 'PYFLOAT', resolve: constructFloat },
  { tag: T('int'), default: true, test: INT_RE, resolve: (s: string) => (/^[-+]?[0-9]/.test(s) ? constructInt(s) : crash(`invalid literal for int(): '${s}'`)) },
  { tag: T('str'), default: 'key' as const, test: /^=$/, resolve: (s: string) => s },
  { tag: T('value'), default: true, test: /^=$/, resolve: (): never => { throw new Error('could not determine a constructor for the tag tag:yaml.org,2002:value'); } },
  // `<<` is a merge key only in key position; as a value PyYAML has no constructor for it.
  { tag: T('merge'), default: true, test: /^<<$/, resolve: (): never => { throw new Error('could not determine a constructor for the tag tag:yaml.org,2002:merge'); } },
  { tag: T('null'), default: true, test: NULL_RE, resolve: () => null },
  { tag: T('timestamp'), default: true, test: TIMESTAMP_RE, format: 'PYTIMESTAMP', resolve: (s: string) => {
    const [y, m, d] = (/^(\d{4})-(\d\d?)-(\d\d?)/.exec(s) ?? []).slice(1).map(Number);
    return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate() ? `(date ${s})` : crash(`invalid date '${s}'`);
  } },
];
const EXPLICIT_TAGS = [
  { tag: T('str'), resolve: (s: string) => s },
  ...PY_TAGS.filter(({ tag }) => [T('bool'), T('float'), T('int'), T('null')].includes(tag)).map(({ tag, resolve, format }) => ({ tag, resolve, format })),
];

/** Options that make `parseDocument` read as PyYAML's SafeLoader. */
export const PYYAML_SAFE_LOAD_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: 'yaml-1.1',
  customTags: (tags) => [
    ...tags.filter((tag) => (typeof tag === 'object' && 'collection' in tag && tag.collection) || [T('merge'), T('binary')].includes((tag as { tag: string }).tag)),
    ...PY_TAGS,
    ...EXPLICIT_TAGS,
  ] as never,
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
};

/** `yaml.safe_load`'s outcome: the value, a `yaml.YAMLError`, or another exception. */
export type SafeLoadResult =
  | { readonly value: unknown; readonly doc: Document }
  | { readonly yamlError: string }
  | { readonly crash: string };

/** Loads YAML text as PyYAML's `safe_load` does. */
export function pySafeLoad(text: string): SafeLoadResult {
  const src = text.replace(/^\uFEFF/, '');
  if (/[\u0085\u2028\u2029]/.test(src)) return { yamlError: 'contains NEL, LS or PS characters, which PyYAML reads as line breaks' };
  // PyYAML raises RecursionError far earlier; the yaml package could abort the process.
  const deep = yamlDepthProblem(src);
  if (deep) return { crash: `RecursionError: the YAML ${deep.message} at line ${deep.line}` };
  const doc = parseDocument(src, PYYAML_SAFE_LOAD_OPTIONS);
  const crashed = doc.errors.find((error) => error.message.includes(CRASH));
  if (crashed) return { crash: crashed.message.split(CRASH)[1].split('\n')[0] };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const where = error.linePos ? ` at line ${error.linePos[0].line} of the YAML` : '';
    return { yamlError: `${error.message.split('\n')[0]}${where}` };
  }
  const unresolved = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unresolved) return { yamlError: `${unresolved.message.split('\n')[0]} (PyYAML's safe_load knows no such tag)` };
  const directive = doc.directives?.yaml as { explicit?: boolean; version?: string } | undefined;
  if (directive?.explicit && directive.version !== '1.1') return { yamlError: `%YAML ${directive.version}: remove the directive (PyYAML reads YAML 1.1 whatever it says)` };
  let unhashable = false;
  visit(doc, { Pair(_, pair) { if (isMap(pair.key) || isSeq(pair.key)) unhashable = true; } });
  if (unhashable) return { yamlError: 'found unhashable key (a list or map used as a key)' };
  try {
    return { value: doc.toJS({ maxAliasCount: -1 }), doc };
  } catch (error) {
    return { yamlError: (error as Error).message.split('\n')[0] };
  }
}

/** Whether a scalar node was resolved as a PyYAML float (so `1.0` is not taken for the int 1). */
export function isFloatNode(node: unknown): boolean {
  return isScalar(node) && node.format === 'PYFLOAT';
}

/** Keys a mapping repeats (PyYAML keeps the last silently), with the 1-based index of the sequence item they sit in. */
export function repeatedKeys(doc: Document): string[] {
  const repeated: string[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (key === undefined || key === '<<') continue;
        if (seen.has(key)) repeated.push(String(key));
        seen.add(key);
      }
    },
  });
  return repeated;
}
