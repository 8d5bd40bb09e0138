import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VALID, workspace } from '../support/workspace';

const BIN = join(resolve(__dirname, '..', '..'), 'bin', 'openhands-k8s.js');

function cli(cwd: string, args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('openhands-k8s verify (built CLI)', () => {
  test('the output folder by default, a file, and standard input; json; exit 1 naming the problem', () => {
    const dir = workspace({ 'config.toml': `${VALID}[extended.manifests]\nsessions = ["a"]\n` });
    expect(cli(dir, ['synth']).code).toBe(0);
    expect(cli(dir, ['verify'])).toMatchObject({ code: 0, stdout: 'ok: 22 objects are coherent (sandboxes in sbx)\n' });
    expect(cli(dir, ['verify', 'dist/config.k8s.yaml']).code).toBe(0);
    const patched = readFileSync(join(dir, 'dist', 'config.k8s.yaml'), 'utf8').replace(/image: docker\.all-hands\.dev\S+/, 'image: evil.example/x:1').replace(/(\n {2}selector:\n {4}app: openhands-runtime\n {4}session: a)/g, '$1\n    team: ai');
    const result = cli(dir, ['verify', '-'], patched);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^error: Service\/sbx\/openhands-runtime-a-svc spec\.selector\[team\]: selects team=ai, which the pods OpenHands creates never carry/m);
    expect(result.stdout).toMatch(/^error: Pod\/sbx\/openhands-runtime-a spec\.containers\[0\]\.image: evil\.example\/x:1 is not the image ValidatingAdmissionPolicy\/openhands-sandbox-sbx-pods admits .*; change sandbox\.runtime_container_image instead/m);
    expect(result.stdout).toMatch(/3 problem\(s\) in 22 objects \(sandboxes in sbx\)\n$/);
    const json = JSON.parse(cli(dir, ['verify', '-', '--format', 'json'], patched).stdout);
    expect(json.problems.map((p: any) => `${p.object} ${p.field}`)).toEqual(['Service/sbx/openhands-runtime-a-svc spec.selector[team]', 'Service/sbx/openhands-runtime-a-svc-code spec.selector[team]', 'Pod/sbx/openhands-runtime-a spec.containers[0].image']);
  });

  test('usage and input errors', () => {
    const dir = workspace();
    expect(cli(dir, ['verify', '--format', 'markdown', '-']).code).toBe(2);
    expect(cli(dir, ['verify', 'a', 'b']).stderr).toMatch(/unexpected argument "b"/);
    expect(cli(dir, ['verify'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^dist\/: 1 problem:\n {2}dist\/: \(folder\): holds no output of openhands-k8s synth/) });
    expect(cli(dir, ['verify', '-'], 'kind: [')).toMatchObject({ code: 1, stderr: expect.stringMatching(/\(standard input\): document 1: is not valid YAML/) });
    expect(cli(dir, ['verify', 'missing.yaml']).code).toBe(3);
  });
});

describe('environments per cluster', () => {
  test('configs sharing a namespace: refused together with the way out; one output folder per cluster works', () => {
    const dir = workspace({ 'envs/staging.toml': VALID, 'envs/prod.toml': VALID });
    const together = cli(dir, ['synth', '-c', 'envs']);
    expect(together.code).toBe(1);
    expect(together.stderr.match(/makes too/g)).toHaveLength(1);
    expect(together.stderr).toMatch(/For different clusters, synthesize each into an output folder of its own \(openhands-k8s synth -c envs\/prod\.toml -o dist\/<cluster>, then -c envs\/staging\.toml -o dist\/<other cluster>\)/);
    for (const env of ['staging', 'prod']) {
      expect(cli(dir, ['synth', '-c', `envs/${env}.toml`, '-o', `dist/${env}`]).code).toBe(0);
      expect(cli(dir, ['synth', '--check', '-c', `envs/${env}.toml`, '-o', `dist/${env}`]).code).toBe(0);
      expect(cli(dir, ['verify', '-o', `dist/${env}`]).code).toBe(0);
    }
  });
});
