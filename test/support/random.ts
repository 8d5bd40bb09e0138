/** A deterministic stream of numbers in [0, 1) (mulberry32), so a failing property test is replayed by its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * UTF-16 code units and characters where string encodings go wrong: ASCII's ends, the first
 * two- and three-byte UTF-8 characters, lone high and low surrogates, U+E000-U+FFFF (above every
 * surrogate in JavaScript's order, below astral characters in UTF-8's), astral characters.
 */
export const AWKWARD_UNITS = ['a', 'z', '-', '/', '\0', '\x7f', '\x80', 'é', '\u07ff', '\u0800', '\uD7FF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFFFD', '\uFFFF', '\u{10000}', '\u{1F600}', '\u{10FFFF}'];
