/**
 * A small, safe reader of the Python dict literals OpenHands' `ast.literal_eval` accepts for
 * `SANDBOX_RUNTIME_STARTUP_ENV_VARS`: a dict of quoted strings such as `{'A': '1', "B": "x"}`.
 * Anything else is refused with what OpenHands would do with it.
 */

/** A dict of strings, or why the text is refused. */
export type DictLiteralResult = { readonly value: Record<string, string> } | { readonly error: string };

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };
const SYNTAX = 'OpenHands fails to start (ast.literal_eval raises SyntaxError, which it does not catch)';
const MALFORMED = 'OpenHands logs "Error setting env var" and ignores the variable (ast.literal_eval: malformed node or string)';

class Refused extends Error {}

/** Parses a Python dict literal of strings; leading spaces and tabs are ignored, as literal_eval does. */
export function parseDictLiteral(text: string): DictLiteralResult {
  let pos = 0;
  const src = text.replace(/^[ \t]+/, '');
  const fail = (message: string): never => { throw new Refused(message); };
  const skip = () => {
    for (;;) {
      if (/[ \t\n\r\f]/.test(src[pos] ?? '')) pos += 1;
      else if (src.startsWith('\\\n', pos)) pos += 2;
      else if (src[pos] === '#') while (pos < src.length && src[pos] !== '\n') pos += 1;
      else return;
    }
  };
  const word = () => /^[A-Za-z_0-9.+\-]+/.exec(src.slice(pos))?.[0];

  const readString = (): string => {
    const prefix = /^[rRuUbBfF]{0,2}/.exec(src.slice(pos))![0];
    // Python 3's string prefixes: r, u, b, f and the pairs br, rb, fr, rf in any case; "ur" and the like are Python 2 only.
    if (!/^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])?$/.test(prefix)) fail(`has a string with the prefix ${prefix}, which Python 3 does not accept: ${SYNTAX}`);
    if (/[bB]/.test(prefix)) fail(`contains a bytes literal (${prefix}...): values and names must be str, and OpenHands would pass bytes to the pod`);
    if (/[fF]/.test(prefix)) fail(`contains an f-string, which is not a literal: ${MALFORMED}`);
    pos += prefix.length;
    const raw = /[rR]/.test(prefix);
    const quote = src[pos];
    if (src.startsWith(quote.repeat(3), pos)) fail('contains a triple-quoted string: write each value in single or double quotes');
    pos += 1;
    let out = '';
    for (;;) {
      const ch = src[pos];
      if (ch === undefined || ch === '\n') fail(`has an unterminated string: ${SYNTAX}`);
      pos += 1;
      if (ch === quote) return out;
      if (ch !== '\\') { out += ch; continue; }
      const next = src[pos];
      if (next === undefined) fail(`has an unterminated string: ${SYNTAX}`);
      if (raw) { out += `\\${next}`; pos += 1; continue; }
      pos += 1;
      if (next in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[next]; continue; }
      const hex = { x: 2, u: 4, U: 8 }[next];
      if (hex !== undefined) {
        const digits = src.slice(pos, pos + hex);
        if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) fail(`has a truncated \\${next} escape: ${SYNTAX}`);
        const code = parseInt(digits, 16);
        if (code > 0x10ffff) fail(`has an escape beyond U+10FFFF: ${SYNTAX}`);
        // Python keeps \ud83d\ude00 as two lone surrogates, never one character: no valid text has them.
        if (code >= 0xd800 && code <= 0xdfff) fail(`has the escape \\${next}${digits}, a lone surrogate and not a Unicode character: the pod's environment could not be encoded as UTF-8 (kubectl would refuse the whole file); write the character itself`);
        out += String.fromCodePoint(code);
        pos += hex;
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(src.slice(pos - 1))?.[0];
      if (octal) { out += String.fromCodePoint(parseInt(octal, 8)); pos += octal.length - 1; continue; }
      if (next === 'N') fail('uses a \\N{...} escape, which this reader does not support: write the character itself');
      out += `\\${next}`; // Python keeps unknown escapes as they are
    }
  };
  const readStrings = (): string => {
    let value = readString();
    for (skip(); /^[rRuU]?["']/.test(src.slice(pos)); skip()) value += readString(); // 'a' 'b' is 'ab'
    return value;
  };
  const isString = () => /^[rRuUbBfF]{0,2}["']/.test(src.slice(pos));
  const readValue = (what: string): string => {
    if (isString()) return readStrings();
    const token = word();
    if (token && /^(True|False|None|[+\-]?[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9]+)?j?)$/.test(token)) {
      fail(`has the ${what} ${token}, which is not a string: quote it ('${token}'); OpenHands would pass a non-string to the pod and the API server would reject it`);
    }
    if (token) fail(`has the bare name ${token}, not a quoted string (JSON true/false/null are not Python): ${MALFORMED}`);
    if (src[pos] === undefined) fail(`ends too early: ${SYNTAX}`);
    return fail(`has "${src[pos]}" where a quoted ${what} should be: write a dict of quoted strings like {'NAME': 'value'}`);
  };

  try {
    skip();
    if (src[pos] !== '{') {
      if (src[pos] === '[' || src[pos] === '(') fail('is a list or tuple, not a dict: OpenHands would fail to build the pod (.items() on a list); write {\'NAME\': \'value\'}');
      if (/^[A-Za-z_][A-Za-z_0-9]*\s*$/.test(src.slice(pos))) fail(`is a bare name, not a dict: ${MALFORMED}`);
      fail('is not a Python dict literal: write {\'NAME\': \'value\'} (OpenHands either fails to start with a SyntaxError or ignores the variable)');
    }
    pos += 1;
    const entries = new Map<string, string>();
    for (skip(); src[pos] !== '}'; skip()) {
      const key = readValue('key');
      skip();
      if (src[pos] !== ':') fail(src[pos] === ',' || src[pos] === '}' ? 'is a set, not a dict: write {\'NAME\': \'value\'}' : `misses the ":" after '${key}': ${SYNTAX}`);
      pos += 1;
      skip();
      entries.set(key, readValue('value')); // a repeated key keeps its first place and takes the last value, as in Python
      skip();
      if (src[pos] === ',') { pos += 1; continue; }
      if (src[pos] !== '}') {
        if (src[pos] === undefined) fail(`is not closed with "}": ${SYNTAX}`);
        fail(`has "${src[pos]}" where "," or "}" should be: ${/[-+*/%@&|^<>]/.test(src[pos]) ? 'an expression, not a literal' : 'a syntax error'}; OpenHands fails to start or ignores the variable`);
      }
    }
    pos += 1;
    skip();
    if (pos < src.length) fail(`has text after the closing "}": ${SYNTAX}`);
    return { value: Object.fromEntries(entries) };
  } catch (error) {
    if (error instanceof Refused) return { error: error.message };
    throw error;
  }
}
