// synth --stdout as a writer into a pipe: it waits for a slow reader and stops quietly when the
// reader goes away.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../../lib/cli';

const BIN = join(resolve(__dirname, '..', '..'), 'bin', 'openhands-k8s.js');

/** A per-object config with `sessions` sessions: several files, each written as it is rendered. */
function workspaceWith(sessions: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-stdout-'));
  const ids = Array.from({ length: sessions }, (_, i) => `"s${i}"`).join(', ');
  writeFileSync(join(dir, 'config.toml'), `[kubernetes]\nnamespace = "sbx"\n[sandbox]\nkeep_runtime_alive = true\nruntime_container_image = "ghcr.io/x/runtime:1"\n[extended.manifests]\nname = "env"\nlayout = "per-object"\nsessions = [${ids}]\n[extended.manifests.governance]\nmax_sessions = ${sessions}\n`);
  return dir;
}

describe('synth --stdout', () => {
  test('writes nothing more while stdout pushes back, until it drains; stops (exit 3) when the reader is gone', async () => {
    const dir = workspaceWith(3);
    const written: string[] = [];
    let waiting = 0;
    let release: (more: boolean) => void = () => undefined;
    const io = {
      stdout: (text: string) => {
        written.push(text);
        return false; // every write fills the pipe
      },
      drain: () => new Promise<boolean>((resolve) => {
        waiting += 1;
        release = resolve;
      }),
      stderr: () => undefined,
      env: {},
      isTty: false,
    };
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const done = run(['synth', '--stdout'], io);
      for (let turn = 0; turn < 50 && waiting === 0; turn++) await new Promise((r) => setTimeout(r, 20));
      // One write, then it waits.
      expect([written.length, waiting]).toEqual([1, 1]);
      await new Promise((r) => setTimeout(r, 50));
      expect(written.length).toBe(1);
      release(true);
      for (let turn = 0; turn < 50 && waiting === 1; turn++) await new Promise((r) => setTimeout(r, 20));
      expect([written.length, waiting]).toEqual([2, 2]);
      release(false); // the reader closed the pipe
      expect(await done).toBe(3);
      expect(written.length).toBe(2);
    } finally {
      process.chdir(cwd);
    }
  });

  test('into a pipe whose reader closes early: exit 3, nothing on stderr, no stack trace', async () => {
    const dir = workspaceWith(200);
    const child = spawn(process.execPath, [BIN, 'synth', '--stdout'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr: stderr.replace(/^config\.toml: warning.*\n/gm, '') }).toEqual({ code: 3, stderr: '' });
  }, 60_000);
});
