import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { KubeObject } from '../../lib/output/render';
import { fixturePath } from '../support/vendored';
import { renderAgentSandbox } from './support';

/** OpenHands' own manifests for V1 on agent-sandbox (sandbox-server's deploy/kubernetes/). */
const REFERENCE = process.env.OPENHANDS_V1_REFERENCE ?? fixturePath('openhands-v1');

/** The config that asks for what OpenHands' examples describe: same namespace, image and sizes. */
const LIKE_OPENHANDS = `
[kubernetes]
namespace = "default"
pvc_storage_size = "5Gi"
resource_cpu_request = "500m"
resource_memory_request = "1Gi"
resource_memory_limit = "4Gi"
`;
const LIKE_OPENHANDS_MANIFESTS = '[extended.manifests.app_server]\nnamespace = "default"\n';

/** Differences reported as one path: everything below these is one deliberate decision. */
const GROUPED = [
  'metadata.labels', 'spec.networkPolicy', 'spec.podTemplate.metadata', 'spec.volumeClaimTemplates[0].metadata.labels',
  'spec.podTemplate.spec.containers[0].securityContext',
];

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  const group = GROUPED.find((prefix) => path === prefix);
  if (group || value === null || typeof value !== 'object') {
    out.set(path, JSON.stringify(value));
    return;
  }
  for (const [key, child] of Object.entries(value)) leaves(child, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, out);
}

/** Paths where two objects differ: `~` changed, `+` only ours, `-` only OpenHands'. */
function differences(ours: KubeObject, theirs: KubeObject): string[] {
  const [a, b] = [new Map<string, string>(), new Map<string, string>()];
  leaves(ours, '', a);
  leaves(theirs, '', b);
  return [
    ...[...a].filter(([path, value]) => b.has(path) && b.get(path) !== value).map(([path]) => `~ ${path}`),
    ...[...a.keys()].filter((path) => !b.has(path)).map((path) => `+ ${path}`),
    ...[...b.keys()].filter((path) => !a.has(path)).map((path) => `- ${path}`),
  ].sort();
}

describe('against OpenHands\' example manifests', () => {
  const reference = readdirSync(REFERENCE).filter((file) => file.endsWith('.yaml')).sort()
    .flatMap((file) => loadAll(readFileSync(join(REFERENCE, file), 'utf8')) as KubeObject[]);
  const ours = renderAgentSandbox(LIKE_OPENHANDS, LIKE_OPENHANDS_MANIFESTS);
  const key = (object: KubeObject) => `${object.kind}/${object.metadata.name}`;

  test('every object OpenHands ships is emitted, plus the sandboxes\' ServiceAccount and the sandbox-server env', () => {
    const theirs = reference.map(key);
    expect(theirs.filter((name) => !ours.some((object) => key(object) === name))).toEqual([]);
    expect(ours.map(key).filter((name) => !theirs.includes(name)).sort()).toEqual(['ConfigMap/openhands-sandbox-server-env', 'ServiceAccount/openhands-sandbox']);
  });

  test('differs exactly where the README says, each on purpose', () => {
    const found: Record<string, string[]> = {};
    for (const object of reference) {
      const diff = differences(ours.find((candidate) => key(candidate) === key(object))!, object);
      if (diff.length > 0) found[key(object)] = diff;
    }
    expect(found).toEqual({
      'Role/openhands-app-server': ['+ metadata.labels'],
      'RoleBinding/openhands-app-server': ['+ metadata.labels'],
      'ServiceAccount/openhands-app-server': ['+ metadata.labels'],
      'SandboxWarmPool/openhands-pool': ['+ metadata.labels'],
      'SandboxTemplate/openhands-agent-server': [
        '+ metadata.labels',
        '+ spec.networkPolicy',
        '+ spec.networkPolicyManagement',
        '+ spec.podTemplate.metadata',
        '+ spec.podTemplate.spec.automountServiceAccountToken',
        '+ spec.podTemplate.spec.containers[0].resources.limits.ephemeral-storage',
        '+ spec.podTemplate.spec.containers[0].resources.requests.ephemeral-storage',
        '+ spec.podTemplate.spec.containers[0].securityContext',
        '+ spec.podTemplate.spec.enableServiceLinks',
        '+ spec.podTemplate.spec.securityContext.runAsNonRoot',
        '+ spec.podTemplate.spec.securityContext.seccompProfile.type',
        '+ spec.podTemplate.spec.serviceAccountName',
        '+ spec.service',
        '+ spec.volumeClaimTemplates[0].metadata.labels',
        '- spec.podTemplate.spec.containers[0].resources.limits.cpu',
        '~ spec.podTemplate.spec.containers[0].readinessProbe.httpGet.path',
      ],
    });
  });
});

test('the README lists every differing path', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Deliberate differences from OpenHands\' example manifests'), readme.indexOf('## Security'));
  const paths = ['metadata.labels', 'spec.service', 'spec.networkPolicy', 'networkPolicyManagement', 'podTemplate.metadata', 'runAsNonRoot',
    'seccompProfile', 'securityContext', 'automountServiceAccountToken', 'serviceAccountName', 'enableServiceLinks', 'volumeClaimTemplates[0].metadata.labels',
    'resources.limits.cpu', 'ephemeral-storage', 'readinessProbe.httpGet.path', 'ServiceAccount/openhands-sandbox', 'ConfigMap/openhands-sandbox-server-env'];
  expect(paths.filter((path) => !section.includes(path))).toEqual([]);
});
