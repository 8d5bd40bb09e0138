import fc from 'fast-check';
import { App } from 'cdk8s';
import { stringify } from 'smol-toml';
import { AgentSandboxChart } from '../../lib/chart/agent-sandbox-chart';
import { AgentSandboxSettings } from '../../lib/config/agent-sandbox-settings';
import { parseConfig } from '../../lib/config/load';
import { resolveEnvironment } from '../../lib/config/resolve';
import { KubeObject, renderObjects } from '../../lib/output/render';
import { toYaml } from '../../lib/output/yaml';
import { crossObjectErrors, restrictedViolations, SANDBOX_ROUTER } from '../support/k8s-checks';
import { schemaErrors } from '../support/schema';
import { AGENT_SERVER_IMAGE, templatePod } from './support';

/** Configs of target agent-sandbox built from valid values only. */
const validConfigs = fc.record({
  kubernetes: fc.record({
    namespace: fc.constantFrom('default', 'sandboxes', 'agent-sandbox-system'),
    ingress_domain: fc.constantFrom('localhost', 'sbx.example.com'),
    pvc_storage_size: fc.constantFrom('1Gi', '500M', '1.5e9'),
    pvc_storage_class: fc.constantFrom('', 'gp3'),
    resource_cpu_request: fc.constantFrom('1', '250m'),
    resource_memory_limit: fc.constantFrom('1Gi', '4Gi'),
    image_pull_secret: fc.constantFrom('', 'regcred'),
    ingress_tls_secret: fc.constantFrom('', 'tls'),
    tolerations_yaml: fc.constantFrom('', '- operator: Exists', '- key: a\n  operator: Equal\n  value: b\n  effect: NoExecute\n  toleration_seconds: 5'),
    privileged: fc.boolean(),
  }, { requiredKeys: [] }),
  sandbox: fc.record({ runtime_container_image: fc.constantFrom(AGENT_SERVER_IMAGE, `agent-server@sha256:${'ab'.repeat(32)}`), runtime_startup_env_vars: fc.dictionary(fc.constantFrom('A', 'B_C'),
    // OpenHands' toml 0.10.2 misreads a string of only double quotes, or one starting with two, so such values are refused.
    fc.string({ maxLength: 5 }).filter((text) => !/^"+$/.test(text) && !text.startsWith('""'))) }),
  extended: fc.record({ manifests: fc.record({
    target: fc.constant('agent-sandbox'),
    runtime_class: fc.constantFrom('gvisor', 'kata'),
    namespace: fc.boolean(),
    rbac: fc.boolean(),
    layout: fc.constantFrom('file', 'per-object'),
    app_server: fc.record({ namespace: fc.constantFrom('openhands', 'sandboxes'), service_account: fc.constantFrom('oh', 'app-server') }, { requiredKeys: [] }),
    agent_sandbox: fc.oneof(
      fc.record({ browser_routes: fc.constantFrom('none', 'ingress'), web_url: fc.constantFrom('https://oh.example.com', 'http://localhost:3000'), replicas: fc.nat(3), shutdown_after_seconds: fc.integer({ min: 1, max: 100000 }), max_num_sandboxes: fc.integer({ min: 2, max: 10 }), inject_session_key: fc.boolean(), permitted_cors_origins: fc.uniqueArray(fc.constantFrom('https://ide.example.com', 'https://oh.example.com', 'http://localhost:3000'), { maxLength: 3 }) }, { requiredKeys: ['web_url'] }),
      fc.record({ browser_routes: fc.constant('httproute'), web_url: fc.constant('https://oh.example.com'), router_path_prefix: fc.constantFrom('/sandboxes', '/a/b'), gateway_name: fc.constantFrom('public', 'gw'), gateway_namespace: fc.constantFrom('gateway-system', 'sandboxes') }, { requiredKeys: ['browser_routes', 'gateway_name', 'web_url'] }),
    ),
    governance: fc.record({ resource_quota: fc.boolean(), limit_range: fc.boolean(), validating_policy: fc.boolean(), default_service_account: fc.boolean(), kubernetes_version: fc.constantFrom('1.29', '1.36') }, { requiredKeys: [] }),
  }, { requiredKeys: ['target'] }) }),
}, { requiredKeys: ['sandbox', 'extended'] }).map((data) => stringify(data));

describe('target agent-sandbox, any valid config', () => {
  test('renders CRD- and schema-valid objects, a restricted pod unless privileged, byte for byte what cdk8s\' Chart.toJson gives', () => {
    fc.assert(fc.property(validConfigs, (text) => {
      const settings = resolveEnvironment(parseConfig(text, 'fuzz.toml'), 'fuzz') as AgentSandboxSettings;
      const objects = renderObjects(settings);
      expect([...schemaErrors(objects), ...crossObjectErrors(objects, [SANDBOX_ROUTER])]).toEqual([]);
      if (!settings.template.pod.privileged) expect(restrictedViolations(templatePod(objects))).toEqual([]);
      const cdk8s = new AgentSandboxChart(new App(), 'fuzz', { settings }).toJson() as KubeObject[];
      expect(toYaml(objects)).toBe(toYaml(cdk8s));
    }), { numRuns: 200 });
  });
});
