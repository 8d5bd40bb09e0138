import { Environment } from '../config/load';

/** Where the CLI writes and what it reads from its process; tests pass their own. */
export interface CliIo {
  /** Writes to stdout; `false` when the text was queued (wait for {@link drain} before more). */
  readonly stdout: (text: string) => unknown;
  /**
   * Resolves once stdout takes more: `true`, or `false` when its reader is gone (a closed pipe).
   * @default - stdout never pushes back
   */
  readonly drain?: () => Promise<boolean>;
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
  // A reader that closes early (`| head`) ends the output quietly: no stack trace, no further writes.
  let closed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  const drain = (): Promise<boolean> => {
    if (closed || process.stdout.destroyed) return Promise.resolve(false);
    if (!process.stdout.writableNeedDrain) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        for (const event of ['drain', 'error', 'close']) process.stdout.off(event, done);
        resolve(!closed && !process.stdout.destroyed);
      };
      for (const event of ['drain', 'error', 'close']) process.stdout.on(event, done);
    });
  };
  return {
    stdout: (text) => !closed && process.stdout.write(text),
    drain,
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
  [EXIT.system, 'the machine refused (a FIFO or device as config, read-only or full disk, not a folder, output folder locked by another synth, the API server unreachable, stdout closed by its reader before the end)'],
  [EXIT.internal, 'internal error (a bug: please report it with --verbose output)'],
  [130, 'synth stopped by SIGINT (143: SIGTERM, 129: SIGHUP) once the output folder was whole again'],
];

/** A mistake in the command line: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {}
