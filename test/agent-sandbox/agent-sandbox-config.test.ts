import { configWarnings } from '../../lib/config/warnings';
import { resolveEnvironment } from '../../lib/config/resolve';
import { renderObjects } from '../../lib/output/render';
import { configFrom, errorOf } from '../support/fixtures';
import { AGENT_SERVER_IMAGE, agentSandboxToml } from './support';

describe('target agent-sandbox configuration', () => {
  test('the default target is openhands-runtime, with no agent_sandbox table', () => {
    const config = configFrom('');
    expect(config.extended.manifests.target).toBe('openhands-runtime');
    expect(config.extended.manifests.agent_sandbox).toBeUndefined();
  });

  test.each([
    ['[extended.manifests]\nsessions = ["a", "b"]', 'extended.manifests.sessions', 'nothing is pre-provisioned'],
    ['[extended.manifests]\nheadless = true', 'extended.manifests.headless', 'browser_routes decides'],
    ['[extended.manifests]\nuser_id = 1000', 'extended.manifests.user_id', 'uid/gid 10001'],
    ['[extended.manifests]\nopenhands_version = "0.52"', 'extended.manifests.openhands_version', 'a release of the V0 runtime'],
    ['[extended.manifests]\nopenhands_deployment = "source"', 'extended.manifests.openhands_deployment', 'runs as uid 10001'],
    ['[extended.manifests]\nsecurity_profile = "openhands"', 'extended.manifests.security_profile', 'Pod Security "restricted"'],
    ['[extended.manifests.network_policy]\nenabled = false', 'extended.manifests.network_policy.enabled', 'blocks the app server'],
    ['[extended.manifests.network_policy]\ningress_controller_namespace = "nginx"', 'extended.manifests.network_policy.ingress_controller_namespace', 'sandbox-router'],
    ['[extended.manifests.app_server]\nlist_watch = true', 'extended.manifests.app_server.list_watch', 'claims and sandboxes'],
    ['[core]\nenable_browser = false', 'core.enable_browser', 'no-enable-browser'],
    ['[core]\ndebug = true', 'core.debug', 'runtime_startup_env_vars'],
    ['[core]\nworkspace_mount_path_in_sandbox = "/ws"', 'core.workspace_mount_path_in_sandbox', 'must stay "/workspace"'],
  ])('refuses a key that means nothing on agent-sandbox, with its line: %s', (toml, key, reason) => {
    const [table, line] = toml.split('\n');
    const text = table === '[extended.manifests]'
      ? agentSandboxToml('', line)
      : `${agentSandboxToml()}${toml}\n`;
    const message = errorOf(text);
    const lineNumber = text.split('\n').findIndex((candidate) => candidate === line) + 1;
    expect(message).toContain(`config.toml:${lineNumber}: ${key}`);
    expect(message).toContain(reason);
  });

  test('ignores OpenHands\' environment overrides, which shape only the V0 runtime', () => {
    const env = { DEBUG: 'true', KUBERNETES_NAMESPACE: 'elsewhere', SANDBOX_RUNTIME_CONTAINER_IMAGE: 'other:1', SANDBOX_USER_ID: '1000', ENABLE_BROWSER: 'maybe' };
    const config = configFrom(agentSandboxToml('[kubernetes]\nnamespace = "agents"'), env);
    expect(config.kubernetes.namespace).toBe('agents');
    expect(config.sandbox.runtime_container_image).toBe(AGENT_SERVER_IMAGE);
    expect(config.core.debug).toBe(false);
    // The default target still reads them.
    expect(errorOf('[kubernetes]\nnamespace = "agents"', env)).toContain('ENABLE_BROWSER');
  });

  test('refuses [extended.manifests.agent_sandbox] on the default target', () => {
    expect(errorOf('[extended.manifests.agent_sandbox]\nreplicas = 1')).toMatch(/config\.toml:\d+: extended\.manifests\.agent_sandbox = .*is read only with target = "agent-sandbox"/);
  });

  test('requires a Gateway for an HTTPRoute, and a Gateway only for one', () => {
    expect(errorOf(agentSandboxToml('', '[extended.manifests.agent_sandbox]\nbrowser_routes = "httproute"'))).toMatch(/agent_sandbox\.gateway_name: is required with browser_routes = "httproute"/);
    expect(errorOf(agentSandboxToml('', '[extended.manifests.agent_sandbox]\ngateway_name = "public"'))).toMatch(/gateway_name = "public": is used only with browser_routes = "httproute"/);
  });

  test.each([
    ['http://{sandbox}.x:{port}', 'unknown placeholder(s) {sandbox}'],
    ['http://sandboxes.example.com:{port}', 'must contain {sandbox_name} or {sandbox_id}'],
    ['https://{sandbox_name}.example.com', 'must contain {port}'],
    ['{sandbox_name}:{port}', 'must start with http'],
  ])('checks the sandbox URL pattern: %s', (pattern, message) => {
    expect(errorOf(agentSandboxToml('', `[extended.manifests.agent_sandbox]\nsandbox_url_pattern = "${pattern}"`))).toContain(message);
  });

  test('refuses a sandbox ServiceAccount that is the app server\'s', () => {
    expect(errorOf(agentSandboxToml('', 'sandbox_service_account = "openhands-app-server"'))).toMatch(/sandbox_service_account = "openhands-app-server": is also the app server's ServiceAccount/);
  });

  test('refuses pod labels under the prefixes the controller owns', () => {
    expect(errorOf(agentSandboxToml('', 'pod_labels = { "agents.x-k8s.io/pool" = "a", team = "ml" }'))).toMatch(/pod_labels\.agents\.x-k8s\.io\/pool = "a": is under a prefix the agent-sandbox controller owns/);
  });

  test('refuses unknown keys in the agent_sandbox table', () => {
    expect(errorOf(agentSandboxToml('', '[extended.manifests.agent_sandbox]\nreplica = 1'))).toMatch(/agent_sandbox\.replica: is not a known key \(did you mean "replicas"\?\)/);
  });

  test('warns about a V0 runtime image and about privileged agent servers', () => {
    const v0 = configFrom('[sandbox]\nruntime_container_image = "docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik"\n[extended.manifests]\ntarget = "agent-sandbox"');
    expect(configWarnings(v0)).toEqual([expect.stringContaining('looks like an OpenHands V0 runtime image')]);
    const privileged = configFrom(agentSandboxToml('[kubernetes]\nnamespace = "agents"\nprivileged = true'));
    expect(configWarnings(privileged)).toEqual([expect.stringContaining('prefer extended.manifests.runtime_class')]);
    expect(configWarnings(configFrom(agentSandboxToml()))).toEqual([]);
  });
});

describe('the agent server image passed to the sandbox-server', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const envOf = (image: string) => {
    const config = configFrom(`[sandbox]\nruntime_container_image = "${image}"\n[extended.manifests]\ntarget = "agent-sandbox"\n`);
    const map = renderObjects(resolveEnvironment(config, 'test')).find((object) => object.kind === 'ConfigMap') as any;
    return { env: map.data as Record<string, string>, warnings: configWarnings(config) };
  };

  test.each([
    [`registry.local:5000/agent-server:1.37.1-python@${digest}`, 'registry.local:5000/agent-server', `1.37.1-python@${digest}`],
    ['registry.local:5000/agent-server:1.37.1-python', 'registry.local:5000/agent-server', '1.37.1-python'],
  ])('keeps the registry port and the digest whole in %s', (image, repository, tag) => {
    const { env } = envOf(image);
    expect([env.AGENT_SERVER_IMAGE_REPOSITORY, env.AGENT_SERVER_IMAGE_TAG]).toEqual([repository, tag]);
    expect(`${env.AGENT_SERVER_IMAGE_REPOSITORY}:${env.AGENT_SERVER_IMAGE_TAG}`).toBe(image);
  });

  test('leaves both out for an image pinned by digest alone, rather than split inside the digest, and warns', () => {
    const { env, warnings } = envOf(`ghcr.io/openhands/agent-server@${digest}`);
    expect(env).not.toHaveProperty('AGENT_SERVER_IMAGE_REPOSITORY');
    expect(env).not.toHaveProperty('AGENT_SERVER_IMAGE_TAG');
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/pinned by digest alone: .*AGENT_SERVER_IMAGE_TAG/)]));
  });
});
