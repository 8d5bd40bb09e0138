import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { crdPath, fixturePath } from './support/vendored';

const ROOT = resolve(__dirname, '..');

/** Every file git tracks, except the changelog (history may name old places). */
function tracked(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0')
    .filter((file) => file && file !== 'CHANGELOG.md' && existsSync(join(ROOT, file)));
}

/** Ways a file could reach outside the clone: the team's reference folder, this machine's paths. */
const OUTSIDE = /\.\.\/shared\b|\/work\/(shared|main)\b|\(\s*['"]\.\.['"]\s*,\s*['"]\.\.['"]\s*,\s*['"]\.\.['"]/;

describe('the repository is self-contained', () => {
  test('no tracked file reads the team\'s shared/ folder or a path of this machine', () => {
    const offenders = tracked().filter((file) => !/\.(png|tgz)$/.test(file))
      .filter((file) => OUTSIDE.test(readFileSync(join(ROOT, file), 'utf8')) && file !== 'test/self-contained.test.ts');
    expect(offenders).toEqual([]);
  });

  test.each([
    ['agent-sandbox-v0.5.6', 4], ['agent-sandbox-v1.0.0', 4], ['gateway-api-v1.5.1', 3],
  ])('the vendored CRDs of %s are here, with their licence', (folder, crds) => {
    const files = execFileSync('git', ['ls-files', crdPath(folder)], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
    expect(files.filter((file) => file.endsWith('.yaml'))).toHaveLength(crds);
    expect(readFileSync(crdPath(folder, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });

  test('the supported agent-sandbox lines serve the same v1beta1 schemas (one set of L1 classes fits both), and 1.0 serves nothing else', () => {
    const versions = (folder: string, file: string) => (parse(readFileSync(crdPath(folder, file), 'utf8').replace(/^---\n/, '')).spec.versions as Array<{ name: string }>);
    for (const file of readdirSync(crdPath('agent-sandbox-v1.0.0')).filter((name) => name.endsWith('.yaml'))) {
      expect(versions('agent-sandbox-v1.0.0', file).map((version) => version.name)).toEqual(['v1beta1']);
      const beta = (folder: string) => JSON.stringify(versions(folder, file).find((version) => version.name === 'v1beta1'));
      // The 1.0 line adds only status.observedGeneration to SandboxWarmPool (see imports/crds/README.md).
      if (!file.includes('warmpools')) expect(beta('agent-sandbox-v1.0.0')).toBe(beta('agent-sandbox-v0.5.6'));
    }
  });

  test('OpenHands\' V1 reference manifests are here, with their licence', () => {
    for (const file of ['rbac.yaml', 'sandboxtemplate.yaml', 'sandboxwarmpool.yaml']) expect(existsSync(fixturePath('openhands-v1', file))).toBe(true);
    expect(readFileSync(fixturePath('openhands-v1', 'LICENSE'), 'utf8')).toMatch(/The MIT License/);
  });

  test('the scripts that refresh vendored files and regenerate imports read only the project', () => {
    expect(readFileSync(join(ROOT, 'scripts', 'import-crds.sh'), 'utf8')).toMatch(/\/imports\/crds\}/);
    expect(readFileSync(join(ROOT, 'scripts', 'refresh-vendored.sh'), 'utf8')).toMatch(/imports\/crds\/agent-sandbox-\$AGENT_SANDBOX/);
  });
});
