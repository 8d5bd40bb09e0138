import fc from 'fast-check';
import { stringify } from 'smol-toml';
import { ConfigError } from '../lib/config/errors';
import { KubernetesConfig } from '../lib/config/kubernetes-config';
import { parseConfig } from '../lib/config/load';
import { ManifestsConfig } from '../lib/config/manifests-config';
import { CoreConfig } from '../lib/config/openhands-config';
import { App } from 'cdk8s';
import { resolveSettings } from '../lib/config/resolve';
import { documentOf } from '../lib/output/document';
import { KubeObject, renderBatches, renderDocuments, renderObjects } from '../lib/output/render';
import { toYaml } from '../lib/output/yaml';
import { SandboxChart } from '../lib/chart/sandbox-chart';
import { crossObjectErrors } from './support/k8s-checks';
import { schemaErrors } from './support/schema';

/** Strings that are often almost right: the values people get wrong. */
const plausible = fc.oneof(
  fc.constantFrom('', '1', '0', '500m', '2Gi', '2gi', '512m', '10 GB', '1.5', '1e3', '-1', 'default', 'Open_Hands', 'a.b', '10.0.0.1',
    'yes', 'example.com', '/workspace', 'ws', 'x'.repeat(70), 'pool', 'sysbox-runc', '- key: a\n  operator: Exists', '- key: a\n  value: yes',
    'key: [', '- tolerationSeconds: 5', 'hardened', 'openhands', 'per-object', 'ghcr.io/a/b:1', 'img with space'),
  fc.string({ maxLength: 12 }),
);
const value = fc.oneof(plausible, fc.integer({ min: -5, max: 5000 }), fc.boolean(), fc.array(plausible, { maxLength: 3 }), fc.dictionary(plausible, plausible, { maxKeys: 2 }));
const section = (keys: string[]) => fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), value, { maxKeys: 6 });

// Key lists come from the schema, so a new key is fuzzed the day it is added.
const K8S_KEYS = Object.keys(KubernetesConfig.shape);
const MANIFEST_KEYS = Object.keys(ManifestsConfig.shape);
const CORE_KEYS = Object.keys(CoreConfig.shape);

/** Structured configs: the real sections and keys with plausible and random values. */
const configs = fc.record({
  core: section(CORE_KEYS),
  kubernetes: section(K8S_KEYS),
  sandbox: fc.record({ runtime_container_image: fc.oneof(plausible, fc.constant('ghcr.io/a/runtime:1')), runtime_startup_env_vars: fc.dictionary(plausible, plausible, { maxKeys: 3 }) }, { requiredKeys: [] }),
  extended: fc.record({ manifests: section(MANIFEST_KEYS) }),
}, { requiredKeys: [] }).map((data) => stringify(data));

/** Configs built from valid values only, so that every run reaches the renderer. */
const validConfigs = fc.record({
  kubernetes: fc.record({
    namespace: fc.constantFrom('default', 'sandboxes', 'a'),
    ingress_domain: fc.constantFrom('localhost', 'sbx.example.com'),
    pvc_storage_size: fc.constantFrom('1Gi', '500M', '1.5e9'),
    pvc_storage_class: fc.constantFrom('', 'gp3'),
    resource_cpu_request: fc.constantFrom('1', '250m', '0.5'),
    resource_memory_request: fc.constantFrom('512Mi', '1Gi'),
    resource_memory_limit: fc.constantFrom('1Gi', '4Gi'),
    image_pull_secret: fc.constantFrom('', 'regcred'),
    ingress_tls_secret: fc.constantFrom('', 'tls'),
    tolerations_yaml: fc.constantFrom('', '- operator: Exists', '- key: a\n  operator: Equal\n  value: b\n  effect: NoExecute\n  toleration_seconds: 5'),
    privileged: fc.boolean(),
  }, { requiredKeys: [] }),
  sandbox: fc.record({ runtime_container_image: fc.constantFrom('ghcr.io/a/runtime:1', `runtime@sha256:${'ab'.repeat(32)}`), runtime_startup_env_vars: fc.dictionary(fc.constantFrom('A', 'B_C', 'x.y'),
    // OpenHands' toml 0.10.2 misreads a string of only double quotes, or one starting with two, so such values are refused.
    fc.string({ maxLength: 5 }).filter((text) => !/^"+$/.test(text) && !text.startsWith('""'))) }),
  extended: fc.record({ manifests: fc.record({
    sessions: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,34}[a-z0-9])?$/), { minLength: 1, maxLength: 4 }),
    headless: fc.boolean(),
    user_id: fc.nat(70000),
    security_profile: fc.constantFrom('hardened', 'openhands'),
  }, { requiredKeys: [] }) }),
}, { requiredKeys: ['sandbox'] })
  // Privileged hardened sandboxes in "default" are refused on purpose (a namespace of their own).
  .filter((data) => !(data.kubernetes?.privileged && (data.kubernetes.namespace ?? 'default') === 'default' && data.extended?.manifests?.security_profile !== 'openhands'))
  .map((data) => stringify(data));

/** The same config through cdk8s' own Chart.toJson, for comparison with the fast path synth takes. */
function cdk8sYaml(text: string): string {
  const config = parseConfig(text, 'fuzz.toml');
  return toYaml(new SandboxChart(new App(), 'fuzz', { settings: resolveSettings(config, 'fuzz') }).toJson() as KubeObject[]);
}

function attempt(text: string): { ok: true; yaml: string; errors: string[] } | { ok: false } {
  try {
    const config = parseConfig(text, 'fuzz.toml');
    const objects = renderObjects(resolveSettings(config, 'fuzz'));
    return { ok: true, yaml: toYaml(objects), errors: [...schemaErrors(objects), ...crossObjectErrors(objects)] };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false };
    throw error;
  }
}

describe('any input', () => {
  test('arbitrary text is a config or a configuration error, never a crash', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      attempt(text);
    }), { numRuns: 2000 });
  });

  test('generated configs are rejected cleanly or render schema-valid, consistent objects, byte for byte the same each time', () => {
    let accepted = 0;
    fc.assert(fc.property(configs, (text) => {
      const first = attempt(text);
      if (!first.ok) return;
      accepted += 1;
      expect(first.errors).toEqual([]);
      const second = attempt(text);
      expect(second.ok && second.yaml).toBe(first.yaml);
    }), { numRuns: 3000 });
    // The generator must reach the renderer often enough for the property to mean something. About
    // 20 of 3,000 random configs pass every rule (the valid-values test below renders hundreds);
    // more than 5 keeps this from failing by chance (a Poisson tail of about 1 in 50,000).
    expect(accepted).toBeGreaterThan(5);
  });

  test('configs of valid values all render schema-valid, consistent objects, byte for byte what cdk8s\' Chart.toJson gives', () => {
    fc.assert(fc.property(validConfigs, (text) => {
      const result = attempt(text);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.errors).toEqual([]);
      if (result.ok) expect(result.yaml).toBe(cdk8sYaml(text));
    }), { numRuns: 1000 });
  });

  test('synth\'s stamped sessions are byte for byte what the constructs build, for any config and any session ids', () => {
    // Ids some reader would retype (numbers, booleans, dates) are mixed in: the stamp must leave them to the constructs.
    const retyped = fc.constantFrom('123', '1e3', '1e-3', 'true', 'no', 'null', '0x1f', '0o17', '2001-12-14', '1-2', '07', 'inf');
    const ids = fc.uniqueArray(fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,34}[a-z0-9])?$/), retyped), { minLength: 4, maxLength: 10 });
    fc.assert(fc.property(validConfigs, ids, (text, sessions) => {
      const settings = { ...resolveSettings(parseConfig(text, 'fuzz.toml'), 'fuzz'), sessions };
      expect([...renderDocuments(settings)].flat()).toEqual([...renderBatches(settings)].flat().map(documentOf));
    }), { numRuns: 300 });
  });
});
