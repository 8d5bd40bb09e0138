/**
 * Strings that are not Unicode text: a lone UTF-16 surrogate (from `\ud800` in a Python literal, or
 * a string handed to the API) cannot be written as UTF-8, so kubectl would refuse the whole output
 * file. Found by a walk without recursion, keys and values alike.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (text: string) => !LONE_SURROGATE.test(text);

/** The key path of each string (or key) in `data` that holds a lone surrogate, and that string. */
export function illFormedStrings(data: unknown): Array<{ readonly path: Array<string | number>; readonly value: string }> {
  const found: Array<{ path: Array<string | number>; value: string }> = [];
  const pending: Array<{ node: unknown; path: Array<string | number> }> = [{ node: data, path: [] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (typeof node === 'string') {
      if (!isWellFormed(node)) found.push({ path, value: node });
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => pending.push({ node: item, path: [...path, index] }));
    } else if (node !== null && typeof node === 'object' && !(node instanceof Date)) {
      for (const [key, value] of Object.entries(node)) {
        if (!isWellFormed(key)) found.push({ path: [...path, key], value: key });
        pending.push({ node: value, path: [...path, key] });
      }
    }
  }
  return found.reverse();
}

/** A string with its lone surrogates shown as `\udXXX` escapes, to name them in a message. */
export function showSurrogates(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, 'g'), (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}
