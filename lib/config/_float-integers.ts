import { parse } from 'smol-toml';
import { z } from 'zod';

/** A JSON Schema node, as far as the walk below needs it. */
interface Node {
  readonly type?: string;
  readonly properties?: Record<string, Node>;
  readonly items?: Node;
}

/**
 * The TOML floats written where the schema means an integer (`user_id = 1000.0`, `max_sessions =
 * 1e1`), with their paths. smol-toml reads `1000.0` as 1000, so the zod schema alone cannot tell;
 * parsed again with integers as BigInt, a float is the only kind of number left. Which keys are
 * integers comes from the schema itself, so a new integer key is covered the day it is added.
 */
export function floatsWhereIntegersAreMeant(text: string, schema: z.ZodType): Array<{ path: Array<string | number>; value: number }> {
  const floats: Array<{ path: Array<string | number>; value: number }> = [];
  // A walk without recursion, in document order.
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value: parse(text, { integersAsBigInt: true }), path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'number') floats.push({ path, value });
    else if (Array.isArray(value)) for (let index = value.length - 1; index >= 0; index--) pending.push({ value: value[index], path: [...path, index] });
    else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const keys = Object.keys(value);
      for (let index = keys.length - 1; index >= 0; index--) pending.push({ value: (value as Record<string, unknown>)[keys[index]], path: [...path, keys[index]] });
    }
  }
  if (floats.length === 0) return [];
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node;
  return floats.filter(({ path }) => path.reduce<Node | undefined>((node, part) => (typeof part === 'number' ? node?.items : node?.properties?.[part]), root)?.type === 'integer');
}
