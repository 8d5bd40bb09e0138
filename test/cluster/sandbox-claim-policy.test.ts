import { createHash } from 'node:crypto';
import { runValidatingPolicy, ValidatingPolicySpec } from '../support/admission-harness';
import { find } from '../support/fixtures';
import { clone } from '../support/admission';
import { renderAgentSandbox } from '../agent-sandbox/support';

const KUBE = '[kubernetes]\nnamespace = "agents"';
const AGENT = '[extended.manifests.app_server]\nnamespace = "openhands"\n[extended.manifests.agent_sandbox]\nweb_url = "https://openhands.example.com"\nshutdown_after_seconds = 3600';
const objects = renderAgentSandbox(KUBE, AGENT);
const spec = (kind: string): ValidatingPolicySpec => find(objects, 'ValidatingAdmissionPolicy', `openhands-sandbox-agents-${kind}`).spec;
const CREATED = '2026-12-03T18:00:00Z';

/**
 * A SandboxClaim as the sandbox-server's `start_sandbox` builds it (kubernetes_sandbox_service.py,
 * an independent model written from the source): claim name from the id, the default spec's env,
 * the webhook, one variable per exposed port, the CORS origin from OH_WEB_URL, the session key
 * and its hash label, and the lifecycle from shutdown_after_seconds; creationTimestamp as the API
 * server sets it before validating admission.
 */
function openhandsClaim(env: Record<string, string> = {}): any {
  const id = 'a1B2c3D4e5F6';
  const key = 'k'.repeat(43);
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 6);
  const initial = {
    OPENVSCODE_SERVER_ROOT: '/openhands/.openvscode-server', OH_ENABLE_VNC: '0', LOG_JSON: 'true',
    OH_CONVERSATIONS_PATH: '/workspace/conversations', OH_BASH_EVENTS_DIR: '/workspace/bash_events', PYTHONUNBUFFERED: '1',
    LLM_TIMEOUT: '3600', LMNR_PROJECT_API_KEY: 'x', ...env,
    OH_WEBHOOKS_0_BASE_URL: 'http://openhands-app-server.openhands.svc.cluster.local:3000/api/v1/webhooks',
    AGENT_SERVER: '8000', VSCODE: '8001', OH_ALLOW_CORS_ORIGINS_0: 'https://openhands.example.com', OH_SESSION_API_KEYS_0: key,
  };
  return {
    apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
    kind: 'SandboxClaim',
    metadata: {
      name: `oh-agent-server-${id.toLowerCase()}-${digest}`, namespace: 'agents',
      // What the API server adds before validating admission on create.
      uid: '6f1c2d3e-0000-4000-8000-000000000001', creationTimestamp: CREATED, generation: 1,
      managedFields: [{ manager: 'OpenAPI-Generator', operation: 'Update', apiVersion: 'extensions.agents.x-k8s.io/v1beta1', time: CREATED, fieldsType: 'FieldsV1', fieldsV1: {} }],
      labels: { 'app.kubernetes.io/managed-by': 'openhands-app-server', 'agents.openhands.dev/sandbox-id': id, 'agents.openhands.dev/session-key-hash': createHash('sha256').update(key).digest('hex').slice(0, 32) },
      annotations: { 'agents.openhands.dev/sandbox-spec-id': 'openhands-pool' },
    },
    spec: {
      warmPoolRef: { name: 'openhands-pool' },
      env: Object.entries(initial).map(([name, value]) => ({ name, value })),
      lifecycle: { shutdownTime: '2026-12-03T19:00:00Z', shutdownPolicy: 'Delete' },
    },
  };
}

const decideClaim = (claim: any) => runValidatingPolicy(spec('sandboxclaims'), { object: claim, request: { operation: 'CREATE' } });

/** Hostile variants of the sandbox-server's own claim: each is something the app server's token could send. */
const HOSTILE: Array<[string, (claim: any) => void]> = [
  ['another warm pool (another template)', (c) => { c.spec.warmPoolRef.name = 'privileged-pool'; }],
  ['LD_PRELOAD in env', (c) => { c.spec.env.push({ name: 'LD_PRELOAD', value: '/tmp/x.so' }); }],
  ['PATH in env', (c) => { c.spec.env.push({ name: 'PATH', value: '/tmp' }); }],
  ['an env entry aimed at another container', (c) => { c.spec.env[0].containerName = 'sidecar'; }],
  ['webhooks redirected', (c) => { c.spec.env.find((e: any) => e.name === 'OH_WEBHOOKS_0_BASE_URL').value = 'http://evil.example.com/api/v1/webhooks'; }],
  ['a CORS origin of an attacker', (c) => { c.spec.env.find((e: any) => e.name === 'OH_ALLOW_CORS_ORIGINS_0').value = 'https://evil.example.com'; }],
  ['a second CORS origin', (c) => { c.spec.env.push({ name: 'OH_ALLOW_CORS_ORIGINS_1', value: 'https://evil.example.com' }); }],
  ['a second webhook (events copied elsewhere)', (c) => { c.spec.env.push({ name: 'OH_WEBHOOKS_1_BASE_URL', value: 'http://evil.example.com' }); }],
  ['a second session key (a key the attacker knows)', (c) => { c.spec.env.push({ name: 'OH_SESSION_API_KEYS_1', value: 'known' }); }],
  ['PYTHONPATH (code loaded into the agent server)', (c) => { c.spec.env.push({ name: 'PYTHONPATH', value: '/tmp' }); }],
  ['a lower-case llm_ name outside the forwarded prefixes', (c) => { c.spec.env.push({ name: 'llm_x', value: '1' }); }],
  ['VS Code\'s port moved', (c) => { c.spec.env.find((e: any) => e.name === 'VSCODE').value = '2222'; }],
  ['the agent server on another port', (c) => { c.spec.env.find((e: any) => e.name === 'AGENT_SERVER').value = '22'; }],
  ['additionalPodMetadata labels (a selector of another policy)', (c) => { c.spec.additionalPodMetadata = { labels: { app: 'openhands-app-server' } }; }],
  ['additionalPodMetadata annotations (CRI-O, AppArmor)', (c) => { c.spec.additionalPodMetadata = { annotations: { 'container.apparmor.security.beta.kubernetes.io/agent-server': 'unconfined' } }; }],
  ['its own volume claim templates', (c) => { c.spec.volumeClaimTemplates = [{ metadata: { name: 'workspace' }, spec: { volumeName: 'someone-elses-pv' } }]; }],
  ['a lifecycle beyond shutdown_after_seconds', (c) => { c.spec.lifecycle.shutdownTime = '2027-12-03T18:00:00Z'; }],
  ['a lifecycle that retains the sandbox', (c) => { c.spec.lifecycle.shutdownPolicy = 'Retain'; }],
  ['a lifecycle without a shutdown time', (c) => { delete c.spec.lifecycle.shutdownTime; }],
  ['a TTL after finishing', (c) => { c.spec.lifecycle.ttlSecondsAfterFinished = 999999; }],
  ['a foreign label', (c) => { c.metadata.labels['app.kubernetes.io/name'] = 'sandbox-router'; }],
  ['another managed-by (hidden from the app server\'s count)', (c) => { c.metadata.labels['app.kubernetes.io/managed-by'] = 'someone'; }],
  ['a foreign annotation', (c) => { c.metadata.annotations['argocd.argoproj.io/sync-options'] = 'Prune=false'; }],
  ['another claim name', (c) => { c.metadata.name = 'sandbox-router'; }],
  ['finalizers (a claim nobody can delete)', (c) => { c.metadata.finalizers = ['example.com/keep-forever']; }],
  ['owner references (collected with another object, or hidden under it)', (c) => { c.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'openhands-sandbox-server-env', uid: 'u' }]; }],
  ['a generateName the sandbox-server never sends', (c) => { c.metadata.generateName = 'oh-agent-server-'; }],
  ['no CORS origin (an app server without this config\'s OH_WEB_URL)', (c) => { c.spec.env = c.spec.env.filter((e: any) => e.name !== 'OH_ALLOW_CORS_ORIGINS_0'); }],
  ['a wildcard CORS origin', (c) => { c.spec.env.find((e: any) => e.name === 'OH_ALLOW_CORS_ORIGINS_0').value = '*'; }],
  ['the CORS origins as one JSON variable', (c) => { c.spec.env.push({ name: 'OH_ALLOW_CORS_ORIGINS', value: '["https://evil.example.com"]' }); }],
  ['no session key (an agent server open to anyone who reaches the route)', (c) => { c.spec.env = c.spec.env.filter((e: any) => e.name !== 'OH_SESSION_API_KEYS_0'); }],
  ['an empty session key', (c) => { c.spec.env.find((e: any) => e.name === 'OH_SESSION_API_KEYS_0').value = ''; }],
];

describe('the SandboxClaim policy', () => {
  test('admits the claims the sandbox-server creates for this config', () => {
    expect(decideClaim(openhandsClaim())).toEqual({ admitted: true });
    const older = openhandsClaim();
    delete older.metadata.labels['agents.openhands.dev/session-key-hash'];
    expect(decideClaim(older)).toEqual({ admitted: true });
  });

  test.each(HOSTILE)('refuses a claim with %s, saying why', (_name, change) => {
    const claim = clone(openhandsClaim());
    change(claim);
    const decision = decideClaim(claim);
    expect(decision).toMatchObject({ admitted: false, reason: 'Invalid', message: expect.stringMatching(/^sandbox claim/) });
  });

  test('follows the config: no lifecycle, session key or CORS origin it did not ask for', () => {
    const bare = renderAgentSandbox(KUBE, '[extended.manifests.app_server]\nnamespace = "openhands"\n[extended.manifests.agent_sandbox]\ninject_session_key = false');
    const policy = find(bare, 'ValidatingAdmissionPolicy', 'openhands-sandbox-agents-sandboxclaims').spec;
    const claim = openhandsClaim();
    const decide = (c: any) => runValidatingPolicy(policy, { object: c, request: { operation: 'CREATE' } });
    expect(decide(claim).admitted).toBe(false);
    delete claim.spec.lifecycle;
    delete claim.metadata.labels['agents.openhands.dev/session-key-hash'];
    claim.spec.env = claim.spec.env.filter((e: any) => !['OH_SESSION_API_KEYS_0', 'OH_ALLOW_CORS_ORIGINS_0'].includes(e.name));
    expect(decide(claim)).toEqual({ admitted: true });
  });

  test('is switched off by governance.validating_policy = false and below Kubernetes 1.30', () => {
    const kinds = (toml: string) => renderAgentSandbox(KUBE, toml).map((o) => o.kind);
    expect(kinds('[extended.manifests.governance]\nvalidating_policy = false')).not.toContain('ValidatingAdmissionPolicy');
    expect(kinds('[extended.manifests.governance]\nkubernetes_version = "1.29"')).not.toContain('ValidatingAdmissionPolicy');
    expect(kinds('[extended.manifests.governance]\nresource_quota = false')).not.toContain('ResourceQuota');
    expect(kinds('[extended.manifests.governance]\nlimit_range = false')).not.toContain('LimitRange');
    expect(kinds('[extended.manifests.governance]\ndefault_service_account = false').filter((k) => k === 'ServiceAccount')).toHaveLength(2);
  });
});

describe('the Sandbox patch policy', () => {
  const sandbox = {
    apiVersion: 'agents.x-k8s.io/v1beta1', kind: 'Sandbox',
    metadata: { name: 'oh-agent-server-a1b2c3d4e5f6-abcdef', namespace: 'agents', labels: { 'agents.x-k8s.io/claim': 'x' }, ownerReferences: [{ kind: 'SandboxClaim', name: 'x', uid: 'u' }] },
    spec: { operatingMode: 'Running', service: true, podTemplate: { spec: { containers: [{ name: 'agent-server', image: 'i' }] } } },
  };
  const appServer = { operation: 'UPDATE', userInfo: { username: 'system:serviceaccount:openhands:openhands-app-server' } };
  const decide = (object: any, request: any = appServer) => runValidatingPolicy(spec('sandboxes'), { object, oldObject: sandbox, request });
  const patched = (change: (s: any) => void) => { const s = clone(sandbox); change(s); return s; };

  test('admits pause and resume, the app server\'s only patch', () => {
    expect(decide(patched((s) => { s.spec.operatingMode = 'Suspended'; }))).toEqual({ admitted: true });
    expect(decide(patched((s) => { s.spec.operatingMode = 'Running'; }))).toEqual({ admitted: true });
  });

  test.each<[string, (s: any) => void]>([
    ['a new image', (s) => { s.spec.podTemplate.spec.containers[0].image = 'evil'; }],
    ['a privileged container', (s) => { s.spec.podTemplate.spec.containers[0].securityContext = { privileged: true }; }],
    ['no Service', (s) => { s.spec.service = false; }],
    ['a shutdown time', (s) => { s.spec.shutdownTime = '2030-01-01T00:00:00Z'; }],
    ['another operating mode', (s) => { s.spec.operatingMode = 'Paused'; }],
    ['a changed label', (s) => { s.metadata.labels['agents.x-k8s.io/claim'] = 'other'; }],
    ['dropped owner references (orphaned, outlives its claim)', (s) => { s.metadata.ownerReferences = []; }],
  ])('refuses an app-server patch with %s', (_name, change) => {
    expect(decide(patched(change))).toMatchObject({ admitted: false, reason: 'Invalid', message: expect.stringMatching(/^the app server/) });
  });

  test('leaves the controller\'s own updates alone', () => {
    expect(decide(patched((s) => { s.spec.podTemplate.spec.containers[0].image = 'new'; }), { operation: 'UPDATE', userInfo: { username: 'system:serviceaccount:agent-sandbox-system:agent-sandbox-controller' } }))
      .toEqual({ admitted: true, skipped: 'app-server' });
  });
});

/**
 * The CORS origins the sandbox-server puts on its claims, given the environment its Deployment
 * ends up with (an independent model of config.py and start_sandbox): web_url from OH_WEB_URL, else
 * https:// + WEB_HOST (a value with a scheme as-is, trailing slash dropped); permitted origins from
 * OH_PERMITTED_CORS_ORIGINS_0, _1, ... up to the first missing index, else the comma-separated
 * PERMITTED_CORS_ORIGINS; then web_url and the permitted origins in order, exact repeats dropped.
 */
function sandboxServerCorsOrigins(env: Record<string, string>): string[] {
  const webHost = (env.WEB_HOST ?? '').trim();
  const webUrl = env.OH_WEB_URL ?? (webHost === '' ? undefined : webHost.includes('://') ? webHost.replace(/\/+$/, '') : `https://${webHost}`);
  let permitted: string[] = [];
  if (Object.keys(env).some((name) => name.startsWith('OH_PERMITTED_CORS_ORIGINS'))) {
    for (let i = 0; `OH_PERMITTED_CORS_ORIGINS_${i}` in env; i++) permitted.push(env[`OH_PERMITTED_CORS_ORIGINS_${i}`]);
  } else {
    permitted = (env.PERMITTED_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  }
  const origins: string[] = [];
  for (const origin of [...(webUrl ? [webUrl] : []), ...permitted]) if (!origins.includes(origin)) origins.push(origin);
  return origins;
}

describe('CORS origins: web_url and permitted_cors_origins, as the sandbox-server passes them on', () => {
  const CORS = '[extended.manifests.app_server]\nnamespace = "openhands"\n[extended.manifests.agent_sandbox]\nweb_url = "https://openhands.example.com"\nshutdown_after_seconds = 3600\npermitted_cors_origins = ["https://ide.example.com", "https://openhands.example.com", "http://localhost:3000"]';
  const rendered = renderAgentSandbox(KUBE, CORS);
  const configMap = find(rendered, 'ConfigMap', 'openhands-sandbox-server-env') as any;
  const policy = find(rendered, 'ValidatingAdmissionPolicy', 'openhands-sandbox-agents-sandboxclaims').spec;
  /** The claim an app server with this environment (the ConfigMap, then the Deployment's own env over it) sends. */
  const claimFrom = (deploymentEnv: Record<string, string> = {}, data: Record<string, string> = configMap.data) => {
    const claim = openhandsClaim();
    const origins = sandboxServerCorsOrigins({ ...data, ...deploymentEnv });
    claim.spec.env = [...claim.spec.env.filter((e: any) => !e.name.startsWith('OH_ALLOW_CORS_ORIGINS')), ...origins.map((value, i) => ({ name: `OH_ALLOW_CORS_ORIGINS_${i}`, value }))];
    return claim;
  };
  const decide = (claim: any) => runValidatingPolicy(policy, { object: claim, request: { operation: 'CREATE' } }, { strictMessages: true });

  test('the ConfigMap lists the permitted origins from index 0 without gaps, and the claims that follow from it are admitted', () => {
    expect(Object.fromEntries(Object.entries(configMap.data).filter(([name]) => /CORS|WEB_/.test(name)))).toEqual({
      OH_WEB_URL: 'https://openhands.example.com',
      OH_PERMITTED_CORS_ORIGINS_0: 'https://ide.example.com',
      OH_PERMITTED_CORS_ORIGINS_1: 'https://openhands.example.com',
      OH_PERMITTED_CORS_ORIGINS_2: 'http://localhost:3000',
    });
    expect(sandboxServerCorsOrigins(configMap.data)).toEqual(['https://openhands.example.com', 'https://ide.example.com', 'http://localhost:3000']);
    expect(decide(claimFrom())).toEqual({ admitted: true });
  });

  test.each<[string, Record<string, string>, Record<string, string> | undefined]>([
    ['WEB_HOST on an app server without web_url in the config', { WEB_HOST: 'openhands.internal.example.com' }, { OH_PERMITTED_CORS_ORIGINS_0: 'https://ide.example.com' }],
    ['its own OH_WEB_URL over the ConfigMap\'s', { OH_WEB_URL: 'https://other.example.com' }, undefined],
    ['one more OH_PERMITTED_CORS_ORIGINS_<n> of its own', { OH_PERMITTED_CORS_ORIGINS_3: 'https://extra.example.com' }, undefined],
    ['the legacy PERMITTED_CORS_ORIGINS, with no permitted origins in the config', { PERMITTED_CORS_ORIGINS: 'https://a.example.com,https://b.example.com' }, { OH_WEB_URL: 'https://openhands.example.com' }],
  ])('a claim from an app server with %s is refused, naming the keys to set', (_name, deploymentEnv, data) => {
    const decision = decide(claimFrom(deploymentEnv, data ?? configMap.data));
    expect(decision).toMatchObject({ admitted: false, reason: 'Invalid' });
    expect((decision as any).message).toMatch(/^sandbox claim CORS origins .* differ from this config's, OH_ALLOW_CORS_ORIGINS_0=https:\/\/openhands\.example\.com, OH_ALLOW_CORS_ORIGINS_1=https:\/\/ide\.example\.com, OH_ALLOW_CORS_ORIGINS_2=http:\/\/localhost:3000 \(rule: CORS origins\): .*agent_sandbox\.web_url and then agent_sandbox\.permitted_cors_origins.*WEB_HOST, OH_WEB_URL, OH_PERMITTED_CORS_ORIGINS_<n> and PERMITTED_CORS_ORIGINS must come from this config \(ConfigMap openhands-sandbox-server-env\)/);
  });

  test('the origins\' order is the sandbox-server\'s: swapped indices are refused', () => {
    const claim = claimFrom();
    const [first, second] = claim.spec.env.filter((e: any) => e.name.startsWith('OH_ALLOW_CORS_ORIGINS'));
    [first.value, second.value] = [second.value, first.value];
    expect(decide(claim)).toMatchObject({ admitted: false, message: expect.stringMatching(/^sandbox claim CORS origins OH_ALLOW_CORS_ORIGINS_0=https:\/\/ide\.example\.com, /) });
  });

  test('without any origin in the config, a claim with one is refused and says there are none', () => {
    const bare = find(renderAgentSandbox(KUBE, '[extended.manifests.app_server]\nnamespace = "openhands"'), 'ValidatingAdmissionPolicy', 'openhands-sandbox-agents-sandboxclaims').spec;
    const claim = openhandsClaim();
    delete claim.spec.lifecycle;
    const decision = runValidatingPolicy(bare, { object: claim, request: { operation: 'CREATE' } }, { strictMessages: true });
    expect((decision as any).message).toMatch(/sandbox claim CORS origins OH_ALLOW_CORS_ORIGINS_0=https:\/\/openhands\.example\.com differ from this config's, none \(rule: CORS origins\)/);
  });
});
