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

/**
 * Checks a quantity for one kind of resource; returns `undefined` when valid, else a sentence
 * saying what is wrong, what would be valid and, where a likely intent is clear, a suggestion.
 */
export function checkQuantity(text: string, kind: QuantityKind): string | undefined {
  const parsed = parseQuantity(text);
  const example = kind === 'cpu' ? '"1", "500m" or "1.5"' : '"512Mi", "2Gi" or "10G"';
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
  if (parsed.value <= 0) return `must be greater than 0, like ${example}`;
  return undefined;
}

/** `10 GB`, `10Gb`, `1K` and the like: the binary quantity the writer most likely meant. */
function suggestBinary(text: string): string | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtTpPeE])(?:i?[bB]?|[iI][bB]?)?\s*$/.exec(text);
  if (!match) return undefined;
  return `${match[1]}${match[2].toUpperCase()}i`;
}

/** A quantity times a whole number, written with the same suffix (`"1Gi"` x 3 = `"3Gi"`). */
export function scaleQuantity(text: string, factor: number): string {
  const parsed = parseQuantity(text);
  if (!parsed) throw new Error(`"${text}" is not a Kubernetes quantity`);
  const number = text.slice(0, text.length - parsed.suffix.length);
  const scaled = Number((Number(number) * factor).toFixed(3));
  return `${scaled}${parsed.suffix}`;
}
