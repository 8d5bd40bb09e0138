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
      name: `oh-agent-server-${id.toLowerCase()}-${digest}`, namespace: 'agents', creationTimestamp: CREATED,
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
