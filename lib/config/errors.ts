import { inertLine, inertText } from './inert';

/** One problem in a configuration: where it is, what is wrong, and what would be valid. */
export interface ConfigProblem {
  /** Dotted key path, like `kubernetes.resource_memory_limit`. */
  readonly key: string;
  /** Line in the config file, when the key is written there. */
  readonly line?: number;
  /** The environment variable the value came from, when it overrides the file. */
  readonly envVar?: string;
  /** The offending value, as the user wrote it, when there is one. */
  readonly value?: unknown;
  /** What is wrong and what would be valid. */
  readonly message: string;
}

/**
 * A configuration a user got wrong. It carries every problem found, so a single run reports them
 * all; the CLI prints `message` and exits 1 without a stack trace.
 */
export class ConfigError extends Error {
  /** Marks errors that are the user's to fix: the CLI prints them without a stack trace. */
  public readonly userError = true;

  constructor(public readonly file: string, public readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(file, problems));
    this.name = 'ConfigError';
  }
}

/** A file name as messages show it: JSON-quoted, and inert (see `inertLine`), when it holds anything a terminal would not print as itself. */
export function showFile(file: string): string {
  return inertLine(file) === file ? file : inertLine(JSON.stringify(file));
}

function formatProblems(name: string, problems: readonly ConfigProblem[]): string {
  const file = showFile(name);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [`${file}: ${count}:`, ...problems.map((problem) => `  ${formatProblem(file, problem)}`)].join('\n');
}

function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.envVar ? `${problem.envVar} (environment variable)` : `${file}${problem.line ? `:${problem.line}` : ''}`;
  const value = problem.value === undefined ? '' : ` = ${showValue(problem.value)}`;
  // Keys and messages carry what the config holds (an unknown key, a value): printed inert.
  return `${where}: ${inertLine(problem.key)}${value}: ${inertText(problem.message)}`;
}

function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  const text = typeof value === 'string' && value.includes('\n') ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return inertLine(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** Problems in several config files at once, reported together. */
export class ConfigErrors extends Error {
  /** Marks errors that are the user's to fix: the CLI prints them without a stack trace. */
  public readonly userError = true;

  constructor(public readonly errors: readonly ConfigError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.name = 'ConfigErrors';
  }
}

/** Whether an error is a user's mistake (bad config, bad input) rather than a bug. */
export function isUserError(error: unknown): error is Error {
  return error instanceof Error && (error as { userError?: boolean }).userError === true;
}
