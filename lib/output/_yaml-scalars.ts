/**
 * Which strings a YAML reader could take for something other than the same string when written
 * as plain scalars: js-yaml's own plain-scalar rules, plus every reader Kubernetes users meet
 * (YAML 1.2 core, YAML 1.1 as PyYAML and the yaml package read it, go-yaml v2/v3 behind
 * sigs.k8s.io/yaml, kubectl and kustomize). Private to the YAML writer.
 */
// ---------------------------------------------------------------------------------------------
// Character classes, as in js-yaml's dumper.

const CHAR_TAB = 0x09;
export const CHAR_LINE_FEED = 0x0a;
export const CHAR_SPACE = 0x20;
export const CHAR_SHARP = 0x23;
export const CHAR_COLON = 0x3a;
const CHAR_BOM = 0xfeff;

export function isPrintable(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa1 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029) ||
    (c >= 0xe000 && c <= 0xfffd && c !== CHAR_BOM) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

export function isWhitespace(c: number): boolean {
  return c === CHAR_SPACE || c === CHAR_TAB;
}

/** isPrintable(c) && c is no BOM, CR or LF. */
function isNsCharOrWhitespace(c: number): boolean {
  return isPrintable(c) && c !== CHAR_BOM && c !== 0x0d && c !== CHAR_LINE_FEED;
}

/** js-yaml's isPlainSafe in block context (all scalars this emitter writes are in block context). */
export function isPlainSafeBlock(c: number, prev: number): boolean {
  const cIsNsCharOrWhitespace = isNsCharOrWhitespace(c);
  const cIsNsChar = cIsNsCharOrWhitespace && !isWhitespace(c);
  return (
    (cIsNsCharOrWhitespace && c !== CHAR_SHARP && !(prev === CHAR_COLON && !cIsNsChar)) ||
    (isNsCharOrWhitespace(prev) && !isWhitespace(prev) && c === CHAR_SHARP) ||
    (prev === CHAR_COLON && cIsNsChar)
  );
}

// "-?:,[]{}#&*!|=>'\"%@`" and whitespace may not start a plain scalar (js-yaml's simplified rule).
const NOT_FIRST = new Uint8Array(128);
for (const ch of "-?:,[]{}#&*!|=>'\"%@` \t") NOT_FIRST[ch.charCodeAt(0)] = 1;

export function isPlainSafeFirst(c: number): boolean {
  if (c < 0x80) return c >= 0x20 && c <= 0x7e && NOT_FIRST[c] === 0;
  return isPrintable(c) && c !== CHAR_BOM;
}

export function codePointAt(s: string, pos: number): number {
  const first = s.charCodeAt(pos);
  if (first >= 0xd800 && first <= 0xdbff && pos + 1 < s.length) {
    const second = s.charCodeAt(pos + 1);
    if (second >= 0xdc00 && second <= 0xdfff) return (first - 0xd800) * 0x400 + second - 0xdc00 + 0x10000;
  }
  return first;
}

// ---------------------------------------------------------------------------------------------
// Type resolution: which plain scalars some reader takes for something other than a string.

/** Exact words: booleans (1.1 and 1.2), nulls, the merge key. */
const KEYWORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF',
  'null', 'Null', 'NULL', '~', '<<', '=',
]);

/**
 * First characters after which a resolver may match: digits, sign, dot (numbers, timestamps), and
 * "e"/"E" (yaml@2's YAML 1.1 float rule makes the mantissa optional: `E0`, `e5` are floats there).
 */
const NUMERIC_FIRST = new Uint8Array(128);
for (const ch of '0123456789+-.eE') NUMERIC_FIRST[ch.charCodeAt(0)] = 1;
/** First characters of KEYWORDS. */
const KEYWORD_FIRST = new Uint8Array(128);
for (const w of KEYWORDS) KEYWORD_FIRST[w.charCodeAt(0)] = 1;

/**
 * Each pattern is one reader's implicit rule for a non-string type. A string matching any of them
 * is quoted (a match that then fails to construct, e.g. PyYAML on `2001-13-45`, is an error there).
 */
const NUMERIC_PATTERNS: readonly RegExp[] = [
  // YAML 1.1 ints (PyYAML, yaml@2 version 1.1): 0b, 0x, octal and decimal with underscores.
  /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/,
  // YAML 1.2 / js-yaml ints: 0o octal.
  /^[-+]?0o[0-7]+$/,
  // YAML 1.1 sexagesimal ints and floats (PyYAML, yaml@2), and js-yaml's wider compat rule.
  /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/,
  // YAML 1.1 floats as yaml@2 reads them (exponent without a dot; a lone "." is NaN there).
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  // YAML 1.1 floats as PyYAML reads them.
  /^[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?$/,
  /^\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?$/,
  // YAML 1.2 core floats (js-yaml, yaml@2), regardless of range (1e400 is Infinity in yaml@2).
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  // go-yaml: a leading "." goes to strconv.ParseFloat, which takes underscores between digits.
  /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/,
  // Timestamps: YAML 1.1 / PyYAML / js-yaml / yaml@2 (1- or 2-digit month and day) and go-yaml's
  // time.Parse layouts (1- or 2-digit clock fields, "," as fraction separator).
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
];

/** go-yaml v2/v3 (sigs.k8s.io/yaml) on a string starting with a digit or a sign, "_" removed first. */
const GO_PATTERNS: readonly RegExp[] = [
  // strconv.ParseInt/ParseUint(s, 0, 64) and big.Int.SetString(s, 0): 0x 0X 0b 0B 0o 0O, octal, decimal.
  /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)$/,
  // yamlStyleFloat, then strconv.ParseFloat.
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  // The "0b" (v2, v3) and "0o" (v3) fallbacks: strconv.ParseInt(rest, 2|8, 64) takes a sign.
  /^0b[-+]?[01]+$/,
  /^0o[-+]?[0-7]+$/,
];

export function isAmbiguousType(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c >= 0x80) return false;
  if (KEYWORD_FIRST[c] === 1 && s.length <= 5 && KEYWORDS.has(s)) return true;
  if (NUMERIC_FIRST[c] === 0) return false;
  for (const re of NUMERIC_PATTERNS) if (re.test(s)) return true;
  if (c !== 0x2e /* . */) {
    const plain = s.indexOf('_') === -1 ? s : s.replace(/_/g, '');
    for (const re of GO_PATTERNS) if (re.test(plain)) return true;
  }
  return false;
}

/** True if s, written as a plain scalar in block context, would be invalid there. */
function isPlainUnsafe(s: string): boolean {
  const length = s.length;
  if (length === 0) return true;
  const last = codePointAt(s, length - 1);
  if (!isPlainSafeFirst(codePointAt(s, 0)) || isWhitespace(last) || last === CHAR_COLON) return true;
  let prev = -1;
  for (let i = 0; i < length; ) {
    const c = codePointAt(s, i);
    if (!isPrintable(c) || !isPlainSafeBlock(c, prev)) return true;
    prev = c;
    i += c >= 0x10000 ? 2 : 1;
  }
  return false;
}

/** A document end marker ("..." then a blank or the end) at column 0 ends the document. */
export function isDocumentEnd(s: string): boolean {
  return s.charCodeAt(0) === 0x2e && /^\.\.\.(?:[ \t]|$)/.test(s);
}

/**
 * True when the plain scalar `s` would be read back as anything but the string `s` by a YAML 1.2
 * core reader (js-yaml, yaml@2), a YAML 1.1 reader (yaml@2 version 1.1, PyYAML) or go-yaml v2/v3
 * (Kubernetes), or would not be a valid plain scalar in block context (not at column 0: there a
 * string starting with "... " or equal to "..." also needs quotes, which toYaml adds).
 */
export function needsQuoting(s: string): boolean {
  return isPlainUnsafe(s) || isAmbiguousType(s);
}

