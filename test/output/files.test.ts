import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { loadEnvironments } from '../../lib/config/environments';
import { headerPath, outputFiles, renderEnvironment } from '../../lib/output/files';
import { writeOutput } from '../../lib/output/write';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) {
  if (process.env.CI) throw new Error('kubectl is required in CI for the Kustomize test (.ci/run checks for it)');
  // eslint-disable-next-line no-console
  console.warn('kubectl is not installed: skipping the Kustomize overlay test (CI requires kubectl and never skips it)');
}
const kustomizeTest = hasKubectl ? test : test.skip;

describe('the output folder as a Kustomize base', () => {
  kustomizeTest('an overlay adds labels, patches the pod and moves the namespace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-kustomize-'));
    writeFileSync(join(dir, 'config.toml'), '[kubernetes]\nnamespace = "sandboxes"\n[sandbox]\nruntime_container_image = "ghcr.io/x/runtime:1"\n[extended.manifests]\nsessions = ["a", "b"]\n');
    const environments = loadEnvironments([join(dir, 'config.toml')], {});
    writeOutput(join(dir, 'dist'), outputFiles(environments.map((environment) => renderEnvironment(environment))));
    mkdirSync(join(dir, 'overlay'));
    writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources: [../dist]',
      'namespace: team-sandboxes',
      'labels:',
      '  - pairs: { team: ai }',
      'patches:',
      '  - target: { kind: Pod, name: openhands-runtime-a }',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/containers/0/resources/limits/memory',
      '        value: 8Gi',
    ].join('\n'));
    const result = spawnSync('kubectl', ['kustomize', resolve(dir, 'overlay')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const objects = loadAll(result.stdout) as any[];
    expect(objects).toHaveLength(27);
    for (const object of objects) {
      expect(object.metadata.labels.team).toBe('ai');
      if (object.kind === 'Namespace') expect(object.metadata.name).toBe('team-sandboxes');
      else if (!object.kind.includes('AdmissionPolicy')) expect(object.metadata.namespace).toBe('team-sandboxes');
    }
    // kustomizeconfig.yaml (named by the base's kustomization.yaml) carries namespace: into the
    // admission policies' namespace selectors; the 8Gi patch is above the policy's limit, which
    // verify reports (test/check/verify.test.ts).
    const policy = objects.find((object) => object.kind === 'ValidatingAdmissionPolicy');
    expect(policy.spec.matchConstraints.namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe('team-sandboxes');
    const pod = (name: string) => objects.find((object) => object.kind === 'Pod' && object.metadata.name === name);
    expect(pod('openhands-runtime-a').spec.containers[0].resources.limits.memory).toBe('8Gi');
    expect(pod('openhands-runtime-b').spec.containers[0].resources.limits.memory).toBe('2Gi');
    const service = objects.find((object) => object.metadata.name === 'openhands-runtime-a-svc');
    expect(service.spec.selector).toEqual({ app: 'openhands-runtime', session: 'a' });
  });
});

describe('headerPath', () => {
  const cwd = resolve('/work/project');

  test.each([
    ['config.toml'], ['./config.toml'], ['/work/project/config.toml'], ['sub/../config.toml'],
  ])('names %j the same way however the path is typed', (file) => {
    expect(headerPath(file, cwd)).toBe('config.toml');
  });

  test('keeps a folder inside the working directory, in posix form', () => {
    expect(headerPath(join('envs', 'prod.toml'), cwd)).toBe('envs/prod.toml');
  });

  test('never leaks an absolute path outside the working directory', () => {
    expect(headerPath('/etc/secret/place/prod.toml', cwd)).toBe('prod.toml');
  });

  test('quotes a name with a newline, a quote or non-ASCII, so it stays one comment line', () => {
    const header = headerPath('evil\n---\nkind: Secret "é\u2028.toml', cwd);
    expect(header).toBe('"evil\\n---\\nkind: Secret \\"\\u00e9\\u2028.toml"');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('renderEnvironment headers', () => {
  test('a config file name with a newline cannot inject a YAML document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-header-'));
    const file = join(dir, 'x\n---\napiVersion: v1\nkind: Secret\n.toml');
    writeFileSync(file, `[sandbox]\nruntime_container_image = "ghcr.io/x/runtime:1"\n[extended.manifests]\nname = "x"\n`);
    const content = String([...renderEnvironment(loadEnvironments([file], {})[0]).files.values()][0]);
    const documents = loadAll(content) as Array<{ kind: string }>;
    expect(documents.map((document) => document.kind)).not.toContain('Secret');
    expect(content.split('\n')[0]).toMatch(/^# Generated by openhands-k8s from "x\\n---\\napiVersion: v1\\nkind: Secret\\n\.toml"\. Do not edit/);
  });
});
