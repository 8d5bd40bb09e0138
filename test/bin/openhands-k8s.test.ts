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
  // V8 refuses a code cache made under other flags: a flag set before the bundle is compiled
  // (the CLI's heap bound, say) would silently double the start-up time.
  test('hands V8 the code cache of the bundle, which V8 takes', () => {
    expect(existsSync(join(ROOT, 'build', 'cli.cache'))).toBe(true);
    const result = spawnSync(process.execPath, ['-r', cacheProbe(), BIN, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage:');
    expect(result.stderr).toContain('cachedDataRejected=false');
  });
});
