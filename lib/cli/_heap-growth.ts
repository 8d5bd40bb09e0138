import { setFlagsFromString } from 'node:v8';
import type { LoadedEnvironment } from '../config/environments';
import { isAgentSandbox } from '../config/settings';

/** From this many sessions in one run, the heap's growth is bounded (below, the peak is small anyway). */
export const BOUNDED_HEAP_FROM_SESSIONS = 5000;

/** The bound: each full garbage collection lets the heap grow by 60% of what survived it at most. */
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=60';

/**
 * The V8 flag that bounds the heap's growth, or undefined where it must not be set: node was given
 * a growth limit of its own (V8 reads `-` and `_` in a flag's name alike), or V8's flags are
 * frozen (`--freeze-flags-after-init`, the last of it and its `--no-` form winning), where setting
 * one is a fatal error.
 */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  const given = execArgv.map((arg) => arg.split('=')[0].replace(/_/g, '-'));
  const freeze = given.filter((flag) => /^--(no-?)?freeze-flags-after-init$/.test(flag)).pop();
  return given.includes('--heap-growing-percent') || freeze === '--freeze-flags-after-init' ? undefined : HEAP_GROWTH_FLAG;
}

/**
 * Bounds the heap's growth for a large run. After each full garbage collection V8 lets the heap
 * grow to up to four times what survived it; synth and plan make many short-lived objects per
 * session, so at 100,000 sessions most of a 380 MiB peak was garbage, and growing by 60% at most
 * keeps it near 250 MiB. Set only from {@link BOUNDED_HEAP_FROM_SESSIONS} sessions: a flag set at
 * run time makes Node compile the built-in modules it loads later without their code cache (some
 * 15 ms of a small run's start), and V8 checks the CLI's own code cache against the flags, which
 * is why it is set now, once the CLI is compiled, and never at start-up.
 * @returns whether the bound was set
 */
export function boundHeapGrowth(environments: readonly LoadedEnvironment[], execArgv: readonly string[] = process.execArgv): boolean {
  const sessions = environments.reduce((total, { settings }) => total + (isAgentSandbox(settings) ? 0 : settings.sessions.length), 0);
  const flag = sessions >= BOUNDED_HEAP_FROM_SESSIONS ? heapGrowthFlag(execArgv) : undefined;
  if (flag !== undefined) setFlagsFromString(flag);
  return flag !== undefined;
}
