import { join } from 'node:path';
import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { k8s } from '../../imports/k8s';
import { apiObjectJson } from '../../lib/output/api-object-json';
import { loadEnvironments } from '../../lib/config/environments';
import { SandboxChart } from '../../lib/chart/sandbox-chart';
import { AgentSandboxChart } from '../../lib/chart/agent-sandbox-chart';
import { resolveEnvironment, resolveSettings } from '../../lib/config/resolve';
import { configFrom } from '../support/fixtures';

function apiObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((construct): construct is ApiObject => construct instanceof ApiObject);
}

const examples = join(__dirname, '..', '..', 'examples');
const CONFIGS = [
  configFrom(''),
  configFrom('[extended.manifests]\nsecurity_profile = "openhands"\nheadless = true'),
  configFrom('[kubernetes]\nnamespace = "x"\nprivileged = true\npvc_storage_class = ""\ntolerations_yaml = "- operator: Exists"\n[extended.manifests.app_server]\nservice_account = "a"'),
  ...loadEnvironments([examples], {}).map((environment) => environment.config),
];

describe('apiObjectJson', () => {
  test.each(CONFIGS.map((config, index) => [index, config] as const))('equals cdk8s\' own toJson for every object (config %i)', (_index, config) => {
    const chart = new SandboxChart(new App(), 'c', { settings: resolveSettings(config, 'c') });
    for (const object of apiObjects(chart)) expect(JSON.stringify(apiObjectJson(object))).toBe(JSON.stringify(object.toJson()));
  });

  test('falls back to cdk8s for values it cannot read itself, such as a Lazy', () => {
    const chart = new Chart(new App(), 'c');
    const map = new k8s.KubeConfigMap(chart, 'm', { metadata: { name: 'm' }, data: { key: Lazy.any({ produce: () => 'late' }) as unknown as string } });
    expect(apiObjectJson(map)).toEqual(map.toJson());
    expect(apiObjectJson(map)).toMatchObject({ data: { key: 'late' } });
  });

  test('falls back to cdk8s when the object carries JSON patches', () => {
    const chart = new Chart(new App(), 'c');
    const map = new k8s.KubeConfigMap(chart, 'm', { metadata: { name: 'm' }, data: { a: 'b' } });
    map.addJsonPatch(JsonPatch.add('/data/c', 'd'));
    expect(apiObjectJson(map)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, data: { a: 'b', c: 'd' } });
  });
});


describe('apiObjectJson with keys special to JavaScript', () => {
  test('keeps a __proto__ key as an own property and a constructor key as a value', () => {
    const chart = new Chart(new App(), 'proto');
    const labels: Record<string, string> = Object.create(null);
    Object.defineProperty(labels, 'constructor', { value: 'a', enumerable: true });
    Object.defineProperty(labels, '__proto__', { value: 'b', enumerable: true });
    new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm', labels }, data: JSON.parse('{"__proto__": "x", "constructor": "y"}') });
    const json = apiObjectJson(apiObjects(chart)[0]) as any;
    expect(Object.keys(json.data)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(json.data)).toBe(Object.prototype);
    expect(JSON.stringify(json.metadata.labels)).toBe('{"__proto__":"b","constructor":"a"}');
  });
});

describe('apiObjectJson on the agent-sandbox target (classes generated from CRDs)', () => {
  const agentSandbox = (labels: string) => configFrom(`[sandbox]\nruntime_container_image = "ghcr.io/openhands/agent-server:1.37.1-python"\n[extended.manifests]\ntarget = "agent-sandbox"\npod_labels = { ${labels} }\n`);

  test('equals cdk8s\' own toJson for every object, the SandboxTemplate with its quantities and ports included', () => {
    const chart = new AgentSandboxChart(new App(), 'as', { settings: resolveEnvironment(agentSandbox('"team" = "a"'), 'as') as never });
    const objects = apiObjects(chart);
    expect(objects.map((object) => object.kind)).toContain('SandboxTemplate');
    for (const object of objects) expect(JSON.stringify(apiObjectJson(object))).toBe(JSON.stringify(object.toJson()));
  });

  test.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('renders a pod label named %s, where cdk8s\' sanitizer throws', (key) => {
    const chart = new AgentSandboxChart(new App(), 'as', { settings: resolveEnvironment(agentSandbox(`"${key}" = "x"`), 'as') as never });
    const template = apiObjects(chart).find((object) => object.kind === 'SandboxTemplate')!;
    const json = apiObjectJson(template) as any;
    expect(Object.getOwnPropertyDescriptor(json.spec.podTemplate.metadata.labels, key)?.value).toBe('x');
    expect(json.spec.podTemplate.spec.containers[0].resources.limits.memory).toEqual(expect.any(String));
  });
});
