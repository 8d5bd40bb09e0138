import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../lib/cli';
import { IMAGE } from '../support/fixtures';

/** The node:fs module object itself (an `import *` namespace cannot be spied on). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('node:fs') = require('node:fs');

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (text: string) => { out.stdout += text; }, stderr: (text: string) => { out.stderr += text; }, env: {}, isTty: false } };
}

/** A folder with a config and the output it produced. */
async function synthesized(): Promise<{ dir: string; config: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-system-'));
  const config = join(dir, 'config.toml');
  writeFileSync(config, `[kubernetes]\nnamespace = "a"\n[sandbox]\nruntime_container_image = "${IMAGE}"\n`);
  const out = join(dir, 'dist');
  expect(await run(['synth', '-c', config, '--out', out], io().io)).toBe(0);
  writeFileSync(config, `[kubernetes]\nnamespace = "b"\n[sandbox]\nruntime_container_image = "${IMAGE}"\n`);
  return { dir, config, out };
}

describe('the machine\'s faults (exit 3)', () => {
  afterEach(() => jest.restoreAllMocks());

  test.each([
    ['a read-only folder', 'openSync', 'EROFS', /EROFS/],
    ['a folder without permission', 'openSync', 'EACCES', /EACCES/],
    ['a full disk', 'writeSync', 'ENOSPC', /ENOSPC/],
  ] as const)('%s exits 3 with the reason and keeps the previous output', async (_case, method, code, reason) => {
    const { config, out } = await synthesized();
    const before = readFileSync(join(out, 'config.k8s.yaml'), 'utf8');
    const real = fs[method] as (...args: unknown[]) => unknown;
    jest.spyOn(fs, method).mockImplementation(((...args: unknown[]) => {
      const target = String(args[0]);
      if (method === 'openSync' ? target.startsWith(out) : true) throw Object.assign(new Error(`${code}: injected, ${method}`), { code });
      return real(...args);
    }) as never);
    const { out: printed, io: cliIo } = io();
    expect(await run(['synth', '-c', config, '--out', out], cliIo)).toBe(3);
    expect(printed.stderr).toMatch(reason);
    jest.restoreAllMocks();
    expect(readFileSync(join(out, 'config.k8s.yaml'), 'utf8')).toBe(before);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))).toEqual([]);
  });
});
