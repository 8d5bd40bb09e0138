import { StringTable } from '../../lib/output/_string-table';

/** A deterministic stream of numbers (mulberry32), so a failure is replayed by its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Short strings from a small alphabet (many repeats, shared prefixes), with non-ASCII, astral and lone surrogates. */
const ALPHABET = ['a', 'b', '-', '0', '9', '/', '.', 'é', 'ü', '\u{1F600}', '\uD800', '\uDC00', '\uFFFF', '\uE000', '\0', ''];
function word(next: () => number, ascii: boolean): string {
  const length = Math.floor(next() * 6);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * (ascii ? 7 : ALPHABET.length))];
  return text;
}

describe('StringTable', () => {
  test.each([
    ['ASCII', true],
    ['any UTF-16', false],
  ])('agrees with a Map model on %s strings: indexes, membership, order and sorting', (_, ascii) => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      const table = new StringTable();
      const model = new Map<string, number>();
      for (let step = 0; step < 3000; step++) {
        const text = word(next, ascii as boolean);
        if (next() < 0.3) {
          expect(table.indexOf(text)).toBe(model.get(text) ?? -1);
          continue;
        }
        const expected = model.get(text) ?? model.size;
        model.set(text, expected);
        expect(table.add(text)).toBe(expected);
      }
      expect(table.size).toBe(model.size);
      expect([...table]).toEqual([...model.keys()]);
      for (const [text, index] of model) expect(table.at(index)).toBe(text);
      expect([...table.sortedIndexes()].map((index) => table.at(index))).toEqual([...model.keys()].sort());
    }
  });

  test('tells apart strings that UTF-8 alone would not: lone surrogates, and their replacement character', () => {
    const table = new StringTable();
    const texts = ['\uD800', '\uDBFF', '\uFFFD', '\uD800\uDC00', '\u{10000}x', 'x\uD800', 'x\uFFFD', ''];
    texts.forEach((text, index) => expect(table.add(text)).toBe(index));
    expect(table.size).toBe(texts.length);
    expect(table.add('\u{10000}')).toBe(3); // the pair written as one code point is the same string
    texts.forEach((text, index) => expect(table.at(index)).toBe(text));
  });

  test('sorts as JavaScript does where UTF-8 byte order would not (U+E000-U+FFFF against astral characters)', () => {
    const table = new StringTable();
    for (const text of ['\uFFFF', '\u{1F600}', '\uE000', 'z', 'a\u{10000}', 'a\uFFFD']) table.add(text);
    expect([...table.sortedIndexes()].map((index) => table.at(index))).toEqual(['\uFFFF', '\u{1F600}', '\uE000', 'z', 'a\u{10000}', 'a\uFFFD'].sort());
  });

  test('keeps a hundred thousand paths exactly, each once, sorted as strings are', () => {
    const table = new StringTable();
    const paths = Array.from({ length: 100_000 }, (_, i) => `bench/service-openhands-runtime-s${i}-svc.yaml`);
    for (const path of paths) table.add(path);
    for (const path of paths) table.add(path); // each once
    expect(table.size).toBe(paths.length);
    expect(table.indexOf('bench/service-openhands-runtime-s100000-svc.yaml')).toBe(-1);
    expect(table.at(54_321)).toBe(paths[54_321]);
    const sorted = table.sortedIndexes();
    expect(table.at(sorted[0])).toBe('bench/service-openhands-runtime-s0-svc.yaml');
    expect(table.at(sorted[1])).toBe('bench/service-openhands-runtime-s1-svc.yaml');
    expect(table.at(sorted[2])).toBe('bench/service-openhands-runtime-s10-svc.yaml');
  });

  test('keeps strings longer than a block of its bytes, around and between short ones', () => {
    const table = new StringTable();
    const long = (letter: string) => letter.repeat(3 * 1024 * 1024 + 1);
    const texts = ['a', long('x'), 'b', long('y'), `${long('é')}\uD800`, 'c'];
    texts.forEach((text, index) => expect(table.add(text)).toBe(index));
    texts.forEach((text, index) => expect(table.indexOf(text)).toBe(index));
    expect(table.indexOf(long('x').slice(1))).toBe(-1);
    expect([...table]).toEqual(texts);
  });

  test('refuses an index it does not have', () => {
    const table = new StringTable();
    table.add('a');
    expect(() => table.at(1)).toThrow(RangeError);
    expect(() => table.at(-1)).toThrow(RangeError);
  });
});
