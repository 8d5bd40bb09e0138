/**
 * What OpenHands' TOML reader, the Python `toml` 0.10.2 library, cannot load or misreads in a
 * file that is valid TOML (checked after smol-toml has parsed it). OpenHands ignores a file
 * toml 0.10.2 rejects *entirely* (it logs a warning and starts with defaults), and a misread
 * one silently differs from what openhands-k8s reads: both are refused, naming line and construct.
 */

/** One construct toml 0.10.2 gets wrong, at a line of the file. */
export interface TomlCompatProblem {
  readonly line: number;
  readonly message: string;
}

const IGNORED = 'toml 0.10.2 (OpenHands\' reader) rejects it, so OpenHands would ignore the whole file';
const MISREAD = 'toml 0.10.2 (OpenHands\' reader) misreads it';

type ValueType = 'string' | 'integer' | 'float' | 'boolean' | 'datetime' | 'date' | 'time' | 'array' | 'table';

const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:([Tt ])(\d{2}:\d{2})(:\d{2})?(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?/;
const TIME = /^(\d{2}:\d{2})(:\d{2})?(\.\d+)?/;
const NUMBER = /^[+-]?(?:inf|nan|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9_]+(?:\.[0-9_]+)?(?:[eE][+-]?[0-9_]+)?)/;

/**
 * Lists every construct of a valid TOML text that OpenHands' toml 0.10.2 would reject or misread.
 * It recurses once per array or inline table: call it on a text `tomlDepthProblem` admitted, as
 * `parseConfig` does.
 */
export function checkTomlCompat(text: string): TomlCompatProblem[] {
  const problems: TomlCompatProblem[] = [];
  let pos = 0;
  // Line starts, searched by halves: a text with thousands of problems stays linear.
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const lineAt = (at: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= at) low = mid; else high = mid - 1;
    }
    return low + 1;
  };
  const report = (at: number, construct: string, effect: string) => problems.push({ line: lineAt(at), message: `${construct}: ${effect}` });
  const skipSpaces = () => { while (text[pos] === ' ' || text[pos] === '\t') pos += 1; };
  const skipComment = () => { if (text[pos] === '#') while (pos < text.length && text[pos] !== '\n') pos += 1; };
  /** Skips blanks, comments and newlines; true when a newline was crossed. */
  const skipAll = () => {
    let crossed = false;
    for (;;) {
      skipSpaces();
      skipComment();
      if (text[pos] === '\r' || text[pos] === '\n') { crossed = true; pos += 1; } else return crossed;
    }
  };

  if (text.startsWith('\uFEFF')) report(0, 'a byte order mark (BOM) at the start of the file', `${IGNORED} (or reads the first key with the BOM in its name); save the file as UTF-8 without BOM`);

  /** Where a string sits: toml 0.10.2 splits inline tables and arrays at commas before reading them. */
  type Place = 'top' | 'inline-key' | 'inline-value' | 'array';
  const readString = (place: Place): void => {
    const start = pos;
    const quote = text[pos];
    const multi = text.startsWith(quote.repeat(3), pos);
    if (multi && place === 'inline-value') report(start, 'a multi-line string inside an inline table', `${MISREAD}: the key is dropped from the table`);
    if (multi && place === 'array') report(start, 'a multi-line string inside an array', 'toml 0.10.2 (OpenHands\' reader) splits arrays at commas before reading their strings and rejects or misreads some multi-line ones (a comma followed by a line break makes it fail, so OpenHands would ignore the whole file); write a one-line string with \\n escapes');
    pos += multi ? 3 : 1;
    // A basic string that is one escaped double quote ("\"") or starts with two ("\"\"x", "\u0022\u0022") is read as "".
    let leadingQuotes = 0;
    let leading = !multi && quote === '"';
    let length = 0;
    let comma = false;
    for (;;) {
      const ch = text[pos];
      if (ch === undefined) return;
      if (ch === '\\' && quote === '"') {
        const escape = text[pos + 1];
        if (escape === 'e' || escape === 'x') report(pos, `the \\${escape} escape (TOML 1.1)`, `${IGNORED}; write \\u001b or \\u00XX instead`);
        const code = /^\\(?:"|u0022|U00000022)/.exec(text.slice(pos, pos + 10))?.[0];
        leading &&= code !== undefined;
        if (leading) leadingQuotes += 1;
        length += 1;
        pos += code?.length ?? 2;
        continue;
      }
      if (!multi && ch === quote && (leadingQuotes >= 2 || (leadingQuotes === 1 && length === 1))) {
        report(start, leadingQuotes === length ? 'a string made only of escaped double quotes' : 'a string starting with two escaped double quotes', `${MISREAD} as an empty string; write it as a literal string ('"')`);
      }
      if (multi ? text.startsWith(quote.repeat(3), pos) : ch === quote) {
        if (multi && text[pos + 3] === quote) report(pos, `a quote right before the closing ${quote.repeat(3)}`, `${IGNORED} ("Unterminated string"); escape the quote or end the text differently`);
        if (place === 'inline-key' && comma) report(start, `a quoted key holding "," or "=" in an inline table (${text.slice(start, pos + 1)})`, `${IGNORED} ("Invalid inline table"); rename the key or write the table as a [table]`);
        pos += multi ? 3 : 1;
        while (multi && text[pos] === quote) pos += 1;
        return;
      }
      if (ch === ',' || ch === '=') comma = true;
      leading = false;
      length += 1;
      pos += 1;
    }
  };

  /** Reads a key; whether it is dotted or quoted. */
  const readKey = (inInline: boolean): boolean => {
    let plain = true;
    for (;;) {
      skipSpaces();
      if (text[pos] === '"' || text[pos] === "'") {
        plain = false;
        readString(inInline ? 'inline-key' : 'top');
      } else {
        while (pos < text.length && /[A-Za-z0-9_-]/.test(text[pos])) pos += 1;
      }
      const before = pos;
      skipSpaces();
      if (text[pos] !== '.') return !plain;
      plain = false;
      const spaceBefore = pos > before;
      pos += 1;
      const afterDot = pos;
      skipSpaces();
      if (spaceBefore) report(pos, 'a dotted key with a space before the dot ("a . b")', `${MISREAD}: the key gets a trailing space, so it names another key; write a.b`);
      else if (pos > afterDot) report(pos, 'a dotted key with a space after the dot ("a. b")', `${IGNORED} ("Found invalid character in key name"); write a.b`);
    }
  };

  const readValue = (inInline: boolean, inArray = false): ValueType => {
    const start = pos;
    const ch = text[pos];
    if (ch === '"' || ch === "'") { readString(inArray ? 'array' : inInline ? 'inline-value' : 'top'); return 'string'; }
    if (ch === '[') return readArray(inInline);
    if (ch === '{') return readInlineTable();
    const rest = text.slice(pos, pos + 64);
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      pos += datetime[0].length;
      if (datetime[3] === undefined) return 'date';
      if (datetime[4] === undefined) report(start, `a date-time without seconds (${datetime[0]})`, `${IGNORED}; add :00 seconds`);
      else if (datetime[6] === 'z' && datetime[5] === undefined) report(start, `a date-time ending in a lower-case z (${datetime[0]})`, `${MISREAD} as a local date-time without its UTC offset; write Z`);
      return 'datetime';
    }
    const time = TIME.exec(rest);
    if (time) {
      pos += time[0].length;
      if (time[2] === undefined) report(start, `a time without seconds (${time[0]})`, `${IGNORED}; add :00 seconds`);
      return 'time';
    }
    if (/^(true|false)/.test(rest)) { pos += rest.startsWith('true') ? 4 : 5; return 'boolean'; }
    const number = NUMBER.exec(rest)?.[0] ?? '';
    pos += Math.max(number.length, 1);
    return /^[+-]?0[xob]/.test(number) || !/[.eEn]/.test(number) ? 'integer' : 'float';
  };

  const readArray = (inInline: boolean): ValueType => {
    const start = pos;
    pos += 1;
    const types: ValueType[] = [];
    for (skipAll(); text[pos] !== ']' && pos < text.length; skipAll()) {
      types.push(readValue(inInline, true));
      skipAll();
      if (text[pos] === ',') pos += 1;
    }
    pos += 1;
    // Python's datetime is a date, so toml 0.10.2 lets dates and date-times share an array.
    const kinds = [...new Set(types.map((type) => (type === 'datetime' ? 'date' : type)))];
    if (kinds.length > 1) {
      const tablesFirst = types[0] === 'table' && types.some((type) => type !== 'table');
      report(start, `an array mixing ${kinds.join(' and ')} values`, tablesFirst
        ? `${MISREAD}: the items after the inline tables that are not tables are dropped; keep one type per array`
        : `${IGNORED} ("Not a homogeneous array"); keep one type per array`);
    }
    return 'array';
  };

  const readInlineTable = (): ValueType => {
    const start = pos;
    pos += 1;
    let trailingComma = false;
    let multiline = false;
    for (;;) {
      if (skipAll()) multiline = true;
      if (text[pos] === '}' || pos >= text.length) break;
      readKey(true);
      skipSpaces();
      pos += 1; // '='
      skipSpaces();
      readValue(true);
      if (skipAll()) multiline = true;
      trailingComma = text[pos] === ',';
      if (trailingComma) pos += 1;
    }
    pos += 1;
    if (multiline) report(start, 'an inline table spread over several lines (TOML 1.1)', `${IGNORED}; write it on one line or as a [table]`);
    if (trailingComma) report(start, 'a trailing comma in an inline table (TOML 1.1)', `${IGNORED}; remove the comma`);
    return 'table';
  };

  while (pos < text.length) {
    skipAll();
    if (pos >= text.length) break;
    if (text[pos] === '[') {
      while (pos < text.length && text[pos] !== '\n') {
        if (text[pos] === '"' || text[pos] === "'") readString('top'); else pos += 1;
      }
      continue;
    }
    const complexKey = readKey(false);
    skipSpaces();
    pos += 1; // '='
    skipSpaces();
    const start = pos;
    readValue(false);
    const multiLine = text.startsWith('"""', start) || text.startsWith("'''", start);
    if (complexKey && multiLine && text.slice(start, pos).includes('\n')) {
      report(start, 'a multi-line string over several lines as the value of a dotted or quoted key', `${IGNORED}, or ${MISREAD.replace("toml 0.10.2 (OpenHands' reader) ", '')} (a.b = """x\\ny""" puts "x\\ny" at the top level as b); write the key in its [table], or the string on one line with \\n escapes`);
    }
  }
  return problems;
}
