import { StringTable } from '../../lib/output/_string-table';
import { AWKWARD_UNITS, random } from '../support/random';

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

  test('tells apart different strings with the same 32-bit hash (FNV-1a)', () => {
    // Found by search: each pair hashes alike, so only the comparison of bytes tells them apart.
    const pairs = [['pod-s522789', 'pod-s739192'], ['pod-s522788', 'pod-s739193'], ['pod-s522783', 'pod-s739198']];
    const table = new StringTable();
    for (const [first, second] of pairs) {
      const at = table.add(first);
      expect(table.indexOf(second)).toBe(-1);
      expect(table.add(second)).toBe(at + 1);
      expect(table.add(first)).toBe(at);
      expect(table.indexOf(second)).toBe(at + 1);
    }
    expect([...table]).toEqual(pairs.flat());
  });

  test.each([1, 2, 3])('agrees with a Map model when strings a block long come and go, and absent ones are looked up (seed %i)', (seed) => {
    // Looking up a string encodes it after the list's bytes: a long one starts a new block though
    // nothing is added. Strings are added and looked up again after that, from before and after it.
    const next = random(seed);
    const table = new StringTable();
    const model = new Map<string, number>();
    const seen: string[] = [];
    const long: string[] = [];
    const pick = () => AWKWARD_UNITS[Math.floor(next() * AWKWARD_UNITS.length)];
    for (let step = 0; step < 1500; step++) {
      // Few long strings, each met a few times: one costs a few hundred milliseconds under jest.
      let text: string;
      const dice = next();
      if (dice < 0.003) long.push((text = `${pick()}${pick().repeat([1024 * 1024 / 3, 1024 * 1024 + 1][Math.floor(next() * 2)])}`));
      else if (dice < 0.006 && long.length > 0) text = long[Math.floor(next() * long.length)];
      else if (dice < 0.3 && seen.length > 0) text = seen[Math.floor(next() * seen.length)];
      else seen.push((text = word(next, next() < 0.5)));
      if (next() < 0.4) {
        if (table.indexOf(text) !== (model.get(text) ?? -1)) throw new Error(`seed ${seed}, step ${step}: indexOf is wrong`);
        continue;
      }
      const expected = model.get(text) ?? model.size;
      model.set(text, expected);
      if (table.add(text) !== expected) throw new Error(`seed ${seed}, step ${step}: add is wrong`);
    }
    expect(table.size).toBe(model.size);
    for (const [text, index] of model) expect(table.at(index) === text && table.indexOf(text) === index).toBe(true);
    const sorted = [...model.keys()].sort();
    const got = [...table.sortedIndexes()].map((index) => table.at(index));
    expect(got.every((text, at) => text === sorted[at])).toBe(true);
  });
});

