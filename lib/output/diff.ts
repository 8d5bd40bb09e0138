import { inertText } from '../config/inert';
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';

/** `--diff` shows files up to this size; a larger one is named, not diffed (a diff would need it as one string). */
export const MAX_DIFF_BYTES = 16 * 1024 * 1024;

/**
 * Inserted plus deleted lines (a changed line counts twice) beyond which a minimal diff costs more
 * than it is worth (its time grows with the file's length times the edits): the diff then shows
 * one changed region instead.
 */
export const MAX_DIFF_EDITS = 5_000;

/**
 * A unified diff of two texts with three lines of context, headed `--- <name>` and
 * `+++ <name> (generated)`: a minimal one (jsdiff's Myers diff), or beyond {@link MAX_DIFF_EDITS}
 * inserted and deleted lines the single region between the common head and tail. Inert for a
 * terminal (see `inertText`): control characters and escape sequences of either text are shown escaped.
 */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch(name, `${name} (generated)`, before, after, undefined, undefined, { context: 3, maxEditLength: MAX_DIFF_EDITS });
  // The committed file may hold anything (a clipboard write, a clear screen): the diff is printed inert.
  return inertText(patch ? formatPatch(patch, FILE_HEADERS_ONLY) : oneRegion(name, before, after));
}

/** The lines between the common head and tail, with three lines of context: linear in the size of the texts. */
function oneRegion(name: string, before: string, after: string): string {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const context = 3;
  const start = Math.max(0, head - context);
  const endA = Math.min(a.length, a.length - tail + context);
  const endB = Math.min(b.length, b.length - tail + context);
  const lines = [
    `--- ${name}`,
    `+++ ${name} (generated)`,
    `@@ -${start + 1},${endA - start} +${start + 1},${endB - start} @@`,
    ...a.slice(start, head).map((line) => ` ${line}`),
    ...a.slice(head, a.length - tail).map((line) => `-${line}`),
    ...b.slice(head, b.length - tail).map((line) => `+${line}`),
    ...a.slice(a.length - tail, endA).map((line) => ` ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}
