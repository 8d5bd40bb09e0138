import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'openhands-k8s.js');

/** A preload that reports, at exit, whether V8 took the code cache the bin hands it. */
function cacheProbe(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ohk8s-bin-')), 'probe.js');
  writeFileSync(file, [
    "const vm = require('node:vm');",
    'const Script = vm.Script;',
    'vm.Script = class extends Script {',
    '  constructor(source, options) {',
    '    super(source, options);',
    "    if (options && options.cachedData) process.on('exit', () => process.stderr.write(`cachedDataRejected=${this.cachedDataRejected}\\n`));",
    '  }',
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
  });

  test('runs under a growth limit given to node itself', () => {
    const result = run(['--heap-growing-percent=30']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage:');
  });
});
