/**
 * Text from files, names and configs made inert before it is printed: a terminal must not run its
 * escape sequences (an OSC 52 clipboard write, a clear screen, a cursor move that hides a line)
 * and a Markdown comment must not let it out of its code span, table cell or line.
 *
 * What stays as it is: printable characters, and in `inertText` the line feed and tab. Everything
 * else is shown as an escape (`\x1b`, `\u202e`): C0 and C1 controls, DEL, carriage return, the
 * Unicode line and paragraph separators, the bidirectional formatting characters (which reorder
 * what a reader sees, "Trojan Source"), a byte order mark and lone surrogates.
 */

/** Characters never printed as themselves (tab and line feed are handled by the callers' choice). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** Text for a terminal, lines kept: every other control or invisible formatting character escaped. */
export function inertText(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Text for one line of a terminal or a Markdown comment: line feeds and tabs escaped too. */
export function inertLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, escape);
}

/**
 * A Markdown code span showing `text` as it is, on one line: fenced with more backticks than it
 * holds in a row, padded when it starts or ends with one, and in a table cell with its pipes
 * escaped (GitHub splits cells at a pipe even inside a code span).
 */
export function markdownCode(text: string, options: { readonly inTable?: boolean } = {}): string {
  let line = inertLine(text);
  if (options.inTable) line = line.replace(/\|/g, '\\|');
  const longest = (line.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line.trim() === '' ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** JSON text (already escaped by JSON.stringify for C0 controls) with every other unsafe character escaped too: still valid JSON. */
export function inertJson(json: string): string {
  return json.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
