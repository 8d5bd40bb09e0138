import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { BOUNDED_HEAP_FROM_CONFIG_BYTES, HEAP_GROWTH_FLAG, heapGrowthFlag } from '../../lib/cli/_heap-growth';

const BIN = join(__dirname, '..', '..', 'bin', 'openhands-k8s.js');

describe('heapGrowthFlag', () => {
  test('bounds the growth when node was given nothing about it', () => {
    expect(heapGrowthFlag([])).toBe(HEAP_GROWTH_FLAG);
    expect(heapGrowthFlag(['--max-old-space-size=4096', '--enable-source-maps'])).toBe(HEAP_GROWTH_FLAG);
  });

  // V8 reads '-' and '_' in a flag's name alike: the user's value is kept however it is spelt.
  test.each(['--heap-growing-percent=30', '--heap_growing_percent=30', '--heap-growing_percent=30', '--heap_growing-percent=0'])('keeps a growth limit given to node as %s', (flag) => {
    expect(heapGrowthFlag([flag])).toBeUndefined();
  });

  // With V8's flags frozen, setting one is a fatal error; the last of a flag and its --no- form wins.
  test.each([
    [['--freeze-flags-after-init'], undefined],
    [['--freeze_flags_after_init'], undefined],
    [['--freeze-flags-after-init', '--no-freeze-flags-after-init'], HEAP_GROWTH_FLAG],
    [['--no-freeze-flags-after-init', '--freeze-flags-after-init'], undefined],
    [['--nofreeze-flags-after-init'], HEAP_GROWTH_FLAG],
  ])('with %j gives %s', (argv, expected) => {
    expect(heapGrowthFlag(argv)).toBe(expected);
  });
});

/** A preload that reports each V8 flag the CLI sets. */
function flagProbe(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ohk8s-heap-')), 'probe.js');
  writeFileSync(file, [
    "const v8 = require('node:v8');",
    'const setFlagsFromString = v8.setFlagsFromString;',
    'v8.setFlagsFromString = (flags) => {',
    '  process.stderr.write(`setFlags ${flags}\\n`);',
    '  return setFlagsFromString(flags);',
    '};',
  ].join('\n'));
  return file;
}

function config(sessions: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ohk8s-heap-')), 'config.toml');
  const ids = Array.from({ length: sessions }, (_, i) => `"s${i}"`).join(', ');
  writeFileSync(file, [
    '[kubernetes]', 'namespace = "heap"',
    '[sandbox]', 'runtime_container_image = "ghcr.io/acme/runtime:1.0"', 'keep_runtime_alive = true',
    '[extended.manifests]', 'name = "heap"', 'security_profile = "openhands"', `sessions = [${ids}]`, '',
  ].join('\n'));
  return file;
}

describe('the CLI bounds the heap of a large run', () => {
  const probe = flagProbe();
  // 12,000 sessions of 6 to 8 characters with quotes and commas: just over the size.
  const large = config(12_000);
  const small = config(10);
  const validate = (file: string, nodeArgs: string[] = []) => spawnSync(process.execPath, [...nodeArgs, '-r', probe, BIN, 'validate', '-c', file], { encoding: 'utf8' });

  test(`from configs of ${BOUNDED_HEAP_FROM_CONFIG_BYTES} bytes, and not below`, () => {
    expect(statSync(large).size).toBeGreaterThanOrEqual(BOUNDED_HEAP_FROM_CONFIG_BYTES);
    expect(statSync(large).size).toBeLessThan(2 * BOUNDED_HEAP_FROM_CONFIG_BYTES);
    const big = validate(large);
    expect(big.status).toBe(0);
    expect(big.stderr).toContain(`setFlags ${HEAP_GROWTH_FLAG}`);
    const little = validate(small);
    expect(little.status).toBe(0);
    expect(little.stderr).not.toContain('setFlags');
  });

  test('not over a limit given to node, and without aborting under frozen V8 flags', () => {
    for (const flag of ['--heap_growing-percent=30', '--freeze-flags-after-init']) {
      const result = validate(large, [flag]);
      expect(result.status).toBe(0);
      expect(result.stderr).not.toContain('setFlags');
    }
  });
});
