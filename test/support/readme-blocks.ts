import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README, as the tests read it. */
export const README_PATH = join(__dirname, '..', '..', 'README.md');

/** One fenced code block of a markdown file. */
export interface FencedBlock {
  /** The info string's first word (`sh`, `ts`, `toml`, ...), '' for none. */
  readonly lang: string;
  /** The text between the fences. */
  readonly body: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /**
   * What the HTML comment right above the fence says, `<!-- readme-test: WHAT -->`, or the name of
   * a generated section (`<!-- begin NAME -->`).
   * @default - unmarked
   */
  readonly marker?: string;
}

/** Every fenced block of a markdown text, in order, with the marker above it. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    // Fences may be indented (a block inside a list item); the body loses that indentation.
    const open = /^( *)(```+|~~~+)\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const end = lines.findIndex((line, j) => j > i && line.trim() === fence);
    if (end < 0) throw new Error(`README.md:${i + 1}: a code block that is never closed`);
    const above = i > 0 ? lines[i - 1].trim() : '';
    const marker = /^<!-- readme-test: (.+?) -->$/.exec(above)?.[1] ?? /^<!-- begin ([a-z.-]+) -->$/.exec(above)?.[1];
    const body = lines.slice(i + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    blocks.push({ lang, body: body.join('\n') + '\n', line: i + 1, marker });
    i = end;
  }
  return blocks;
}

/** The README's fenced blocks. */
export function readmeBlocks(): FencedBlock[] {
  return fencedBlocks(readFileSync(README_PATH, 'utf8'));
}
