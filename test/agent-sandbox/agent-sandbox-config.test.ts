import { configWarnings } from '../../lib/config/warnings';
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
    expect(configWarnings(v0)).toEqual([expect.stringContaining('looks like an OpenHands V0 runtime image'), expect.stringContaining('share the "default" namespace, so nothing governs them')]);
    const privileged = configFrom(agentSandboxToml('[kubernetes]\nnamespace = "agents"\nprivileged = true'));
    expect(configWarnings(privileged)).toEqual([expect.stringContaining('prefer extended.manifests.runtime_class')]);
    expect(configWarnings(configFrom(agentSandboxToml('[kubernetes]\nnamespace = "agents"')))).toEqual([]);
  });
});

describe('agent-sandbox limits and shared namespaces', () => {
  const problems = (manifests: string) => { try { configFrom(agentSandboxToml('', manifests)); return ''; } catch (error) { return String((error as Error).message); } };

  test('max_num_sandboxes = 1 is refused with the reason; 2 is the least that works', () => {
    expect(problems('[extended.manifests.agent_sandbox]\nmax_num_sandboxes = 1')).toMatch(/max_num_sandboxes = 1: must be at least 2: the app server pauses all but max_num_sandboxes - 1/);
    expect(problems('[extended.manifests.agent_sandbox]\nmax_num_sandboxes = 2')).toBe('');
  });

  test('governance keys that mean nothing here are refused, max_sessions below max_num_sandboxes too', () => {
    expect(problems('[extended.manifests.governance]\nmutating_policy = false')).toMatch(/governance.mutating_policy = false: is for target "openhands-runtime"/);
    expect(problems('[extended.manifests.governance]\ngitops_annotations = false')).toMatch(/governance.gitops_annotations = false: is for target "openhands-runtime"/);
    expect(problems('[extended.manifests.agent_sandbox]\nmax_num_sandboxes = 20')).toMatch(/governance.max_sessions: is below agent_sandbox.max_num_sandboxes \(20\)/);
  });

  test('browser routes need the 1.0 router, a web_url, and no contradicting URL pattern', () => {
    const routes = '[extended.manifests.agent_sandbox]\nbrowser_routes = "ingress"\n';
    expect(problems(routes)).toMatch(/web_url: is required with browser_routes = "ingress"/);
    expect(problems(`${routes}web_url = "https://oh.example.com"\nagent_sandbox_version = "0.5"`)).toMatch(/browser_routes = "ingress": needs agent_sandbox_version = "1.0"/);
    expect(problems(`${routes}web_url = "https://oh.example.com"\nsandbox_url_pattern = "https://{sandbox_name}.x.example.com:{port}"`)).toMatch(/sandbox_url_pattern = .*disagrees with browser_routes/);
    expect(problems(`${routes}web_url = "https://oh.example.com/app"`)).toMatch(/web_url = "https:\/\/oh.example.com\/app": must be an origin/);
  });

  test('CORS origins are origins as browsers send them: no path, wildcard, default port, upper case or repeat; all reported at once', () => {
    const cors = (list: string) => problems(`[extended.manifests.agent_sandbox]\npermitted_cors_origins = [${list}]`);
    expect(cors('"https://a.example.com", "http://localhost:3000", "https://b.example.com:8443"')).toBe('');
    const all = cors('"*", "https://*.example.com", "https://a.example.com/", "https://a.example.com:443", "http://a.example.com:80", "https://A.example.com", "ftp://a.example.com", "https://a.example.com:99999", "https://c.example.com", "https://c.example.com"');
    expect(all).toMatch(/permitted_cors_origins\[0\] = "\*": is a wildcard: .*"\*" would admit every web site/);
    expect(all).toMatch(/permitted_cors_origins\[1\] = "https:\/\/\*\.example\.com": is a wildcard: .*matches nothing/);
    expect(all).toMatch(/permitted_cors_origins\[2\] = "https:\/\/a\.example\.com\/": must be an origin .*no path, not even "\/"/);
    expect(all).toMatch(/permitted_cors_origins\[3\] = "https:\/\/a\.example\.com:443": names the default port 443 of https/);
    expect(all).toMatch(/permitted_cors_origins\[4\] = "http:\/\/a\.example\.com:80": names the default port 80 of http/);
    expect(all).toMatch(/permitted_cors_origins\[5\] = "https:\/\/A\.example\.com": must be an origin .*lower-case host/);
    expect(all).toMatch(/permitted_cors_origins\[6\] = "ftp:\/\/a\.example\.com": must be an origin/);
    expect(all).toMatch(/permitted_cors_origins\[7\] = "https:\/\/a\.example\.com:99999": has port 99999, which is not a port/);
    expect(all).toMatch(/permitted_cors_origins\[9\] = "https:\/\/c\.example\.com": repeats "https:\/\/c\.example\.com"/);
    expect(all).not.toMatch(/permitted_cors_origins\[8\]/);
    expect(problems('[extended.manifests.agent_sandbox]\nweb_url = "https://oh.example.com:443"')).toMatch(/web_url = "https:\/\/oh\.example\.com:443": names the default port 443/);
    expect(cors(Array.from({ length: 21 }, (_, i) => `"https://o${i}.example.com"`).join(', '))).toMatch(/permitted_cors_origins = .*: holds 21 origins, at most 20 are allowed/);
  });

  test('CORS origins are generator-only: in [extended.manifests.agent_sandbox], refused in [sandbox] and [kubernetes] as unknown keys', () => {
    expect(problems('[extended.manifests.agent_sandbox]\npermitted_cors_origins = ["https://a.example.com"]')).toBe('');
    expect(errorOf(`${agentSandboxToml()}[kubernetes]\npermitted_cors_origins = ["https://a.example.com"]\n`)).toMatch(/kubernetes\.permitted_cors_origins/);
  });

  test('an external URL pattern without any CORS origin is warned about; web_url or permitted_cors_origins silence it', () => {
    const pattern = '[extended.manifests.agent_sandbox]\nsandbox_url_pattern = "https://{sandbox_name}.sbx.example.com:{port}"\n';
    const warn = (extra: string) => configWarnings(configFrom(agentSandboxToml('', `${pattern}${extra}`))).filter((w) => w.includes('sandbox_url_pattern'));
    expect(warn('')).toEqual([expect.stringMatching(/sandbox_url_pattern is set without web_url or permitted_cors_origins: .*no CORS origin/)]);
    expect(warn('web_url = "https://oh.example.com"')).toEqual([]);
    expect(warn('permitted_cors_origins = ["https://oh.example.com"]')).toEqual([]);
  });

  test('extras that reach no object are warned about', () => {
    const warnings = configWarnings(configFrom(agentSandboxToml('[kubernetes]\nnamespace = "agents"\ningress_tls_secret = "tls"', '')));
    expect(warnings).toContainEqual(expect.stringMatching(/^kubernetes.ingress_tls_secret reaches no object on agent-sandbox: browser_routes is "none"/));
  });
});
