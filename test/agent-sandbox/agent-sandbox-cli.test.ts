import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { agentSandboxToml } from './support';

const BIN = join(resolve(__dirname, '..', '..'), 'bin', 'openhands-k8s.js');

function cli(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(toml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-as-'));
  writeFileSync(join(dir, 'config.toml'), toml);
  return dir;
}

describe('openhands-k8s CLI, target agent-sandbox', () => {
  const toml = agentSandboxToml('[kubernetes]\nnamespace = "agents"\ningress_domain = "sbx.example.com"', '[extended.manifests.agent_sandbox]\nbrowser_routes = "httproute"\ngateway_name = "public"\nweb_url = "https://openhands.example.com"');

  test('synth writes the file and kustomization, --check passes, --stdout prints the same objects', () => {
    const dir = workspace(toml);
    const synth = cli(dir, ['synth']);
    expect(synth.code).toBe(0);
    expect(synth.stdout).toMatch(/config: 17 objects, agent-sandbox, pool openhands-pool -> config\.k8s\.yaml/);
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['.openhands-k8s-manifest.json', 'config.k8s.yaml', 'kustomization.yaml', 'kustomizeconfig.yaml']);
    expect(cli(dir, ['synth', '--check']).code).toBe(0);
    expect(cli(dir, ['synth', '--stdout']).stdout).toBe(readFileSync(join(dir, 'dist', 'config.k8s.yaml'), 'utf8'));
  });

  test('per-object layout writes one file per object', () => {
    const dir = workspace(toml.replace('target = "agent-sandbox"', 'target = "agent-sandbox"\nlayout = "per-object"'));
    expect(cli(dir, ['synth']).code).toBe(0);
    expect(readdirSync(join(dir, 'dist', 'config')).sort()).toEqual([
      'configmap-openhands-sandbox-server-env.yaml', 'httproute-openhands-sandbox-router.yaml', 'limitrange-openhands-sandboxes.yaml', 'namespace-agents.yaml',
      'referencegrant-openhands-sandbox-router-agents.yaml', 'resourcequota-openhands-sandboxes.yaml', 'role-openhands-app-server.yaml', 'rolebinding-openhands-app-server.yaml',
      'sandboxtemplate-openhands-agent-server.yaml', 'sandboxwarmpool-openhands-pool.yaml',
      'serviceaccount-default.yaml', 'serviceaccount-openhands-app-server.yaml', 'serviceaccount-openhands-sandbox.yaml',
      'validatingadmissionpolicy-openhands-sandbox-agents-sandboxclaims.yaml', 'validatingadmissionpolicy-openhands-sandbox-agents-sandboxes.yaml',
      'validatingadmissionpolicybinding-openhands-sandbox-agents-sandboxclaims.yaml', 'validatingadmissionpolicybinding-openhands-sandbox-agents-sandboxes.yaml',
    ]);
  });

  test('plan shows the objects, the per-sandbox resources, the sandbox-server env, a sample sandbox\'s URLs and the router set-up', () => {
    const { code, stdout } = cli(workspace(toml), ['plan']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/target +agent-sandbox \(sandboxes are claimed on demand/);
    expect(stdout).toMatch(/SandboxTemplate +1\n/);
    expect(stdout).toMatch(/memory limits per sandbox +2Gi\n/);
    expect(stdout).toMatch(/env OH_SANDBOX_NAMESPACE +agents\n/);
    expect(stdout).toMatch(/env OH_SANDBOX_WARM_POOL +openhands-pool\n/);
    expect(stdout).toMatch(/browser route hosts +sbx\.example\.com\n/);
    expect(stdout).toMatch(/URL AGENT_SERVER \(sandbox 4Xk9TqZr2Lm8Vb3Nc7Hd1S\) +https:\/\/sbx\.example\.com\/sandboxes\/agents\/oh-agent-server-4xk9tqzr2lm8vb3nc7hd1s-[0-9a-f]{6}\/8000\n/);
    expect(stdout).toMatch(/URL VSCODE \(sandbox 4Xk9TqZr2Lm8Vb3Nc7Hd1S\) +https:\/\/sbx\.example\.com\/sandboxes\/agents\/oh-agent-server-4xk9tqzr2lm8vb3nc7hd1s-[0-9a-f]{6}\/8001\n/);
    expect(stdout).toMatch(/note: browser route \(httproute\): start the sandbox-router with --path-routing-prefix=\/sandboxes/);
    const json = JSON.parse(cli(workspace(toml), ['plan', '--format', 'json']).stdout);
    expect(json.environments[0]).toMatchObject({ target: 'agent-sandbox', sessions: { count: 0, ids: [] }, sandboxServerEnv: { RUNTIME: 'kubernetes' }, totals: { per: 'sandbox' } });
  });

  test('plan lists what switching a config from the V0 runtime to agent-sandbox leaves in the cluster, with the commands to delete it', () => {
    const dir = workspace('[kubernetes]\nnamespace = "agents"\n[sandbox]\nruntime_container_image = "ghcr.io/all-hands-ai/runtime:0.62-nikolaik"\nkeep_runtime_alive = true\n');
    expect(cli(dir, ['synth']).code).toBe(0);
    writeFileSync(join(dir, 'config.toml'), agentSandboxToml('[kubernetes]\nnamespace = "agents"'));
    const json = JSON.parse(cli(dir, ['plan', '--format', 'json']).stdout).environments[0];
    expect(json.target).toBe('agent-sandbox');
    expect(json.leftInCluster).toEqual(expect.arrayContaining([
      { apiVersion: 'v1', kind: 'Pod', name: 'openhands-runtime-default', namespace: 'agents' },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', name: 'openhands-sandbox-agents-pods' },
    ]));
    expect(json.deleteCommands).toContain('kubectl delete --ignore-not-found -n agents pod openhands-runtime-default');
    expect(json.deleteCommands).toContain('kubectl delete --ignore-not-found validatingadmissionpolicybinding.admissionregistration.k8s.io openhands-sandbox-agents-pods openhands-sandbox-agents-services openhands-sandbox-agents-ingresses openhands-sandbox-agents-pvcs');
    expect(json.deleteCommands.join('\n')).not.toMatch(/namespace agents|SandboxTemplate/i);
    expect(cli(dir, ['plan']).stdout).toMatch(/left in the cluster: \d+ objects/);
  });

  test('validate reports refused keys with file and line, and exits 1', () => {
    const { code, stderr } = cli(workspace(agentSandboxToml('', 'headless = true')), ['validate']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/config\.toml:6: extended\.manifests\.headless = true: is for target "openhands-runtime"/);
  });
});
