import { Environment } from '../config/load';

/** Where the CLI writes and what it reads from its process; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Environment;
  /** Whether stderr is a terminal (progress indicator, colour). */
  readonly isTty: boolean;
  /**
   * Reads all of standard input (`verify -`).
   * @default - no standard input: `-` is refused
   */
  readonly readStdin?: () => Promise<string>;
}

/** The real process: its streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: Boolean(process.stderr.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Exit codes, each with what it means (the help text lists them from here). */
export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
  system: 3,
  internal: 4,
} as const;

/** What each exit code means, in the order `--help` lists them. */
export const EXIT_MEANINGS: ReadonlyArray<readonly [code: number, meaning: string]> = [
  [EXIT.ok, 'success'],
  [EXIT.invalid, 'invalid configuration (or stale output with --check, output files synth did not write, a blocker found by preflight, smoke or verify)'],
  [EXIT.usage, 'usage error'],
  [EXIT.system, 'the machine refused (a FIFO or device as config, read-only or full disk, not a folder, output folder locked by another synth, the API server unreachable)'],
  [EXIT.internal, 'internal error (a bug: please report it with --verbose output)'],
];

/** A mistake in the command line: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {}
