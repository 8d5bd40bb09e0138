import { StringList } from '../../lib/output/_string-list';
import { AWKWARD_UNITS, random } from '../support/random';

const MIB = 1024 * 1024;

/** A random string: mostly short, now and then around a block (1 MiB) long, of `units`. */
function text(next: () => number, units: readonly string[]): string {
  const pick = () => units[Math.floor(next() * units.length)];
  if (next() < 0.003) {
    const long = pick().repeat([MIB / 3, MIB / 3 + 1, MIB / 2, MIB - 1, MIB, MIB + 1][Math.floor(next() * 6)]);
    return next() < 0.5 ? long : `${pick()}${long}${pick()}`;
  }
  let short = '';
  for (let length = Math.floor(next() * 40); length > 0; length--) short += pick();
  return short;
}

/** Pushes random strings into a list and an array, and checks the list against the array. */
function agreesWithArray(seed: number, units: readonly string[], count: number): void {
  const next = random(seed);
  const list = new StringList();
  const model: string[] = [];
  for (let step = 0; step < count; step++) {
    // Repeats of earlier strings, in both encodings, are pushed too.
    const pushed = model.length > 0 && next() < 0.2 ? model[Math.floor(next() * model.length)] : text(next, units);
    expect(list.push(pushed)).toBe(model.length);
    model.push(pushed);
    // An earlier string read back while the list grows (its block may no longer be the one being filled).
    const earlier = Math.floor(next() * model.length);
    if (list.at(earlier) !== model[earlier]) throw new Error(`seed ${seed}, step ${step}: string ${earlier} read back wrong`);
  }
  expect(list.length).toBe(model.length);
  const read = [...list];
  expect(read.length).toBe(model.length);
  read.forEach((value, index) => {
    if (value !== model[index]) throw new Error(`seed ${seed}: string ${index} read back wrong`);
  });
  const sorted = [...list.sortedIndexes()];
  expect([...sorted].sort((a, b) => a - b)).toEqual(model.map((_, index) => index));
  const expected = [...model].sort();
  sorted.forEach((index, at) => {
    if (model[index] !== expected[at]) throw new Error(`seed ${seed}: sorted position ${at} holds ${JSON.stringify(model[index].slice(0, 20))}, not ${JSON.stringify(expected[at].slice(0, 20))}`);
  });
}

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

  test.each([1, 2, 3, 4])('agrees with an array on random ASCII strings, some a block long, across many blocks (seed %i)', (seed) => {
    // Bytes 0x00 and 0x7F, shared prefixes and prefixes of one another: the byte comparison's edges.
    agreesWithArray(seed, ['a', 'b', '-', '/', '0', '\0', '\x7f', 'ab', 'a-'], 1500);
  });

  test.each([1, 2, 3, 4])('agrees with an array on random strings of any UTF-16, lone surrogates and astral characters included, some a block long (seed %i)', (seed) => {
    agreesWithArray(seed, AWKWARD_UNITS, 1500);
  });

  test('reads back strings around a block boundary: the empty string, one kept as UTF-16 and one as UTF-8 just before and after it', () => {
    const list = new StringList();
    const model: string[] = [];
    const push = (value: string) => {
      list.push(value);
      model.push(value);
    };
    // Fill the first block to a few bytes short of its end, then push strings whose room (3 bytes a
    // code unit) does not fit though their bytes would.
    push('x'.repeat(MIB - 5));
    for (const value of ['', '\uD800', '', 'é', '', '\uDC00\uD800', 'ab', '\uFFFF', '']) push(value);
    push('y'.repeat(MIB - 1));
    for (const value of ['\uD83D', '', '\u{1F600}']) push(value);
    expect([...list]).toEqual(model);
    expect([...list.sortedIndexes()].map((index) => list.at(index))).toEqual([...model].sort());
  });
});
