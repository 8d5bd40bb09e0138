import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import Module from 'node:module';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'build', 'cli.js');
const SCRIPT = join(ROOT, 'scripts', 'code-cache.js');

/** Runs scripts/code-cache.js on the built bundle with some environment; returns its result and the cache file. */
function makeCache(env: Record<string, string>) {
  const cache = join(mkdtempSync(join(tmpdir(), 'ohk8s-cache-')), 'cli.cache');
  const result = spawnSync(process.execPath, [SCRIPT, BUNDLE, cache], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { result, cache };
}

describe('scripts/code-cache.js', () => {
  test('writes a code cache V8 accepts for the bundle, holding more than its top level', () => {
    const { result, cache } = makeCache({});
    expect(result.status).toBe(0);
    const source = Module.wrap(readFileSync(BUNDLE, 'utf8'));
    const cold = new Script(source, { filename: BUNDLE }).createCachedData();
    const warm = new Script(source, { filename: BUNDLE, cachedData: readFileSync(cache) });
    expect(warm.cachedDataRejected).toBe(false);
    expect(readFileSync(cache).length).toBeGreaterThan(2 * cold.length);
  });

  test('ignores the caller\'s OpenHands environment overrides, which synth would refuse', () => {
    const { result, cache } = makeCache({ DEBUG: 'express:*', SANDBOX_USER_ID: '1000', KUBERNETES_NAMESPACE: 'Not A Name' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(cache)).toBe(true);
  });
});
