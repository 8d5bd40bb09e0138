import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { loadEnvironments } from '../../lib/config/environments';
import { GENERATED_HEADER, headerPath, kustomizationFiles, outputFiles, renderEnvironment } from '../../lib/output/files';
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
    expect(objects).toHaveLength(25);
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
  const project = resolve('/work/project');
  const dist = join(project, 'dist');

  test('names the config the same however the paths are typed, from any working directory', () => {
    const parent = mkdtempSync(join(tmpdir(), 'ohk8s-cwd-'));
    mkdirSync(join(parent, 'project'));
    mkdirSync(join(parent, 'sibling'));
    const cases: Array<[string, string, string]> = [
      ['project', 'config.toml', 'dist'], ['project', './config.toml', './dist/'], ['project', 'sub/../config.toml', 'x/../dist'],
      ['.', 'project/config.toml', 'project/dist'], ['sibling', '../project/config.toml', '../project/dist'],
      ['sibling', join(parent, 'project', 'config.toml'), join(parent, 'project', 'dist')],
    ];
    const previous = process.cwd();
    try {
      for (const [cwd, file, outDir] of cases) {
        process.chdir(join(parent, cwd));
        expect([cwd, file, outDir, headerPath(file, outDir)]).toEqual([cwd, file, outDir, '../config.toml']);
      }
    } finally {
      process.chdir(previous);
    }
  });

  test('is relative to the output folder, not the working directory', () => {
    expect(headerPath(join(project, 'envs', 'prod.toml'), dist)).toBe('../envs/prod.toml');
    expect(headerPath(join(project, 'envs', 'prod.toml'), join(project, 'out', 'helm', 'templates'))).toBe('prod.toml');
    expect(headerPath(join(dist, 'inside.toml'), dist)).toBe('inside.toml');
  });

  test('never leaks an absolute path or a distant folder outside the output folder\'s parent', () => {
    expect(headerPath('/etc/secret/place/prod.toml', dist)).toBe('prod.toml');
    expect(headerPath('/work/other/prod.toml', dist)).toBe('prod.toml');
  });

  test('quotes a name with a newline, a quote or non-ASCII, so it stays one comment line', () => {
    const header = headerPath(join(project, 'evil\n---\nkind: Secret "é\u2028.toml'), dist);
    expect(header).toBe('"../evil\\n---\\nkind: Secret \\"\\u00e9\\u2028.toml"');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('renderEnvironment headers', () => {
  test('a config file name with a newline cannot inject a YAML document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-header-'));
    const file = join(dir, 'x\n---\napiVersion: v1\nkind: Secret\n.toml');
    writeFileSync(file, `[sandbox]\nruntime_container_image = "ghcr.io/x/runtime:1"\n[extended.manifests]\nname = "x"\n`);
    const content = String([...renderEnvironment(loadEnvironments([file], {})[0], { outDir: join(dir, 'dist') }).files.values()][0]);
    const documents = loadAll(content) as Array<{ kind: string }>;
    expect(documents.map((document) => document.kind)).not.toContain('Secret');
    expect(content.split('\n')[0]).toMatch(/^# Generated by openhands-k8s from "\.\.\/x\\n---\\napiVersion: v1\\nkind: Secret\\n\.toml"\. Do not edit/);
  });
});

describe('kustomizationFiles', () => {
  const expected = (paths: string[]) => `${GENERATED_HEADER}. Lists every generated file, so this folder is a Kustomize base.\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${paths.map((path) => `  - ${path}\n`).join('')}configurations:\n  - kustomizeconfig.yaml\n`;

  test.each([0, 3, 4095, 4096, 4097, 20000])('lists %i files in their order, the same bytes whether one string or in parts', (count) => {
    const paths = Array.from({ length: count }, (_, i) => `env/pod-s${count - i}.yaml`);
    const [[name, content]] = kustomizationFiles(paths);
    expect(name).toBe('kustomization.yaml');
    expect(String(content)).toBe(expected(paths));
    // A large list is never one string.
    expect(typeof content === 'string').toBe(count < 4096);
  });
});
