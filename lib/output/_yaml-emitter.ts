/**
 * A fast YAML emitter for JSON-like data whose output is byte-identical to
 * `jsYaml.dump(value, { noRefs: true, lineWidth: -1, sortKeys: false })` (js-yaml 4.3.2), except that
 * a string js-yaml would leave plain is single-quoted (the way js-yaml quotes any ambiguous
 * string) when `needsQuoting` says some reader would not read it back as that same string:
 * YAML 1.2 core (js-yaml, `yaml`), YAML 1.1 (`yaml` with version 1.1, PyYAML) or go-yaml v2/v3 as
 * used by sigs.k8s.io/yaml, kubectl and kustomize.
 *
 * The emitter is a port of js-yaml's dumper specialised to those options (indent 2, no flow
 * level, no line folding, single quotes preferred, no anchors): only the scalar-style decision
 * differs.
 */

import { isPrintable, codePointAt, CHAR_SPACE, CHAR_LINE_FEED, CHAR_COLON, CHAR_SHARP, isPlainSafeFirst, isPlainSafeBlock, isWhitespace, isAmbiguousType, isDocumentEnd } from './_yaml-scalars';

export { needsQuoting } from './_yaml-scalars';
// ---------------------------------------------------------------------------------------------
// Scalars, as js-yaml's writeScalar with { lineWidth: -1, quotingType: "'", indent: 2 }.

const DEPRECATED_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
const DEPRECATED_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

const ESCAPES: { [c: number]: string } = {
  0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r',
  0x1b: '\\e', 0x22: '\\"', 0x5c: '\\\\', 0x85: '\\N', 0xa0: '\\_', 0x2028: '\\L', 0x2029: '\\P',
};

function escapeDouble(s: string): string {
  let result = '';
  for (let i = 0; i < s.length; ) {
    const c = codePointAt(s, i);
    const escape = ESCAPES[c];
    if (escape === undefined && isPrintable(c)) {
      result += c >= 0x10000 ? s[i] + s[i + 1] : s[i];
    } else if (escape !== undefined) {
      result += escape;
    } else {
      const hex = c.toString(16).toUpperCase();
      result += c <= 0xff ? '\\x' + hex.padStart(2, '0') : c <= 0xffff ? '\\u' + hex.padStart(4, '0') : '\\U' + hex.padStart(8, '0');
    }
    i += c >= 0x10000 ? 2 : 1;
  }
  return '"' + result + '"';
}

function singleQuote(s: string): string {
  return "'" + (s.indexOf("'") === -1 ? s : s.replace(/'/g, "''")) + "'";
}

const SPACES: string[] = [];
function spaces(n: number): string {
  let s = SPACES[n];
  if (s === undefined) s = SPACES[n] = ' '.repeat(n);
  return s;
}

/** Indents every non-empty line (js-yaml's indentString), then drops one ending newline. */
function literalBody(s: string, indent: number): string {
  const ind = spaces(indent);
  let result = '';
  let position = 0;
  while (position < s.length) {
    const next = s.indexOf('\n', position);
    const line = next === -1 ? s.slice(position) : s.slice(position, next + 1);
    position = next === -1 ? s.length : next + 1;
    if (line.length && line !== '\n') result += ind;
    result += line;
  }
  return result.charCodeAt(result.length - 1) === CHAR_LINE_FEED ? result.slice(0, -1) : result;
}

function blockHeader(s: string): string {
  const indicator = /^\n* /.test(s) ? '2' : '';
  const clip = s[s.length - 1] === '\n';
  const keep = clip && (s[s.length - 2] === '\n' || s === '\n');
  return indicator + (keep ? '+' : clip ? '' : '-') + '\n';
}

/** Fast check: printable ASCII, no ": " / " #" / trailing blank or colon, safe first character. */
function writeString(s: string, level: number, isKey: boolean): string {
  const length = s.length;
  if (length === 0) return "''";
  const c0 = s.charCodeAt(0);
  if (length <= 3 && DEPRECATED_BOOLEANS.has(s)) return "'" + s + "'";
  if (length > 2 && (c0 <= 0x39 || c0 === 0x5f) && DEPRECATED_BASE60.test(s)) return "'" + s + "'";

  let plain = isPlainSafeFirst(codePointAt(s, 0));
  const last = codePointAt(s, length - 1);
  plain = plain && !isWhitespace(last) && last !== CHAR_COLON;
  let hasLineBreak = false;
  let prev = -1;
  for (let i = 0; i < length; ) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      // ASCII: printable is 0x20..0x7e; only "#", ":" and blanks need the full plain-char rule.
      if (c >= 0x20 && c <= 0x7e) {
        if (plain && (c === CHAR_SHARP || c === CHAR_SPACE || prev === CHAR_COLON)) plain = isPlainSafeBlock(c, prev);
      } else if (c === CHAR_LINE_FEED && !isKey) {
        hasLineBreak = true;
        plain = false;
      } else {
        return escapeDouble(s);
      }
      prev = c;
      i++;
    } else {
      const cp = codePointAt(s, i);
      if (!isPrintable(cp)) return escapeDouble(s);
      if (plain) plain = isPlainSafeBlock(cp, prev);
      prev = cp;
      i += cp >= 0x10000 ? 2 : 1;
    }
  }
  if (!hasLineBreak) {
    // Top-level map keys (level 1) and a top-level scalar (level 0) start at column 0.
    if (plain && !isAmbiguousType(s) && !(level <= 1 && (isKey || level === 0) && isDocumentEnd(s))) return s;
    return singleQuote(s);
  }
  if (isRiskyLiteral(s)) return escapeDouble(s);
  return '|' + blockHeader(s) + literalBody(s, 2 * Math.max(1, level));
}

/**
 * yaml@2 (1.2 and 1.1) drops whitespace-only lines after the last content line of a block literal
 * that has an indentation indicator ("  a\n " reads back as "  a"). Such strings are written
 * double-quoted instead. The rule is conservative: exhaustive over {" ", "\n", "a"}^<=8 it catches
 * every misread and quotes 373 of 9,330 multi-line strings that yaml@2 would have read correctly.
 */
function isRiskyLiteral(s: string): boolean {
  if (!/^\n* /.test(s)) return false;
  let end = s.length;
  while (end > 0) {
    const start = s.lastIndexOf('\n', end - 1) + 1;
    const line = s.slice(start, end);
    if (/[^ ]/.test(line)) return false;
    if (line.length > 0) return true;
    if (start === 0) return false;
    end = start - 1;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Numbers, as js-yaml's int and float types.

function writeNumber(n: number): string {
  if (n % 1 === 0 && !(n === 0 && 1 / n < 0)) return n.toString(10);
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (n === 0) return '-0.0';
  const res = n.toString(10);
  return /^[-+]?[0-9]+e/.test(res) ? res.replace('e', '.e') : res;
}

// ---------------------------------------------------------------------------------------------
// Nodes, as js-yaml's writeNode / writeBlockSequence / writeBlockMapping.

const toString = Object.prototype.toString;

/** Returns the node text, or undefined for `undefined` (which js-yaml skips in maps). */
function writeNode(value: unknown, level: number, compact: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return writeString(value, level, false);
    case 'number':
      return writeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return value.length === 0 ? '[]' : writeSequence(value, level, compact);
      if (toString.call(value) === '[object Object]') return writeMapping(value as Record<string, unknown>, level, compact);
      break;
    }
  }
  throw new TypeError(`toYaml: unsupported value ${toString.call(value)}`);
}

function writeSequence(array: readonly unknown[], level: number, compact: boolean): string {
  const newline = '\n' + spaces(2 * level);
  let result = '';
  for (let index = 0; index < array.length; index++) {
    const dump = writeNode(array[index], level + 1, true) ?? 'null';
    if (!compact || result !== '') result += newline;
    result += dump.charCodeAt(0) === CHAR_LINE_FEED ? '-' : '- ';
    result += dump;
  }
  return result;
}

function writeMapping(object: Record<string, unknown>, level: number, compact: boolean): string {
  const keys = Object.keys(object);
  if (keys.length === 0) return '{}';
  const newline = '\n' + spaces(2 * level);
  let result = '';
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    let pair = !compact || result !== '' ? newline : '';
    const keyDump = writeString(key, level + 1, true);
    const explicit = keyDump.length > 1024;
    if (explicit) pair += '? ' + keyDump + newline;
    else pair += keyDump;
    const dump = writeNode(object[key], level + 1, explicit);
    if (dump === undefined) continue;
    pair += dump.charCodeAt(0) === CHAR_LINE_FEED ? ':' : ': ';
    result += pair + dump;
  }
  return result || '{}';
}

/**
 * Serializes JSON-like data (plain objects, arrays, strings, numbers, booleans, null) like
 * `jsYaml.dump(value, { noRefs: true, lineWidth: -1, sortKeys: false })`, quoting every string that
 * `needsQuoting` flags. Objects are emitted as often as they are referenced (no anchors).
 */
export function dumpYaml(value: unknown): string {
  const dump = writeNode(value, 0, true);
  return dump === undefined ? '' : dump + '\n';
}
