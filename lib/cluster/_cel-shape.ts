import { celString as lit, celStrings, NamedExpression, Validation } from './_admission-types';

/**
 * Builds the CEL of allow-list admission rules: "this value is exactly that shape". Admission
 * policies see `object` as a dynamic value (maps and lists, as the API server decoded the request),
 * so a shape is checked key by key: no key beyond the shape's, every key of the shape, equal values.
 */

/** A CEL expression spliced into a shape as-is, for values known only at admission (the session id). */
export class Cel {
  constructor(public readonly expression: string) {}
}

/** A map member API defaulting fills in: absent, or equal to its default. */
export class Defaulted {
  constructor(public readonly value: string | number) {}
}

/** A JSON-like value whose leaves may be {@link Cel} expressions or {@link Defaulted} members. */
export type Shape = string | number | boolean | Cel | Defaulted | readonly Shape[] | { readonly [key: string]: Shape };

/** Member access that works for any key (`m["ephemeral-storage"]`). */
export const member = (expr: string, key: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${expr}.${key}` : `${expr}[${lit(key)}]`);

/** CEL that is true when `expr` is exactly `shape` (same keys, same list lengths, equal leaves). */
export function celEquals(expr: string, shape: Shape): string {
  if (shape instanceof Cel) return `${expr} == ${shape.expression}`;
  if (shape instanceof Defaulted) return celEquals(expr, shape.value);
  if (typeof shape === 'string') return `${expr} == ${lit(shape)}`;
  if (typeof shape === 'number' || typeof shape === 'boolean') return `${expr} == ${String(shape)}`;
  if (Array.isArray(shape)) {
    const items = (shape as readonly Shape[]).map((item, i) => celEquals(`${expr}[${i}]`, item));
    return [`size(${expr}) == ${shape.length}`, ...items].join(' && ');
  }
  const entries = Object.entries(shape as Record<string, Shape>);
  if (entries.length === 0) return `size(${expr}) == 0`;
  const keys = entries.map(([key]) => key);
  const members = entries.map(([key, value]) => (value instanceof Defaulted
    ? `(!(${lit(key)} in ${expr}) || ${celEquals(member(expr, key), value)})`
    : `${lit(key)} in ${expr} && ${celEquals(member(expr, key), value)}`));
  return [`${expr}.all(k, k in ${celStrings(keys)})`, ...members].join(' && ');
}

/** CEL that is true when the map `expr` holds only keys of `allowed`, each with its value, and keys of `anyValue` with any value. */
export function celMapWithin(expr: string, allowed: Record<string, string>, anyValue: readonly string[] = []): string {
  const pairs = Object.entries(allowed);
  const known = pairs.length === 0 ? 'false' : `(k in ${celMap(allowed)} && ${expr}[k] == ${celMap(allowed)}[k])`;
  return `${expr}.all(k, ${anyValue.length > 0 ? `k in ${celStrings(anyValue)} || ` : ''}${known})`;
}

/** A CEL map literal of strings. */
export const celMap = (entries: Record<string, string>): string => `{${Object.entries(entries).map(([key, value]) => `${lit(key)}: ${lit(value)}`).join(', ')}}`;

/** The keys of map `expr` that are not in `allowed`, joined for a message. */
export const celExtraKeys = (expr: string, allowed: readonly string[]): string => `${expr}.filter(k, !(k in ${celStrings(allowed)})).join(", ")`;

/**
 * One rule of an allow-list policy: a named check (a CEL variable), its message naming the rule and
 * the config key that would allow the object, and an optional message built in CEL.
 */
export interface PolicyRule {
  /** A CEL identifier, also the rule's name in every message. */
  readonly name: string;
  /** The check, true when the object is allowed. */
  readonly expression: string;
  /** The fixed message (one line). */
  readonly message: string;
  /**
   * A CEL message saying what was found (one line), prefixed with the rule's name.
   * @default - the fixed message
   */
  readonly messageExpression?: string;
}

/** Variables and validations of a list of rules: `variables.<name>` is each validation's expression. */
export function compileRules(rules: readonly PolicyRule[], helpers: readonly NamedExpression[] = []): { variables: NamedExpression[]; validations: Validation[] } {
  const names = new Set(helpers.map(({ name }) => name));
  for (const { name } of rules) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name) || names.has(name)) throw new Error(`admission rule name ${name} is not a unique CEL identifier`);
    names.add(name);
  }
  return {
    variables: [...helpers, ...rules.map(({ name, expression }) => ({ name, expression }))],
    validations: rules.map(({ name, message, messageExpression }) => ({
      expression: `variables.${name}`,
      message: `${name}: ${message}`,
      ...(messageExpression && { messageExpression: `${lit(`${name}: `)} + ${messageExpression}` }),
    })),
  };
}

/**
 * A rendered value as a shape, with placeholder strings replaced by CEL expressions: the policy
 * reuses the very function that renders our objects (`singleServiceRule(PLACEHOLDER, ...)`).
 */
export function withCel(value: unknown, replacements: Record<string, Cel>): Shape {
  if (typeof value === 'string') return replacements[value] ?? value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => withCel(item, replacements));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, withCel(item, replacements)]));
  }
  throw new Error(`withCel: ${String(value)} is not JSON`);
}
