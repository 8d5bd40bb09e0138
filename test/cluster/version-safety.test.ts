import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { clusterVersionNeeds } from '../../lib/config/cluster-version';
import { OLDEST_SUPPORTED_KUBERNETES } from '../../lib/config/governance-config';
import { KubeObject } from '../../lib/output/render';
import { admit, served } from '../support/admission-chain';
import { configFrom, find, render } from '../support/fixtures';

const ROOT = join(__dirname, '..', '..');
const dist = parseAllDocuments(readFileSync(join(ROOT, 'dist', 'config.k8s.yaml'), 'utf8')).map((doc) => doc.toJSON() as KubeObject);
const configToml = readFileSync(join(ROOT, 'config.toml'), 'utf8');
const openhandsObjects = (toml: string, release: string) => render(`${toml.replace(/^security_profile = .*$/m, '')}`.replace('[extended.manifests]\n', `[extended.manifests]\nsecurity_profile = "openhands"\nopenhands_version = "${release}"\n`))
  .filter((object) => ['Pod', 'Service', 'Ingress', 'PersistentVolumeClaim'].includes(object.kind))
  .map((object: any) => (object.kind === 'Pod' ? { ...object, metadata: { ...object.metadata, labels: { app: 'openhands-runtime', session: 'default' } } } : object));
const oldest = Number(OLDEST_SUPPORTED_KUBERNETES.split('.')[1]);

describe('the default output is safe on every supported Kubernetes version', () => {
  test('the default target is the oldest supported version, and dist/ needs no newer cluster', () => {
    expect(configFrom('').extended.manifests.governance.kubernetes_version).toBe(OLDEST_SUPPORTED_KUBERNETES);
    expect(clusterVersionNeeds(configFrom(configToml)).minimum).toBe(OLDEST_SUPPORTED_KUBERNETES);
    for (const object of dist) expect([object.kind, served(object.apiVersion, object.kind, { minor: oldest })]).toEqual([object.kind, true]);
  });

  test.each(Array.from({ length: 40 - oldest + 1 }, (_x, i) => oldest + i))('dist/ on Kubernetes 1.%i admits OpenHands\' objects of every release, with only what that version serves', (minor) => {
    for (const release of ['0.45', '0.52', '0.55', '0.59', '0.62']) {
      const objects = openhandsObjects(configToml, release);
      expect(objects.map((object) => object.kind).sort()).toEqual(['Ingress', 'PersistentVolumeClaim', 'Pod', 'Service', 'Service']);
      for (const object of objects) {
        expect([object.kind, admit(dist, object, { minor, defaultStorageClass: 'standard', defaultIngressClass: 'nginx' })]).toEqual([object.kind, expect.objectContaining({ admitted: true })]);
      }
    }
  });

  test('an output for a newer cluster than the real one refuses OpenHands\' pods: why the default is the oldest', () => {
    const newer = render(`${configToml}`.replace('[extended.manifests.app_server]', '[extended.manifests.governance]\nkubernetes_version = "1.36"\n\n[extended.manifests.app_server]'));
    const pod = openhandsObjects(configToml, '0.62').find((object) => object.kind === 'Pod');
    expect(admit(newer, pod, { minor: 36 }).admitted).toBe(true);
    const on135 = admit(newer, pod, { minor: 35 });
    expect(on135).toEqual(expect.objectContaining({ admitted: false, message: expect.stringMatching(/governance\.kubernetes_version/) }));
    expect(clusterVersionNeeds(configFrom('[kubernetes]\nnamespace = "s"\n[extended.manifests.governance]\nkubernetes_version = "1.36"')).minimum).toBe('1.36');
  });

  test('plan and synth say what each newer version adds', () => {
    const needs = clusterVersionNeeds(configFrom('[kubernetes]\nnamespace = "s"\n'));
    expect(needs).toEqual({ minimum: '1.30', because: 'ValidatingAdmissionPolicy v1', newer: [expect.objectContaining({ version: '1.34' }), expect.objectContaining({ version: '1.36' })] });
    expect(clusterVersionNeeds(configFrom('[kubernetes]\nnamespace = "s"\n[extended.manifests.governance]\nkubernetes_version = "1.34"')))
      .toEqual({ minimum: '1.34', because: expect.stringMatching(/v1beta1/), newer: [expect.objectContaining({ version: '1.36' })] });
    expect(clusterVersionNeeds(configFrom('[extended.manifests]\nsecurity_profile = "openhands"')).newer).toEqual([]);
  });

  test('Pod Security labels follow the chosen version', () => {
    const labels = (toml: string) => find(render(toml), 'Namespace').metadata.labels;
    expect(labels('[kubernetes]\nnamespace = "s"\n')['pod-security.kubernetes.io/enforce-version']).toBe('v1.30');
    expect(labels('[kubernetes]\nnamespace = "s"\n[extended.manifests.governance]\nkubernetes_version = "1.35"')['pod-security.kubernetes.io/warn-version']).toBe('v1.35');
  });
});
