import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnvironments } from '../../lib/config/environments';
import { parseStream } from '../../lib/check/stream';
import { verifyObjects, VerifyProblem } from '../../lib/check/verify';
import { outputFiles, renderEnvironment } from '../../lib/output/files';
import { writeOutput } from '../../lib/output/write';
import { IMAGE } from '../support/fixtures';
import { workspace } from '../support/workspace';
import { agentSandboxToml } from '../agent-sandbox/support';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl && process.env.CI) throw new Error('kubectl is required in CI for the Kustomize overlay tests');
const kustomizeTest = hasKubectl ? test : test.skip;

const CONFIG = `[kubernetes]\nnamespace = "sandboxes"\n[sandbox]\nruntime_container_image = "${IMAGE}"\n[extended.manifests]\nsessions = ["a", "b"]\n`;

/** synth's output for CONFIG in dist/ of a fresh folder, plus an overlay in overlay/ over it. */
function overlay(lines: string[], config = CONFIG): string {
  const dir = workspace({ 'config.toml': config });
  const environments = loadEnvironments([join(dir, 'config.toml')], {});
  writeOutput(join(dir, 'dist'), outputFiles(environments.map((environment) => renderEnvironment(environment))));
  mkdirSync(join(dir, 'overlay'));
  writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources: [../dist]', ...lines, ''].join('\n'));
  return dir;
}

/** `kubectl kustomize` of the overlay, verified. */
function build(dir: string, folder = 'overlay') {
  const result = spawnSync('kubectl', ['kustomize', resolve(dir, folder)], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  const objects = parseStream(result.stdout, 'kustomize');
  return { objects, result: verifyObjects(objects) };
}

const errors = (problems: readonly VerifyProblem[]) => problems.filter((p) => p.severity === 'error').map((p) => `${p.object} ${p.field}`);

const memoryPatch = (value: string, name = 'openhands-runtime-a') => [
  `  - target: { kind: Pod, name: ${name} }`,
  '    patch: |-',
  '      - op: replace',
  '        path: /spec/containers/0/resources/limits/memory',
  `        value: ${value}`,
];

describe('verify on real Kustomize overlays', () => {
  kustomizeTest('a safe overlay (namespace, labels without selectors, annotations, a patch within the limits) is coherent', () => {
    const dir = overlay(['namespace: team-sandboxes', 'labels:', '  - pairs: { team: ai }', '    includeSelectors: false', 'commonAnnotations: { owner: platform }', 'patches:', ...memoryPatch('1Gi')]);
    const { objects, result } = build(dir);
    expect(result.sandboxNamespaces).toEqual(['team-sandboxes']);
    expect(errors(result.problems)).toEqual([]);
    // The transformer configuration moved every policy's and binding's namespace selector.
    const policies = objects.filter((o) => /AdmissionPolicy/.test(o.kind));
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const selector = (policy.spec.matchConstraints ?? policy.spec.matchResources).namespaceSelector;
      expect(selector.matchLabels['kubernetes.io/metadata.name']).toBe('team-sandboxes');
    }
    // Kustomize gives the cluster-scoped policies a namespace: a warning, never an error.
    expect(result.problems.filter((p) => p.severity === 'warning').every((p) => p.field === 'metadata.namespace' && /AdmissionPolicy/.test(p.object))).toBe(true);
  });

  kustomizeTest('commonLabels and a memory patch above the limits: every problem named, with the config key', () => {
    const dir = overlay(['namespace: team-sandboxes', 'commonLabels: { team: ai }', 'patches:', ...memoryPatch('8Gi')]);
    const { objects, result } = build(dir);
    // The NetworkPolicy's selectors are expressions, which label transformers leave alone.
    const policy = objects.find((o) => o.kind === 'NetworkPolicy')!;
    expect(JSON.stringify(policy.spec)).not.toContain('team');
    expect(errors(result.problems).sort()).toEqual([
      'Pod/team-sandboxes/openhands-runtime-a spec.containers[0].resources.limits.memory',
      'Pod/team-sandboxes/openhands-runtime-a spec.containers[0].resources.limits.memory',
      'Service/team-sandboxes/openhands-runtime-a-svc spec.selector[team]',
      'Service/team-sandboxes/openhands-runtime-a-svc-code spec.selector[team]',
      'Service/team-sandboxes/openhands-runtime-b-svc spec.selector[team]',
      'Service/team-sandboxes/openhands-runtime-b-svc-code spec.selector[team]',
    ]);
    const memory = result.problems.filter((p) => p.field.endsWith('limits.memory'));
    expect(memory.map((p) => p.message)).toEqual([
      '8Gi is above 2Gi, the most LimitRange/team-sandboxes/openhands-sandboxes (LimitRange max) admits: the API server refuses it',
      '8Gi is above 2Gi, the most ValidatingAdmissionPolicy/openhands-sandbox-sandboxes-pods admits: the API server refuses it',
    ]);
    expect(memory[0].fix).toMatch(/^change kubernetes\.resource_memory_limit instead/);
  });

  kustomizeTest('labels with includeSelectors: true break the selectors just as commonLabels do', () => {
    const dir = overlay(['labels:', '  - pairs: { team: ai }', '    includeSelectors: true']);
    expect(errors(build(dir).result.problems)).toEqual([
      'Service/sandboxes/openhands-runtime-a-svc spec.selector[team]',
      'Service/sandboxes/openhands-runtime-a-svc-code spec.selector[team]',
      'Service/sandboxes/openhands-runtime-b-svc spec.selector[team]',
      'Service/sandboxes/openhands-runtime-b-svc-code spec.selector[team]',
    ]);
  });

  kustomizeTest('a base without the transformer configuration (synth before this version) leaves the policies behind: named', () => {
    const dir = overlay(['namespace: team-sandboxes']);
    writeFileSync(join(dir, 'dist', 'kustomization.yaml'), 'resources:\n  - config.k8s.yaml\n');
    const { result } = build(dir);
    const problems = result.problems.filter((p) => p.severity === 'error');
    expect(problems.length).toBe(8); // four policies and four bindings (no mutating policy on the default 1.30)
    expect(problems[0]).toMatchObject({
      field: 'spec.matchConstraints.namespaceSelector.matchLabels[kubernetes.io/metadata.name]',
      message: 'selects namespace "sandboxes", but the sandboxes are in "team-sandboxes": nothing governs what OpenHands creates there',
    });
    expect(problems[0].fix).toMatch(/^set kubernetes\.namespace = "team-sandboxes" and re-synth/);
  });

  kustomizeTest('a claim patched above the workspace size and a quota patched below two sessions', () => {
    const dir = overlay([
      'patches:',
      '  - target: { kind: PersistentVolumeClaim, name: openhands-runtime-b-pvc }',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/resources/requests/storage',
      '        value: 50Gi',
      '  - target: { kind: ResourceQuota }',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/hard/pods',
      '        value: "1"',
    ]);
    const { result } = build(dir);
    expect(errors(result.problems)).toEqual(expect.arrayContaining([
      'PersistentVolumeClaim/sandboxes/openhands-runtime-b-pvc spec.resources.requests.storage',
      'ResourceQuota/sandboxes/openhands-sandboxes spec.hard.pods',
    ]));
    const quota = result.problems.find((p) => p.field === 'spec.hard.pods')!;
    expect(quota.message).toBe('is 1, but the objects in sandboxes add up to 2: the last of them would be refused');
    expect(quota.fix).toMatch(/extended\.manifests\.governance\.max_sessions/);
  });
});

describe('an overlay over agent-sandbox output', () => {
  const AGENT_CONFIG = agentSandboxToml('[kubernetes]\nnamespace = "agents"', '[extended.manifests.app_server]\nnamespace = "openhands"');

  test('synth\'s own agent-sandbox output is coherent', () => {
    const dir = workspace({ 'config.toml': AGENT_CONFIG });
    const objects = loadEnvironments([join(dir, 'config.toml')], {}).flatMap((environment) => renderEnvironment(environment).objects) as any[];
    expect(errors(verifyObjects(objects).problems)).toEqual([]);
  });

  kustomizeTest('namespace: moves the app server\'s environment and account along with the sandboxes: each named', () => {
    const { result } = build(overlay(['namespace: team-agents'], AGENT_CONFIG));
    expect(result.sandboxNamespaces).toEqual(['team-agents']);
    expect(errors(result.problems)).toEqual([
      'ConfigMap/team-agents/openhands-sandbox-server-env data.OH_SANDBOX_NAMESPACE',
      'ConfigMap/team-agents/openhands-sandbox-server-env metadata.namespace',
      'RoleBinding/team-agents/openhands-app-server subjects[0].namespace',
    ]);
    expect(result.problems.find((p) => p.field === 'data.OH_SANDBOX_NAMESPACE')!.message).toMatch(/is "agents", but the SandboxTemplate, warm pool and governance are in "team-agents"/);
  });

  const CORS_CONFIG = agentSandboxToml('[kubernetes]\nnamespace = "agents"', '[extended.manifests.app_server]\nnamespace = "openhands"\n[extended.manifests.agent_sandbox]\nweb_url = "https://openhands.example.com"\npermitted_cors_origins = ["https://ide.example.com"]');
  const envPatch = (data: Record<string, string>) => [
    'patches:',
    '  - target: { kind: ConfigMap, name: openhands-sandbox-server-env }',
    '    patch: |-',
    '      apiVersion: v1',
    '      kind: ConfigMap',
    '      metadata: { name: openhands-sandbox-server-env }',
    `      data: ${JSON.stringify(data)}`,
  ];

  kustomizeTest('a patched OH_WEB_URL or an extra OH_PERMITTED_CORS_ORIGINS_<n> disagrees with the claim policy\'s CORS origins: named', () => {
    expect(errors(build(overlay([], CORS_CONFIG)).result.problems)).toEqual([]);
    const { result } = build(overlay(envPatch({ OH_WEB_URL: 'https://staging.example.com' }), CORS_CONFIG));
    expect(errors(result.problems)).toEqual(['ConfigMap/openhands/openhands-sandbox-server-env data.OH_WEB_URL']);
    const problem = result.problems.find((p) => p.field === 'data.OH_WEB_URL')!;
    expect(problem.message).toBe('and OH_PERMITTED_CORS_ORIGINS_<n> make the app server put the CORS origins OH_ALLOW_CORS_ORIGINS_0=https://staging.example.com, OH_ALLOW_CORS_ORIGINS_1=https://ide.example.com on its claims, but ValidatingAdmissionPolicy/openhands-sandbox-agents-sandboxclaims admits exactly OH_ALLOW_CORS_ORIGINS_0=https://openhands.example.com, OH_ALLOW_CORS_ORIGINS_1=https://ide.example.com: every claim is refused');
    expect(problem.fix).toMatch(/agent_sandbox\.web_url and permitted_cors_origins and re-synth/);
    expect(errors(build(overlay(envPatch({ OH_PERMITTED_CORS_ORIGINS_1: 'https://extra.example.com' }), CORS_CONFIG)).result.problems)).toEqual(['ConfigMap/openhands/openhands-sandbox-server-env data.OH_WEB_URL']);
    // A gap in the indices: the app server stops reading at _1, so _2 is never used; the list still matches.
    expect(errors(build(overlay(envPatch({ OH_PERMITTED_CORS_ORIGINS_2: 'https://unread.example.com' }), CORS_CONFIG)).result.problems)).toEqual([]);
  });
});

describe('renamed session objects', () => {
  kustomizeTest('namePrefix renames the pods, their claims and Services: each named', () => {
    const { result } = build(overlay(['namePrefix: prod-']));
    expect(errors(result.problems)).toEqual(expect.arrayContaining([
      'Pod/sandboxes/prod-openhands-runtime-a metadata.name',
      'Pod/sandboxes/prod-openhands-runtime-a spec.volumes[0].persistentVolumeClaim.claimName',
      'Service/sandboxes/prod-openhands-runtime-a-svc metadata.name',
    ]));
    expect(result.problems.find((p) => p.object === 'Pod/sandboxes/prod-openhands-runtime-b')!.message).toBe("is not openhands-runtime-b, the name OpenHands gives session b's pod");
  });
});

describe('the README overlay example', () => {
  kustomizeTest('builds with kubectl kustomize and verifies clean (the policies follow the namespace)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const example = /<!-- begin overlay-example -->\n```yaml\n([\s\S]*?)```\n<!-- end overlay-example -->/.exec(readme)![1];
    const dir = overlay([]);
    mkdirSync(join(dir, 'overlays', 'prod'), { recursive: true });
    writeFileSync(join(dir, 'overlays', 'prod', 'kustomization.yaml'), example);
    const { objects, result } = build(dir, 'overlays/prod');
    expect(result.sandboxNamespaces).toEqual(['team-sandboxes']);
    expect(errors(result.problems)).toEqual([]);
    expect(objects.find((o) => o.kind === 'Pod')!.metadata.labels).toMatchObject({ team: 'ai' });
    expect(objects.find((o) => o.kind === 'Service')!.spec.selector).not.toHaveProperty('team');
  });
});

describe('verify without Kustomize', () => {
  test('synth\'s own output is coherent for every example-like profile', () => {
    for (const extra of ['', 'security_profile = "openhands"', 'sessions = []']) {
      const dir = workspace({ 'config.toml': `${CONFIG}${extra}\n`.replace('sessions = ["a", "b"]\nsessions = []', 'sessions = []') });
      const environments = loadEnvironments([join(dir, 'config.toml')], {});
      const objects = environments.flatMap((environment) => renderEnvironment(environment).objects) as any[];
      expect(verifyObjects(objects).problems).toEqual([]);
    }
  });

  test('a NetworkPolicy with label selectors (an older output, or a patch) and an overlay label: its own and its peers\' selectors named', () => {
    const labels = { 'app.kubernetes.io/managed-by': 'openhands-k8s', 'team': 'ai' };
    const policy = {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'sbx', labels },
      spec: { podSelector: { matchLabels: { app: 'openhands-runtime', team: 'ai' } }, egress: [{ to: [{ podSelector: { matchLabels: { 'k8s-app': 'kube-dns', 'team': 'ai' } } }] }] },
    };
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'sbx', labels }, spec: { hard: {} } };
    const problems = verifyObjects([policy, quota] as any).problems;
    expect(problems.map((p) => `${p.object} ${p.field}`)).toEqual([
      'NetworkPolicy/sbx/np spec.podSelector.matchLabels[team]',
      'NetworkPolicy/sbx/np spec.egress[0].to[0].podSelector.matchLabels[team]',
    ]);
    expect(problems[1].message).toMatch(/a label the overlay added to every generated object, which the peer's pods \(DNS, the app server\) do not carry/);
  });

  test('parseStream names a document that is not a Kubernetes object', () => {
    expect(() => parseStream('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nfoo: bar\n', 'in.yaml')).toThrow(/in\.yaml: 1 problem:\n {2}in\.yaml: document 2: is not a Kubernetes object/);
  });
});
