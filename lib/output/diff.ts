/** `--diff` shows files up to this size; a larger one is named, not diffed (a diff would need it as one string). */
export const MAX_DIFF_BYTES = 16 * 1024 * 1024;

/**
 * A unified-style diff of two texts: the lines between the common head and tail, with three lines
 * of context. Linear in the size of the texts (one changed region per file, not a minimal diff).
 */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
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
