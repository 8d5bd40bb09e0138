/** The signals that ask synth to stop, with the exit code a shell gives a process they end (128 + number). */
const STOPPING: ReadonlyArray<readonly [NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];

/**
 * Holds SIGINT, SIGTERM and SIGHUP while synth writes the output folder, so that a switch is never
 * cut short: the write runs to its end (every file switched in) or fails and rolls back, and only
 * then does the signal take effect. (SIGKILL cannot be held; the journal covers it.)
 */
export class HeldSignals {
  private received?: NodeJS.Signals;
  private readonly listeners = STOPPING.map(([signal]) => [signal, () => { this.received ??= signal; }] as const);

  constructor() {
    for (const [signal, listener] of this.listeners) process.on(signal, listener);
  }

  /**
   * Lets a signal that came during the synchronous write reach its listener, stops holding, and
   * returns the exit code it asks for (undefined when none came).
   */
  async release(): Promise<{ signal: NodeJS.Signals; code: number } | undefined> {
    // A signal that arrived meanwhile is delivered on the next turns of the event loop.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    for (const [signal, listener] of this.listeners) process.off(signal, listener);
    const code = STOPPING.find(([signal]) => signal === this.received)?.[1];
    return this.received !== undefined && code !== undefined ? { signal: this.received, code } : undefined;
  }
}
