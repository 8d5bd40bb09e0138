/**
 * How deeply a TOML text nests its values, measured before any parser reads it: table headers and
 * dotted keys (`[a.b.c]`, `a.b.c = 1`), arrays and inline tables all add a level. The parsers and
 * the walks over the parsed config recurse once per level, so a 40 KB file of 20,000 levels would
 * overflow the stack: a text deeper than {@link MAX_TOML_DEPTH} is refused at its line instead.
 * The scan is one pass without recursion, and tolerates invalid TOML (the parser reports that).
 */

/** No key of OpenHands' config or of `[extended.manifests]` is nested more than a handful of levels. */
export const MAX_TOML_DEPTH = 64;

/** Where a text first nests deeper than {@link MAX_TOML_DEPTH}, if it does. */
export interface TomlDepthProblem {
  readonly line: number;
  readonly message: string;
}

/** The first place `text` nests deeper than {@link MAX_TOML_DEPTH} levels, if any. */
export function tomlDepthProblem(text: string): TomlDepthProblem | undefined {
  let pos = 0;
  let line = 1;
  let table = 0; // levels of the current [table] header
  // The open arrays and inline tables, innermost last, each with the level it sits at.
  const open: Array<{ readonly kind: '[' | '{'; readonly level: number }> = [];
  let depth = 0; // the level of what is read next
  let key = 0; // dots in the key being read
  let inKey = true; // reading a key (at the top level, or after "{" or "," in an inline table)
  const deeper = (levels: number): TomlDepthProblem | undefined => (levels > MAX_TOML_DEPTH
    ? { line, message: `nests values more than ${MAX_TOML_DEPTH} levels deep, more than any config needs (tables, dotted keys, arrays and inline tables each add one): flatten it` }
    : undefined);
  /** Skips a string starting at `pos`, counting the lines it spans. */
  const skipString = () => {
    const quote = text[pos];
    const multi = text.startsWith(quote.repeat(3), pos);
    pos += multi ? 3 : 1;
    while (pos < text.length) {
      const ch = text[pos];
      if (ch === '\\' && quote === '"') { if (text[pos + 1] === '\n') line += 1; pos += 2; continue; }
      if (ch === '\n') { if (!multi) return; line += 1; }
      if (multi ? text.startsWith(quote.repeat(3), pos) : ch === quote) { pos += multi ? 3 : 1; return; }
      pos += 1;
    }
  };
  let problem: TomlDepthProblem | undefined;
  while (pos < text.length && !problem) {
    const ch = text[pos];
    if (ch === '"' || ch === "'") { skipString(); continue; }
    if (ch === '#') { while (pos < text.length && text[pos] !== '\n') pos += 1; continue; }
    pos += 1;
    if (ch === '\n') {
      line += 1;
      if (open.length === 0) { depth = table; key = 0; inKey = true; }
    } else if (open.length === 0 && inKey && key === 0 && ch === '[') {
      // A table header: its dotted segments, one more for an array of tables.
      let levels = 1;
      if (text[pos] === '[') { levels += 1; pos += 1; }
      while (pos < text.length && text[pos] !== ']' && text[pos] !== '\n') {
        if (text[pos] === '"' || text[pos] === "'") { skipString(); continue; }
        if (text[pos] === '.') levels += 1;
        pos += 1;
      }
      problem = deeper(levels);
      table = levels;
      depth = table;
    } else if (inKey) {
      if (ch === '.') {
        key += 1;
        problem = deeper(depth + key + 1);
      } else if (ch === '=') {
        depth += key + 1;
        key = 0;
        inKey = false;
        problem = deeper(depth);
      } else if (ch === '}' && open.length > 0) {
        depth = open.pop()!.level; // an empty inline table, or one ending in a comma
        inKey = false;
      }
    } else if (ch === '[' || ch === '{') {
      open.push({ kind: ch, level: depth });
      if (ch === '[') depth += 1;
      inKey = ch === '{';
      key = 0;
      problem = deeper(ch === '[' ? depth : depth + 1); // the level of its items or values
    } else if ((ch === ']' || ch === '}') && open.length > 0) {
      depth = open.pop()!.level;
    } else if (ch === ',' && open[open.length - 1]?.kind === '{') {
      depth = open[open.length - 1].level; // the next key of the inline table
      inKey = true;
      key = 0;
    }
  }
  return problem;
}
