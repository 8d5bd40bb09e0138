import { configFrom, container, errorOf, find, render } from '../support/fixtures';

/** Keys that are valid in Kubernetes but special to a JavaScript object. */
describe('user-keyed tables (env vars, labels, annotations)', () => {
  test('keeps an env var named __proto__, in order, with its value', () => {
    const objects = render('[sandbox]\nruntime_container_image = "ghcr.io/x/runtime:1"\n[sandbox.runtime_startup_env_vars]\nA = "1"\n__proto__ = "2"\nconstructor = "3"\n');
    const env = container(objects).env.filter((item: { name: string }) => ['A', '__proto__', 'constructor'].includes(item.name));
    expect(env).toEqual([{ name: 'A', value: '1' }, { name: '__proto__', value: '2' }, { name: 'constructor', value: '3' }]);
  });

  test('a label or annotation key named constructor, toString or hasOwnProperty renders as itself', () => {
    const objects = render('[extended.manifests]\npod_labels = { constructor = "a", toString = "b" }\ningress_annotations = { constructor = "c", hasOwnProperty = "d" }\n');
    const pod = find(objects, 'Pod', 'openhands-runtime-default');
    expect(pod.metadata.labels).toMatchObject({ constructor: 'a', toString: 'b' });
    expect(find(objects, 'Ingress').metadata.annotations).toMatchObject({ constructor: 'c', hasOwnProperty: 'd' });
  });

  test('a node selector key and app server selector labels named constructor render as themselves', () => {
    const objects = render('[kubernetes]\nnamespace = "sbx"\nnode_selector_key = "constructor"\nnode_selector_val = "x"\n[extended.manifests.app_server]\npod_labels = { constructor = "y" }\n');
    expect(find(objects, 'Pod', 'openhands-runtime-default').spec.nodeSelector).toEqual({ constructor: 'x' });
    const policy = find(objects, 'NetworkPolicy');
    expect(JSON.stringify(policy.spec.ingress)).toContain('"podSelector":{"matchExpressions":[{"key":"constructor","operator":"In","values":["y"]}]}');
  });

  test('a parsed table holds every key as an own property, __proto__ and constructor included', () => {
    const config = configFrom('[sandbox.runtime_startup_env_vars]\n__proto__ = "1"\nconstructor = "2"\n[sandbox]\nruntime_container_image = "ghcr.io/x/runtime:1"\n');
    expect(Object.keys(config.sandbox.runtime_startup_env_vars)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(config.sandbox.runtime_startup_env_vars)).toBe(Object.prototype);
  });

  test('still rejects a bad key and a non-string value, naming the key', () => {
    const message = errorOf('[sandbox]\nruntime_container_image = "ghcr.io/x/runtime:1"\n[sandbox.runtime_startup_env_vars]\n"1x" = "a"\nOK = 2\n');
    expect(message).toMatch(/sandbox\.runtime_startup_env_vars\.1x: key must be an environment variable name/);
    expect(message).toMatch(/sandbox\.runtime_startup_env_vars\.OK = 2: must be a string/);
  });

  test('rejects a string where a table is expected, in TOML\'s words', () => {
    expect(errorOf('[extended.manifests]\npod_labels = "x"\n')).toMatch(/extended\.manifests\.pod_labels = "x": must be a table, got a string/);
  });
});
