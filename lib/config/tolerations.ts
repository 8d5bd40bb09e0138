import { parseDocument } from 'yaml';
import { checkLabelKey, checkLabelValue } from '../kube/names';

/** A toleration as the Kubernetes API names its fields. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

/** The outcome of reading `tolerations_yaml`: the tolerations, or every problem found in it. */
export interface TolerationsResult {
  readonly tolerations: Toleration[];
  readonly problems: string[];
}

const STRING_KEYS = ['key', 'operator', 'value', 'effect'] as const;
const ALLOWED_KEYS = new Set<string>([...STRING_KEYS, 'toleration_seconds']);
const CAMEL_CASE: Record<string, string> = { tolerationSeconds: 'toleration_seconds' };
const OPERATORS = ['Equal', 'Exists'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * Reads `kubernetes.tolerations_yaml` the way OpenHands does (a YAML 1.1 list whose items use the
 * Python client's snake_case names) and applies the API server's toleration rules to each item.
 * Blank text is no tolerations, as in OpenHands.
 */
export function parseTolerations(text: string | undefined): TolerationsResult {
  // Unset, "" and whitespace mean "no tolerations" to OpenHands.
  if (text === undefined || text.trim() === '') return { tolerations: [], problems: [] };
  // YAML 1.1, as OpenHands' PyYAML reads it, so `yes`/`on` are booleans here too.
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const where = error.linePos ? ` at line ${error.linePos[0].line} of the YAML` : '';
    return { tolerations: [], problems: [`is not valid YAML${where}: ${error.message.split('\n')[0]}`] };
  }
  let items: unknown;
  try {
    items = doc.toJS();
  } catch (error) {
    // Unresolved aliases (`*name` with no `&name`) only surface when the document is converted.
    return { tolerations: [], problems: [`is not valid YAML: ${(error as Error).message}`] };
  }
  if (!Array.isArray(items)) {
    return { tolerations: [], problems: ['must be a YAML list of tolerations, like "- key: gpu\\n  operator: Exists"'] };
  }
  const problems: string[] = [];
  const tolerations = items.map((item, index) => readItem(item, (message) => problems.push(`item ${index + 1}: ${message}`)));
  return { tolerations, problems };
}

function readItem(item: unknown, report: (message: string) => void): Toleration {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    report('must be a map with key, operator, value, effect and toleration_seconds');
    return {};
  }
  const fields = item as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (ALLOWED_KEYS.has(name)) continue;
    const hint = CAMEL_CASE[name] ? ` (write ${CAMEL_CASE[name]}: OpenHands passes items to the Python client, which uses snake_case)` : '';
    report(`unknown field "${name}"${hint}; valid fields are key, operator, value, effect, toleration_seconds`);
  }
  const strings: Partial<Record<(typeof STRING_KEYS)[number], string>> = {};
  for (const name of STRING_KEYS) {
    const value = fields[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      report(`${name} must be a string, got ${JSON.stringify(value)} (quote it: ${name}: "${String(value)}")`);
      continue;
    }
    strings[name] = value;
  }
  const seconds = fields.toleration_seconds;
  const { key = '', operator = '', value = '', effect = '' } = strings;
  if (operator !== '' && !OPERATORS.includes(operator)) report(`operator "${operator}" must be Equal or Exists`);
  if (key !== '') {
    const problem = checkLabelKey(key);
    if (problem) report(`key "${key}" ${problem}`);
  } else if (operator !== 'Exists') {
    report('an empty key requires operator: Exists (to tolerate every taint)');
  }
  if (operator === 'Exists' && value !== '') report(`value "${value}" must be empty when operator is Exists`);
  if (operator !== 'Exists' && value !== '') {
    const problem = checkLabelValue(value);
    if (problem) report(`value "${value}" ${problem}`);
  }
  if (effect !== '' && !EFFECTS.includes(effect)) report(`effect "${effect}" must be one of ${EFFECTS.join(', ')} (or empty for all)`);
  if (seconds !== undefined && seconds !== null) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
      report(`toleration_seconds must be a whole number of seconds, got ${typeof seconds === 'number' ? String(seconds) : JSON.stringify(seconds)}`);
    } else if (!Number.isSafeInteger(seconds)) {
      report(`toleration_seconds ${seconds} is out of range: Kubernetes stores an int64, and beyond ±${Number.MAX_SAFE_INTEGER} the value is not exact`);
    } else if (effect !== 'NoExecute') {
      report('toleration_seconds is only allowed with effect: NoExecute');
    }
  }
  return {
    ...(strings.key !== undefined && { key: strings.key }),
    ...(strings.operator !== undefined && { operator: strings.operator }),
    ...(strings.value !== undefined && { value: strings.value }),
    ...(strings.effect !== undefined && { effect: strings.effect }),
    ...(typeof seconds === 'number' && { tolerationSeconds: seconds }),
  };
}
