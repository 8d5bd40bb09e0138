import { readFileSync } from 'node:fs';
import type { ConfigProblem } from './errors';

/**
 * Finds the line where a key is written in a TOML text, so configuration errors can point at it.
 * smol-toml returns plain values without positions, hence this small line scanner: it follows
 * table headers and `key =` lines (dotted and quoted keys too) and skips multi-line strings.
 */
export class TomlLines {
  private readonly lines = new Map<string, number>();

  constructor(text: string) {
    let table: string[] = [];
    let openString: string | undefined;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (openString) {
        if (count(line, openString) % 2 === 1) openString = undefined;
        return;
      }
      const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
      if (header) {
        table = splitKey(header[1]);
        this.record(table, index + 1);
        return;
      }
      const assignment = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-.\s])+?)\s*=(.*)$/.exec(line);
      if (!assignment) return;
      this.record([...table, ...splitKey(assignment[1])], index + 1);
      for (const quote of ['"""', "'''"]) {
        if (count(assignment[2], quote) % 2 === 1) openString = quote;
      }
    });
  }

  /**
   * The line of the longest prefix of `path` written in the text, else of the first key under it
   * (a table written only through its sub-tables, like `[kubernets.extra]`), if any.
   */
  lineOf(path: readonly (string | number)[]): number | undefined {
    for (let length = path.length; length > 0; length--) {
      const line = this.lines.get(path.slice(0, length).join('\u0000'));
      if (line !== undefined) return line;
    }
    const under = `${path.join('\u0000')}\u0000`;
    const lines = [...this.lines].filter(([id]) => path.length > 0 && id.startsWith(under)).map(([, line]) => line);
    return lines.length > 0 ? Math.min(...lines) : undefined;
  }

  private record(path: string[], line: number): void {
    const id = path.join('\u0000');
    if (!this.lines.has(id)) this.lines.set(id, line);
  }
}

function splitKey(key: string): string[] {
  const parts = key.match(/"[^"]*"|'[^']*'|[^.]+/g) ?? [];
  return parts.map((part) => part.trim().replace(/^["']|["']$/g, ''));
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Adds the line each problem's key is written on, read again from the file (only when there are problems). */
export function withLines(file: string, problems: ConfigProblem[]): ConfigProblem[] {
  let lines: TomlLines;
  try {
    lines = new TomlLines(readFileSync(file, 'utf8'));
  } catch {
    return problems;
  }
  return problems.map((problem) => {
    const line = problem.key.startsWith('(') ? undefined : lines.lineOf(problem.key.split('.'));
    return line === undefined ? problem : { ...problem, line };
  });
}
