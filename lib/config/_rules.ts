import { z } from 'zod';
import { checkLabelKey, checkLabelValue, JSON_SCHEMA_PATTERNS as P } from '../kube/names';
import { checkQuantity, QuantityKind, quantityPattern } from '../kube/quantity';
import { SELECTOR_LABEL_KEYS } from '../openhands/runtime-names';

/** A string check that returns a problem sentence, or `undefined` when the value is valid. */
export type Check = (value: string) => string | undefined;

/** Turns a problem-sentence check into a zod refinement. */
export const rule = (check: Check) => (value: string, ctx: z.RefinementCtx) => {
  const problem = check(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
};

/** Empty strings keep OpenHands' meaning of "unset" for these keys, so they are not checked. */
export const unlessEmpty = (check: Check): Check => (value) => (value === '' ? undefined : check(value));

/** A quantity check for one kind of resource. */
export const quantity = (kind: QuantityKind): Check => (value) => checkQuantity(value, kind);

/** A quantity key: the CLI's check, and the same rule as the JSON Schema's pattern (so an editor refuses `512m` too). */
export const quantityString = (kind: QuantityKind) => z.string().superRefine(rule(quantity(kind))).meta({ pattern: quantityPattern(kind) });

/**
 * A table whose keys the user chooses (env var names, labels, annotations). Unlike `z.record`,
 * which skips a `__proto__` key, every key is kept, in order, in a prototype-free object, so
 * `__proto__` (a valid env var name) survives and `constructor` or `toString` read as themselves.
 */
export function userRecord<V extends z.ZodType>(
  key: z.ZodType<string>,
  value: V,
  check?: (record: Record<string, z.output<V>>, ctx: z.RefinementCtx) => void,
): z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>> {
  const schema = z.unknown().transform((input, ctx) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || input instanceof Date) {
      ctx.addIssue({ code: 'invalid_type', expected: 'record', input, message: 'Invalid input: expected record' });
      return z.NEVER;
    }
    // An ordinary object (cdk8s refuses prototype-free maps), with every key an own property.
    const result: Record<string, z.output<V>> = {};
    for (const name of Object.keys(input)) {
      const item = (input as Record<string, unknown>)[name];
      const keyResult = key.safeParse(name);
      if (!keyResult.success) ctx.addIssue({ code: 'invalid_key', origin: 'record', issues: keyResult.error.issues, input: name, path: [name], message: 'Invalid key in record' });
      const valueResult = value.safeParse(item);
      if (!valueResult.success) for (const issue of valueResult.error.issues) ctx.addIssue({ ...issue, path: [name, ...issue.path] } as never);
      else Object.defineProperty(result, name, { value: valueResult.data, enumerable: true, writable: true, configurable: true });
    }
    check?.(result, ctx);
    return result;
  });
  // In the JSON Schema it is the record it checks (a transform alone would be "anything").
  const { $schema: _draft, ...record } = z.toJSONSchema(z.record(key, value), { io: 'input', unrepresentable: 'any', target: 'draft-07' });
  (schema._zod as { toJSONSchema?: () => object }).toJSONSchema = () => record;
  return schema as unknown as z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>>;
}

/** A label (or annotation) key. */
export const labelKey = z.string().superRefine(rule(checkLabelKey)).meta({ pattern: P.labelKey, maxLength: 317 });
const labelValue = z.string().superRefine(rule(checkLabelValue)).meta({ pattern: P.labelValue, maxLength: 63 });

/** A map of Kubernetes labels. */
export const labelMap = userRecord(labelKey, labelValue);

/** Extra labels of generated objects: any labels but the selector labels OpenHands' Services rely on. */
export const extraLabels = userRecord(labelKey, labelValue, (labels, ctx) => {
  for (const key of Object.keys(labels).filter((name) => SELECTOR_LABEL_KEYS.includes(name))) {
    ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is a selector label the Services rely on and cannot be overridden`, input: labels[key] });
  }
});
