import { MAX_DIFF_EDITS, unifiedDiff } from '../../lib/output/diff';

const lines = (count: number, prefix = 'line') => Array.from({ length: count }, (_, index) => `${prefix} ${index}`);
const text = (list: string[]) => `${list.join('\n')}\n`;

describe('unifiedDiff', () => {
  test('shows each change in its own hunk with three lines of context, not one region from the first change to the last', () => {
    const before = lines(100);
    const after = before.map((line, index) => (index === 10 || index === 80 ? `${line} changed` : line));
    const diff = unifiedDiff('dist/a.yaml', text(before), text(after));
    expect(diff.split('\n').slice(0, 3)).toEqual(['--- dist/a.yaml', '+++ dist/a.yaml (generated)', '@@ -8,7 +8,7 @@']);
    expect(diff.match(/^@@ /gm)).toHaveLength(2);
    expect(diff.match(/^[-+]line.*$/gm)).toEqual(['-line 10', '+line 10 changed', '-line 80', '+line 80 changed']);
    expect(diff.split('\n')).toHaveLength(2 + 2 * 9 + 1);
  });

  test('is empty for equal texts, and shows a whole new or removed file', () => {
    expect(unifiedDiff('a', 'x\n', 'x\n')).toBe('');
    expect(unifiedDiff('a', '', 'x\ny\n')).toBe('--- a\n+++ a (generated)\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedDiff('a', 'x\n', '')).toBe('--- a\n+++ a (generated)\n@@ -1,1 +0,0 @@\n-x\n');
  });

  test('falls back to one changed region when a minimal diff would cost too much', () => {
    const before = lines(MAX_DIFF_EDITS * 2);
    const after = lines(MAX_DIFF_EDITS * 2, 'other');
    const diff = unifiedDiff('a', text(before), text(after));
    expect(diff.match(/^@@ /gm)).toEqual(['@@ ']);
    expect(diff.split('\n').filter((line) => line.startsWith('-')).length).toBe(before.length + 1);
  });
});
