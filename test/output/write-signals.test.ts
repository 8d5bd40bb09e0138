// Synth stopped by SIGKILL, SIGINT or SIGTERM at random instants, in both layouts: the folder is
// always the old or the new output, whole (manifest included), and the next synth, of another
// config, succeeds without --force and leaves exactly its own output, no leftovers.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'openhands-k8s.js');
const ROUNDS = 30;
const PARALLEL = 3;

/** Every file below `dir`, with its content (synth's bookkeeping included: a leftover shows). */
function snapshot(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else result[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return result;
}

/** Two configs with different names (so different files) and settings, in a layout. */
function configs(layout: 'single-file' | 'per-object'): [string, string] {
  const sessions = Array.from({ length: 40 }, (_, i) => `"s${i}"`).join(', ');
  const config = (name: string, cpu: string) => `[kubernetes]\nnamespace = "sbx"\nresource_cpu_request = "${cpu}"\n[sandbox]\nkeep_runtime_alive = true\nruntime_container_image = "ghcr.io/x/runtime:1"\n[extended.manifests]\nname = "${name}"\nlayout = "${layout === 'single-file' ? 'file' : layout}"\nsessions = [${sessions}]\n[extended.manifests.governance]\nmax_sessions = 40\n`;
  return [config('env', '1'), config('other', '2')];
}

interface Run { code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }

/** Runs synth in `cwd`; with `stop`, sends that signal after `delay` ms. */
function synth(cwd: string, stop?: { signal: NodeJS.Signals; delay: number }): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'synth', '--out', 'out'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
  if (stop) setTimeout(() => child.kill(stop.signal), stop.delay);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, ms: Date.now() - started })));
}

describe.each(['single-file', 'per-object'] as const)('synth stopped at random instants, %s layout (the built CLI)', (layout) => {
  const tomls = configs(layout);
  const outputs: Array<Record<string, string>> = [];
  let full = 0;

  beforeAll(async () => {
    for (const toml of tomls) {
      const fresh = mkdtempSync(join(tmpdir(), 'ohk8s-expected-'));
      writeFileSync(join(fresh, 'config.toml'), toml);
      const run = await synth(fresh);
      expect([run.code, run.stderr]).toEqual([0, ""]);
      full = Math.max(full, run.ms);
      outputs.push(snapshot(join(fresh, 'out')));
    }
  }, 60_000);

  test.each(['SIGKILL', 'SIGINT', 'SIGTERM'] as const)(`${ROUNDS} runs stopped by %s: old or new output, whole; the next synth of another config succeeds without --force`, async (signal) => {
    const instants: string[] = [];
    const folder = async (lane: number) => {
      const cwd = mkdtempSync(join(tmpdir(), 'ohk8s-signal-'));
      writeFileSync(join(cwd, 'config.toml'), tomls[0]);
      expect((await synth(cwd)).code).toBe(0);
      let current = 0;
      for (let round = lane; round < ROUNDS; round += PARALLEL) {
        const next = 1 - current;
        writeFileSync(join(cwd, 'config.toml'), tomls[next]);
        const delay = Math.floor(Math.random() * full * 1.2);
        const stopped = await synth(cwd, { signal, delay });
        instants.push(`${delay} ms: ${stopped.code ?? stopped.signal}`);
        if (signal !== 'SIGKILL') {
          // Held signals: the run ends with the folder whole, old or new, and nothing of its own left.
          const now = snapshot(join(cwd, 'out'));
          const whole = [outputs[current], outputs[next]].findIndex((output) => JSON.stringify(output) === JSON.stringify(now));
          expect({ delay, whole, files: Object.keys(now).filter((path) => path.startsWith('.') || path.includes('/.')) }).toEqual({ delay, whole: expect.any(Number), files: expect.any(Array) });
          expect(whole).toBeGreaterThanOrEqual(0);
          if (stopped.code === (signal === 'SIGINT' ? 130 : 143)) {
            expect(now).toEqual(outputs[next]);
            expect(stopped.stderr).toMatch(new RegExp(`stopped by ${signal} after the switch: out/ holds the new output`));
          } else {
            expect([stopped.code, stopped.signal]).toEqual(expect.arrayContaining([null]));
          }
        }
        // The next run, of the other config again (a different one from the stopped run's), without --force.
        const back = 1 - next;
        writeFileSync(join(cwd, 'config.toml'), tomls[back]);
        const after = await synth(cwd);
        expect({ delay, code: after.code, stderr: after.stderr }).toEqual({ delay, code: 0, stderr: '' });
        expect(snapshot(join(cwd, 'out'))).toEqual(outputs[back]);
        current = back;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, (_, lane) => folder(lane)));
    expect(instants).toHaveLength(ROUNDS);
  }, 600_000);
});
