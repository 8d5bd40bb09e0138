import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'openhands-k8s.js');

/**
 * A preload that reports, at exit, whether V8 took the code cache the bin hands it, and each V8
 * flag the bin sets (with whether the cached bundle was compiled by then).
 */
function cacheProbe(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ohk8s-bin-')), 'probe.js');
  writeFileSync(file, [
    "const vm = require('node:vm');",
    "const v8 = require('node:v8');",
    'let compiled = false;',
    'const Script = vm.Script;',
    'vm.Script = class extends Script {',
    '  constructor(source, options) {',
    '    super(source, options);',
    '    if (options && options.cachedData) {',
    '      compiled = true;',
    "      process.on('exit', () => process.stderr.write(`cachedDataRejected=${this.cachedDataRejected}\\n`));",
    '    }',
    '  }',
    '};',
    'const setFlagsFromString = v8.setFlagsFromString;',
    'v8.setFlagsFromString = (flags) => {',
    '  process.stderr.write(`setFlags ${flags} compiled=${compiled}\\n`);',
    '  return setFlagsFromString(flags);',
    '};',
  ].join('\n'));
  return file;
}

describe('bin/openhands-k8s.js', () => {
  const probe = cacheProbe();
  const run = (nodeArgs: string[] = []) => spawnSync(process.execPath, [...nodeArgs, '-r', probe, BIN, '--help'], { encoding: 'utf8' });

  // The heap's growth is bounded with a V8 flag, and V8 refuses a code cache made under other
  // flags: set before the bundle is compiled, it would silently double the start-up time.
  test('bounds the heap\'s growth only after V8 took the code cache', () => {
    expect(existsSync(join(ROOT, 'build', 'cli.cache'))).toBe(true);
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('cachedDataRejected=false');
    expect(result.stderr).toContain('setFlags --heap-growing-percent=60 compiled=true');
  });

  test('runs under a growth limit given to node itself', () => {
    const result = run(['--heap-growing-percent=30']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage:');
    expect(result.stderr).not.toContain('setFlags');
  });

  // V8 reads '-' and '_' in a flag's name alike: the user's value is kept however it is spelt.
  test.each(['--heap_growing_percent=30', '--heap-growing_percent=30', '--heap_growing-percent=30'])('keeps a growth limit given to node as %s', (flag) => {
    const result = run([flag]);
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('setFlags');
  });

  // With V8's flags frozen, setting one aborts the process (a V8 fatal error and a native stack trace).
  test.each(['--freeze-flags-after-init', '--freeze_flags_after_init'])('runs with V8\'s flags frozen by %s, and sets none', (flag) => {
    const result = run([flag]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage:');
    expect(result.stderr).not.toContain('setFlags');
  });

  test('sets the growth limit when node was told not to freeze V8\'s flags after all', () => {
    const result = run(['--freeze-flags-after-init', '--no-freeze-flags-after-init']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('setFlags --heap-growing-percent=60 compiled=true');
  });
});
