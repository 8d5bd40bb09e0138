import { StringList } from '../../lib/output/_string-list';

describe('StringList', () => {
  test('reads back every string as pushed, duplicates and the empty string included, across blocks', () => {
    const list = new StringList();
    const texts = ['', 'a', 'a', '\uD800', '\uFFFD', 'é', '\u{1F600}', 'x'.repeat(3 * 1024 * 1024), ...Array.from({ length: 50_000 }, (_, i) => `Service/openhands-runtime-s${i}-svc`)];
    texts.forEach((text, index) => expect(list.push(text)).toBe(index));
    expect(list.length).toBe(texts.length);
    expect([...list]).toEqual(texts);
  });

  test('sorts as JavaScript sorts strings, ASCII (as bytes) or not', () => {
    for (const texts of [['b', 'a-', 'a1', 'a', 'A', ''], ['\uFFFF', '\u{1F600}', '\uE000', 'z', 'a\u{10000}', 'a\uFFFD', '\uD800']]) {
      const list = new StringList();
      for (const text of texts) list.push(text);
      expect([...list.sortedIndexes()].map((index) => list.at(index))).toEqual([...texts].sort());
    }
  });
});
