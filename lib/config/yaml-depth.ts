/**
 * A bound on how deeply a YAML text nests, checked in one pass before the `yaml` package reads it:
 * the package recurses once per level, catches its own stack overflow only sometimes, and on
 * some deep texts aborts the whole process (out of memory compiling a regular expression). The
 * bound is conservative: brackets inside strings count too, and block nesting is measured by the
 * column where a line's content starts (after its indentation and `- ` / `? ` indicators).
 */

/** Flow collections (`[`, `{`) open at once, at most. */
export const MAX_YAML_FLOW_DEPTH = 256;
/** The column where a line's content may start, at most (about 500 levels of block nesting). */
export const MAX_YAML_COLUMN = 1024;

/** Why a YAML text nests too deeply for the parser, with its 1-based line; undefined when it does not. */
export function yamlDepthProblem(text: string): { readonly line: number; readonly message: string } | undefined {
  let line = 1;
  let flow = 0;
  let lineStart = true;
  let column = 0;
  for (let pos = 0; pos < text.length; pos++) {
    const ch = text[pos];
    if (ch === '\n') {
      line += 1;
      lineStart = true;
      column = 0;
      if (text.startsWith('---', pos + 1) || text.startsWith('...', pos + 1)) flow = 0; // a new document
      continue;
    }
    if (lineStart) {
      const indicator = (ch === '-' || ch === '?') && (text[pos + 1] === ' ' || text[pos + 1] === '\t');
      if (ch === ' ' || ch === '\t' || indicator) {
        column += indicator ? 2 : 1;
        if (indicator) pos += 1;
        if (column > MAX_YAML_COLUMN) return { line, message: `nests more than ${MAX_YAML_COLUMN} columns deep (indentation and "- " indicators)` };
        continue;
      }
      lineStart = false;
    }
    if (ch === '[' || ch === '{') {
      flow += 1;
      if (flow > MAX_YAML_FLOW_DEPTH) return { line, message: `opens more than ${MAX_YAML_FLOW_DEPTH} flow collections ([ or {) at once` };
    } else if ((ch === ']' || ch === '}') && flow > 0) {
      flow -= 1;
    }
  }
  return undefined;
}
