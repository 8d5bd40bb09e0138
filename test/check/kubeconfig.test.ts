import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startFakeCluster } from '../support/fake-api-server';
import { IMAGE } from '../support/fixtures';
import { workspace } from '../support/workspace';

const BIN = resolve(__dirname, '..', '..', 'bin', 'openhands-k8s.js');
const CONFIG = `[kubernetes]\nnamespace = "sbx"\n[sandbox]\nruntime_container_image = "${IMAGE}"\n[extended.manifests]\nsessions = []\n[extended.manifests.governance]\nkubernetes_version = "1.36"\n`;
const STANDARD = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } };

/** Runs the built CLI without blocking the event loop (the fake server answers it). */
function cli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// Plain HTTP on loopback: the client library wants insecure-skip-tls-verify for it, as it should.
const kubeconfig = (server: string, insecure = true) => [
  'apiVersion: v1', 'kind: Config',
  `clusters: [{name: fake, cluster: {server: "${server}"${insecure ? ', insecure-skip-tls-verify: true' : ''}}}]`,
  'users: [{name: u, user: {token: fake-token}}]',
  'contexts: [{name: fake, context: {cluster: fake, user: u}}]',
  'current-context: fake', '',
].join('\n');

describe('the built CLI through a kubeconfig (the official client library, outside the bundle)', () => {
  test('synth, then preflight and smoke on a 1.36 cluster holding the output: exit 0', async () => {
    const dir = workspace({ 'config.toml': CONFIG });
    expect((await cli(dir, ['synth'])).code).toBe(0);
    const { loadAll } = await import('js-yaml');
    const { readFileSync } = await import('node:fs');
    const applied = loadAll(readFileSync(join(dir, 'dist', 'config.k8s.yaml'), 'utf8')) as any[];
    const fresh = await startFakeCluster({ minor: 36 }, [STANDARD]);
    const live = await startFakeCluster({ minor: 36 }, [STANDARD, ...applied]);
    try {
      writeFileSync(join(dir, 'fresh.yaml'), kubeconfig(fresh.url));
      writeFileSync(join(dir, 'live.yaml'), kubeconfig(live.url));
      const before = await cli(dir, ['preflight', '--kubeconfig', 'fresh.yaml']);
      expect(before.stderr).toBe('');
      expect(before.stdout).toMatch(/^ok +config: admissionregistration\.k8s\.io\/v1 MutatingAdmissionPolicy: served$/m);
      expect(before.stdout).toMatch(/ready to apply \(context fake \(http:\/\/127\.0\.0\.1:\d+\)\)\n$/);
      expect(before.code).toBe(0);
      const after = await cli(dir, ['smoke', '--kubeconfig', 'live.yaml', '--format', 'json']);
      expect(after.code).toBe(0);
      const checks = JSON.parse(after.stdout).checks;
      expect(checks.length).toBeGreaterThan(6);
      expect(checks.every((check: any) => check.status === 'ok')).toBe(true);
      expect([...fresh.requests, ...live.requests].filter((r) => r.method !== 'GET' && !r.url.includes('dryRun=All'))).toEqual([]);
    } finally {
      await fresh.close();
      await live.close();
    }
  }, 30_000);

  test('an unknown context and an unusable kubeconfig (exit 1), an unreachable server through $KUBECONFIG (exit 3)', async () => {
    const dir = workspace({ 'config.toml': CONFIG });
    const fake = await startFakeCluster({ minor: 36 }, [STANDARD]);
    const url = fake.url;
    writeFileSync(join(dir, 'kc.yaml'), kubeconfig(url));
    const unknown = await cli(dir, ['preflight', '--kubeconfig', 'kc.yaml', '--context', 'prod']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/kc\.yaml: 1 problem:\n {2}kc\.yaml: contexts = "prod": has no such context; it has fake/);
    writeFileSync(join(dir, 'plain.yaml'), kubeconfig(url, false));
    const plain = await cli(dir, ['preflight', '--kubeconfig', 'plain.yaml']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/plain\.yaml: context fake: cannot be used: HTTP protocol is not allowed/);
    await fake.close();
    const down = await cli(dir, ['smoke'], { KUBECONFIG: join(dir, 'kc.yaml') });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/^openhands-k8s: context fake \(http:\/\/127\.0\.0\.1:\d+\): cannot reach the API server: connect ECONNREFUSED/);
  }, 30_000);
});
