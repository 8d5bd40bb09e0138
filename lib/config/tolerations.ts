/** A toleration as the Kubernetes API names its fields. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

/** The outcome of reading `tolerations_yaml`: the tolerations, or every problem found in it. */
export interface TolerationsResult {
  readonly tolerations: Toleration[];
  readonly problems: string[];
}

/**
 * Reads `kubernetes.tolerations_yaml` the way OpenHands does (a YAML 1.1 list whose items use the
 * Python client's snake_case names) and applies the API server's toleration rules to each item.
 * Blank text is no tolerations, as in OpenHands.
 */
export function parseTolerations(text: string | undefined): TolerationsResult {
  // Unset, "" and whitespace mean "no tolerations" to OpenHands.
  if (text === undefined || text.trim() === '') return { tolerations: [], problems: [] };
  // The YAML reader is loaded only here: it costs ~20 ms of start-up and most configs set none.
  const { readTolerations } = require('./_read-tolerations') as typeof import('./_read-tolerations');
  return readTolerations(text);
}
