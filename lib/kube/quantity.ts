/**
 * Kubernetes resource quantities (`500m`, `2Gi`, `1.5`, `1e3`), parsed with the API server's
 * grammar so that values can be checked and compared numerically, never as strings.
 */

const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  n: 1e-9, u: 1e-6, m: 1e-3,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** What a quantity measures, which decides the suffixes that make sense. */
export type QuantityKind = 'cpu' | 'memory' | 'storage';

/**
 * What `checkQuantity` accepts for a kind, as a JSON Schema pattern (no lookaround): a number
 * above 0 with at most 3 decimals, an exponent within ±1000, and for memory and storage no
 * `m`, `u` or `n` suffix (`512m` is 512 millibytes).
 */
export function quantityPattern(kind: QuantityKind): string {
  const nonZero = '0*[1-9]\\d*(\\.\\d{0,3})?|0*\\.([1-9]\\d{0,2}|\\d[1-9]\\d?|\\d\\d[1-9])';
  const units = kind === 'cpu' ? 'Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E' : 'Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E';
  return `^\\+?(${nonZero})(${units}|[eE][+-]?0*(\\d{1,3}|1000))?$`;
}

/** A quantity string that follows the grammar, with its value in base units (cores or bytes). */
export interface ParsedQuantity {
  readonly text: string;
  readonly value: number;
  readonly suffix: string;
}

/** Parses a quantity, or returns `undefined` when the text does not follow the grammar. */
export function parseQuantity(text: string): ParsedQuantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix = ''] = match;
  const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
  if (decimals > 3) return undefined;
  const multiplier = /^[eE][+-]?\d+$/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  const magnitude = Number(digits) * multiplier;
  return { text, value: sign === '-' ? -magnitude : magnitude, suffix };
}

/** Exponents beyond this are refused: comparing them exactly would cost unbounded memory. */
const MAX_EXPONENT = 1000;

/** A quantity as an exact number: `mantissa * 10^exp10 * 2^exp2`. */
interface ExactQuantity {
  readonly mantissa: bigint;
  readonly exp10: number;
  readonly exp2: number;
}

const SUFFIX_POWERS: Record<string, [exp10: number, exp2: number]> = {
  '': [0, 0], n: [-9, 0], u: [-6, 0], m: [-3, 0], k: [3, 0], M: [6, 0], G: [9, 0], T: [12, 0], P: [15, 0], E: [18, 0],
  Ki: [0, 10], Mi: [0, 20], Gi: [0, 30], Ti: [0, 40], Pi: [0, 50], Ei: [0, 60],
};

function exact(text: string): ExactQuantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix = ''] = match;
  const [whole, fraction = ''] = digits.split('.');
  const mantissa = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  const [exp10, exp2] = /^[eE][+-]?\d+$/.test(suffix) ? [Number(suffix.slice(1)), 0] : SUFFIX_POWERS[suffix];
  if (Math.abs(exp10) > MAX_EXPONENT) return undefined;
  return { mantissa, exp10: exp10 - fraction.length, exp2 };
}

/**
 * Compares two quantities exactly (decimal digits as BigInt, never through floating point), so
 * `9007199254740993` > `9007199254740992` and `2e400` > `1e400`. Returns -1, 0 or 1, or
 * `undefined` when either is not a quantity.
 */
export function compareQuantities(a: string, b: string): -1 | 0 | 1 | undefined {
  const x = exact(a);
  const y = exact(b);
  if (!x || !y) return undefined;
  // Scale both to the smaller powers of 10 and 2, so only whole numbers are compared.
  const e10 = Math.min(x.exp10, y.exp10);
  const e2 = Math.min(x.exp2, y.exp2);
  const scaled = (q: ExactQuantity) => q.mantissa * 10n ** BigInt(q.exp10 - e10) * 2n ** BigInt(q.exp2 - e2);
  const [left, right] = [scaled(x), scaled(y)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Checks a quantity for one kind of resource; returns `undefined` when valid, else a sentence
 * saying what is wrong, what would be valid and, where a likely intent is clear, a suggestion.
 */
export function checkQuantity(text: string, kind: QuantityKind): string | undefined {
  const parsed = parseQuantity(text);
  const example = kind === 'cpu' ? '"1", "500m" or "1.5"' : '"512Mi", "2Gi" or "10G"';
  const exponent = /[eE]([+-]?\d+)$/.exec(text);
  if (parsed && exponent && Math.abs(Number(exponent[1])) > MAX_EXPONENT) return `has an exponent beyond ±${MAX_EXPONENT}; write the value with a unit, like ${example}`;
  if (!parsed) {
    const suggestion = kind === 'cpu' ? undefined : suggestBinary(text);
    const hint = suggestion ? ` (did you mean ${suggestion}?)` : '';
    return `is not a Kubernetes quantity${hint}: use a number with an optional unit, like ${example}`;
  }
  if (kind !== 'cpu' && ['m', 'u', 'n'].includes(parsed.suffix)) {
    const unit = { m: 'milli', u: 'micro', n: 'nano' }[parsed.suffix];
    const hint = parsed.suffix === 'm' ? ` (did you mean ${text.slice(0, -1)}Mi?)` : '';
    return `means ${text.slice(0, -1)} ${unit}bytes${hint}: use a binary unit such as Mi or Gi, like ${example}`;
  }
  if (compareQuantities(text, '0')! <= 0) return `must be greater than 0, like ${example}`;
  return undefined;
}

/** `10 GB`, `10Gb`, `1K` and the like: the binary quantity the writer most likely meant. */
function suggestBinary(text: string): string | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtTpPeE])(?:i?[bB]?|[iI][bB]?)?\s*$/.exec(text);
  if (!match) return undefined;
  return `${match[1]}${match[2].toUpperCase()}i`;
}

/**
 * A quantity times a whole number, in the API server's canonical form (`"500m"` x 4 = `"2"`,
 * `"1.5Gi"` x 2 = `"3Gi"`): what Kubernetes stores, so a GitOps tool comparing strings sees no drift.
 */
export function scaleQuantity(text: string, factor: number): string {
  if (!Number.isSafeInteger(factor) || factor < 0) throw new Error(`${factor} is not a whole number`);
  return canonicalQuantity(text, BigInt(factor));
}

const BINARY_SUFFIX = /^(Ki|Mi|Gi|Ti|Pi|Ei)$/;
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES = new Map([[-9, 'n'], [-6, 'u'], [-3, 'm'], [0, ''], [3, 'k'], [6, 'M'], [9, 'G'], [12, 'T'], [15, 'P'], [18, 'E']]);

/**
 * A positive quantity (times `factor`) as resource.Quantity writes it back: rounded up to
 * nano-units; a binary suffix kept for whole numbers from 1024 on (the largest that divides it:
 * `3072Mi` is `3Gi`), else, like a decimal suffix, the smallest mantissa whose exponent is a
 * multiple of 3 (`1000m` is `1`, `0.1` is `100m`, `1000M` is `1G`); an exponent suffix stays one
 * (`1.5e9` is `1500e6`).
 */
export function canonicalQuantity(text: string, factor = 1n): string {
  const parsed = exact(text);
  const suffix = QUANTITY.exec(text)?.[3] ?? '';
  if (!parsed || parsed.mantissa < 0n) throw new Error(`"${text}" is not a positive Kubernetes quantity`);
  // value = digits * 10^exponent, with whole digits.
  let digits = parsed.mantissa * factor * 2n ** BigInt(parsed.exp2);
  let exponent = parsed.exp10;
  if (exponent < -9) {
    const unit = 10n ** BigInt(-9 - exponent);
    digits = (digits + unit - 1n) / unit;
    exponent = -9;
  }
  if (digits === 0n) return '0';
  if (BINARY_SUFFIX.test(suffix)) {
    const whole = exponent >= 0 ? digits * 10n ** BigInt(exponent) : digits % 10n ** BigInt(-exponent) === 0n ? digits / 10n ** BigInt(-exponent) : undefined;
    if (whole !== undefined && whole >= 1024n) {
      let power = 0;
      let mantissa = whole;
      while (power < BINARY_SUFFIXES.length - 1 && mantissa % 1024n === 0n) {
        mantissa /= 1024n;
        power += 1;
      }
      return `${mantissa}${BINARY_SUFFIXES[power]}`;
    }
  }
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent += 1;
  }
  while (((exponent % 3) + 3) % 3 !== 0) {
    digits *= 10n;
    exponent -= 1;
  }
  const decimal = DECIMAL_SUFFIXES.get(exponent);
  if (!/^[eE]/.test(suffix) && decimal !== undefined) return `${digits}${decimal}`;
  return exponent === 0 ? `${digits}` : `${digits}e${exponent}`;
}
