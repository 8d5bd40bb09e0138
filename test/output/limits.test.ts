import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironments } from '../../lib/config/environments';
import { renderEnvironment } from '../../lib/output/files';
import { checkApiLimits, checkEnvironmentLimits } from '../../lib/output/limits';
import { IMAGE } from '../support/fixtures';
import { agentSandboxToml } from '../agent-sandbox/support';

function environments(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-limits-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return loadEnvironments(Object.keys(files).map((name) => join(dir, name)), {}).map((environment) => renderEnvironment(environment));
}

const config = (namespace: string, extra = '') => `[kubernetes]\nnamespace = "${namespace}"\n[sandbox]\nruntime_container_image = "${IMAGE}"\n[extended.manifests]\n${extra}`;

describe('checkApiLimits', () => {
  test('accepts configs whose objects are all distinct', () => {
    expect(() => checkApiLimits(environments({ 'a.toml': config('a'), 'b.toml': config('b') }))).not.toThrow();
  });

  test('accepts two agent-sandbox configs with browser routes in different namespaces: their objects in the shared router namespace are named per sandbox namespace', () => {
    const routed = (namespace: string, kind: string) => agentSandboxToml(`[kubernetes]\nnamespace = "${namespace}"\ningress_domain = "sbx.example.com"`,
      `name = "${namespace}"\n[extended.manifests.app_server]\nnamespace = "oh-${namespace}"\n[extended.manifests.agent_sandbox]\nbrowser_routes = "${kind}"\nweb_url = "https://oh.example.com"${kind === 'httproute' ? '\ngateway_name = "gw"' : ''}`);
    for (const kind of ['ingress', 'httproute']) {
      expect(() => checkApiLimits(environments({ 'a.toml': routed('team-a', kind), 'b.toml': routed('team-b', kind) }))).not.toThrow();
    }
  });

  test('refuses two configs that create the same object, naming both files', () => {
    expect(() => checkApiLimits(environments({ 'a.toml': config('x', 'sessions = ["s1"]'), 'b.toml': config('x', 'sessions = ["s1"]\nsecurity_profile = "openhands"') })))
      .toThrow(/b\.toml:2: kubernetes\.namespace = "x": makes PersistentVolumeClaim\/x\/openhands-runtime-s1-pvc, .* and \d+ more, which .*a\.toml makes too/);
  });

  test('says it once per pair of configs, with one output folder per cluster as the way out', () => {
    let message = '';
    try {
      checkApiLimits(environments({ 'staging.toml': config('team'), 'prod.toml': config('team') }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.match(/makes too/g)).toHaveLength(1);
    expect(message).toMatch(/prod\.toml:2: kubernetes\.namespace = "team": makes Namespace\/team, ServiceAccount\/team\/openhands-sandbox, .* and \d+ more, which .*staging\.toml makes too/);
    expect(message).toMatch(/For different clusters, synthesize each into an output folder of its own \(openhands-k8s synth -c .*staging\.toml -o dist\/<cluster>, then -c .*prod\.toml -o dist\/<other cluster>\)/);
  });

  test('two agent-sandbox app servers in one namespace: the collision names extended.manifests.app_server.namespace, not kubernetes.namespace', () => {
    const appServer = (namespace: string) => agentSandboxToml(`[kubernetes]\nnamespace = "${namespace}"`, `name = "${namespace}"\n[extended.manifests.app_server]\nnamespace = "oh"`);
    let message = '';
    try {
      checkApiLimits(environments({ 'a.toml': appServer('team-a'), 'b.toml': appServer('team-b') }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/b\.toml:\d+: extended\.manifests\.app_server\.namespace = "oh": makes ServiceAccount\/oh\/openhands-app-server, ConfigMap\/oh\/openhands-sandbox-server-env, which .*a\.toml makes too/);
    expect(message).toMatch(/give them one app server namespace each/);
    expect(message).not.toMatch(/kubernetes\.namespace/);
  });

  test('checkEnvironmentLimits (validate) refuses what checkApiLimits (plan) and synth refuse, with the same problems', () => {
    const files = { 'staging.toml': config('team'), 'prod.toml': config('team', 'sessions = ["s1"]') };
    const messageOf = (check: () => void) => {
      try {
        check();
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    const rendered = environments(files);
    const planned = messageOf(() => checkApiLimits(rendered));
    expect(planned).toMatch(/makes too/);
    expect(messageOf(() => checkEnvironmentLimits(rendered.map(({ environment }) => environment)))).toBe(planned);
    expect(messageOf(() => checkEnvironmentLimits(environments({ 'a.toml': config('a'), 'b.toml': config('b') }).map(({ environment }) => environment)))).toBe('accepted');
  });

  test('refuses annotations beyond 256 KiB in total', () => {
    const big = 'v'.repeat(140 * 1024);
    // The openhands profile: no mutating policy, so the config rule leaves it to the rendered objects.
    expect(() => checkApiLimits(environments({ 'a.toml': config('a', `security_profile = "openhands"\ningress_annotations = { "a.io/one" = "${big}", "a.io/two" = "${big}" }`) })))
      .toThrow(/extended\.manifests\.ingress_annotations: give Ingress\/a\/openhands-runtime-default-ingress-code \d+ bytes of annotations; the API server allows at most 262144/);
  });
});

describe('environment names from file names', () => {
  test('refuses a file name too long for the instance label, asking for a name', () => {
    expect(() => environments({ [`${'x'.repeat(70)}.toml`]: config('a') })).toThrow(/extended\.manifests\.name = "x{70}": is unset, and the name taken from the file name must be at most 63 characters/);
  });
});
