import { isMap, isScalar, isSeq } from 'yaml';
import { checkLabelKey, checkLabelValue } from '../kube/names';
import { isFloatNode, pySafeLoad, repeatedKeys } from './pyyaml';
import { Toleration, TolerationsResult } from './tolerations';

const STRING_KEYS = ['key', 'operator', 'value', 'effect'] as const;
const ALLOWED_KEYS = new Set<string>([...STRING_KEYS, 'toleration_seconds']);
const CAMEL_CASE: Record<string, string> = { tolerationSeconds: 'toleration_seconds' };
const OPERATORS = ['Equal', 'Exists'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Reads non-blank `tolerations_yaml` text: see `parseTolerations`. */
export function readTolerations(text: string): TolerationsResult {
  // PyYAML's safe_load, exactly: `y`, `1e3` and `08` are strings, unknown tags are errors.
  const loaded = pySafeLoad(text);
  if ('yamlError' in loaded) {
    return { tolerations: [], problems: [`is not valid YAML for PyYAML: ${loaded.yamlError} (OpenHands would log it and drop every toleration)`] };
  }
  if ('crash' in loaded) {
    return { tolerations: [], problems: [`makes PyYAML raise an error OpenHands does not catch (${loaded.crash}): every conversation would fail to start`] };
  }
  const items = loaded.value;
  const repeated = repeatedKeys(loaded.doc);
  if (repeated.length > 0) {
    return { tolerations: [], problems: [`repeats the key "${repeated[0]}" in one map: PyYAML silently keeps the last one; write it once`] };
  }
  if (!Array.isArray(items)) {
    return { tolerations: [], problems: ['must be a YAML list of tolerations, like "- key: gpu\\n  operator: Exists"'] };
  }
  const problems: string[] = [];
  const nodes = isSeq(loaded.doc.contents) ? loaded.doc.contents.items : [];
  const tolerations = items.map((item, index) => {
    const node = nodes[index];
    const seconds = isMap(node) ? node.get('toleration_seconds', true) : undefined;
    const report = (message: string) => problems.push(`item ${index + 1}: ${message}`);
    if (isFloatNode(seconds) && Number.isInteger(item.toleration_seconds)) report(`toleration_seconds is the float ${String(item.toleration_seconds)} for PyYAML (OpenHands would send ${Number.isInteger(item.toleration_seconds) ? `${item.toleration_seconds}.0` : item.toleration_seconds}, which the API server's int64 field rejects): write a whole number without a dot`);
    return readItem(item, report, (name) => {
      const scalar = isMap(node) ? node.get(name, true) : undefined;
      return isScalar(scalar) && typeof scalar.source === 'string' ? scalar.source : undefined;
    });
  });
  return { tolerations, problems };
}

/** `written(name)`: the field's value as the YAML text wrote it, for hints that quote it back. */
function readItem(item: unknown, report: (message: string) => void, written: (name: string) => string | undefined): Toleration {
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
      const hint = typeof value === 'object' ? '' : ` (quote it: ${name}: "${written(name) ?? String(value)}")`;
      report(`${name} must be a string, got ${JSON.stringify(value)}${hint}`);
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
    if (typeof seconds === 'number' && Number.isInteger(seconds) && !Number.isSafeInteger(seconds)) {
      report(`toleration_seconds is beyond ${Number.MAX_SAFE_INTEGER} (about 285 million years), past which it cannot be kept exact: use a smaller number`);
    } else if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds)) {
      report(`toleration_seconds must be a whole number of seconds, got ${JSON.stringify(seconds)}`);
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
