import { App } from 'cdk8s';
import { SandboxChart } from '../../lib/chart/sandbox-chart';
import { resolveSettings } from '../../lib/config/resolve';
import { renderBatches, renderObjects } from '../../lib/output/render';
import { configFrom } from '../support/fixtures';

const settings = resolveSettings(configFrom('[kubernetes]\nnamespace = "sbx"\n[extended.manifests]\nsessions = ["a", "b", "c", "d", "e"]'), 'env');

describe('renderBatches', () => {
  test('renders in batches exactly what one chart of every session renders', () => {
    const whole = new SandboxChart(new App(), 'env', { settings }).toJson();
    for (const size of [1, 2, 5, 20]) expect([...renderBatches(settings, size)].flat()).toEqual(whole);
  });

  test('puts the namespace-level objects in the first batch only, and each session in one batch', () => {
    const batches = [...renderBatches(settings, 2)].map((objects) => objects.map((object) => `${object.kind}/${object.metadata.name}`));
    expect(batches).toHaveLength(3);
    expect(batches[0]).toEqual(expect.arrayContaining(['Namespace/sbx', 'ServiceAccount/openhands-sandbox', 'Role/openhands-runtime-manager', 'NetworkPolicy/openhands-runtime-sandboxes']));
    expect(batches[1].every((id) => /^(PersistentVolumeClaim|Pod|Service|Ingress)\/openhands-runtime-[cd]/.test(id))).toBe(true);
    expect(batches[2]).toEqual(expect.arrayContaining(['Pod/openhands-runtime-e']));
  });

  test('an environment without sessions is one batch of namespace-level objects', () => {
    const none = { ...settings, sessions: [] };
    const clusterObjects = renderObjects(settings).filter((object) => !/^openhands-runtime-[a-e](-|$)/.test(object.metadata.name)).length;
    expect([...renderBatches(none)].map((objects) => objects.length)).toEqual([clusterObjects]);
    expect(renderObjects(none).every((object) => !object.metadata.name.startsWith('openhands-runtime-a'))).toBe(true);
  });
});
