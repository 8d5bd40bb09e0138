import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/**
 * From configs this large in all, the heap's growth is bounded: sessions are what makes a config
 * large (64 KiB: about 2,000 to 7,000 of them, by the length of their ids); below, the peak is
 * small anyway.
 */
export const BOUNDED_HEAP_FROM_CONFIG_BYTES = 64 * 1024;

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
 * Bounds the heap's growth for a large run, before its configs are read. After each full garbage
 * collection V8 lets the heap grow to up to four times what survived it; synth and plan make many
 * short-lived objects per session (reading a config of 100,000 sessions too), so at 100,000
 * sessions most of a 290 to 390 MiB peak was garbage, and growing by 60% at most keeps it near 200
 * to 260 MiB. Set only for configs of {@link BOUNDED_HEAP_FROM_CONFIG_BYTES} or more: a flag set
 * at run time makes Node compile the built-in modules it loads later without their code cache
 * (some 15 ms of a small run's start), and V8 checks the CLI's own code cache against the flags,
 * which is why it is set here, once the CLI is compiled, and never at start-up.
 * @param configs the config files (one that cannot be read counts as empty: loading reports it)
 * @returns whether the bound was set
 */
export function boundHeapGrowth(configs: readonly string[], execArgv: readonly string[] = process.execArgv): boolean {
  const bytes = configs.reduce((total, file) => total + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
  const flag = bytes >= BOUNDED_HEAP_FROM_CONFIG_BYTES ? heapGrowthFlag(execArgv) : undefined;
  if (flag !== undefined) setFlagsFromString(flag);
  return flag !== undefined;
}
