import { toYaml } from '../../lib/output/yaml';
import { configFrom, find } from '../support/fixtures';
import { resolveEnvironment } from '../../lib/config/resolve';
import { renderObjects } from '../../lib/output/render';
import { apiServerRejections, crossObjectErrors, restrictedViolations, SANDBOX_ROUTER, unexemptedFindings } from '../support/k8s-checks';
import { schemaErrors } from '../support/schema';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { crdErrors } from '../support/crd-schema';
import { evaluateValidation } from '../support/admission-harness';
import { crdPath } from '../support/vendored';
import { AGENT_SERVER_IMAGE, agentSandboxToml, controllerObjects, renderAgentSandbox, templatePod } from './support';

const EVERY_FIELD = `
[kubernetes]
namespace = "agents"
ingress_domain = "sbx.example.com"
ingress_tls_secret = "sbx-tls"
pvc_storage_size = "20Gi"
pvc_storage_class = "fast-ssd"
resource_cpu_request = "500m"
resource_memory_request = "1536Mi"
resource_memory_limit = "3Gi"
image_pull_secret = "regcred"
node_selector_key = "node.kubernetes.io/pool"
node_selector_val = "sandboxes"
tolerations_yaml = """
- key: dedicated
  operator: Equal
  value: sandboxes
  effect: NoSchedule
"""
`;
const EVERY_MANIFESTS_FIELD = `
runtime_class = "gvisor"
pod_labels = { team = "ml" }
pvc_labels = { backup = "daily" }
[extended.manifests.app_server]
namespace = "openhands"
service_account = "oh-app"
pod_labels = { app = "openhands-app-server" }
[extended.manifests.network_policy]
allow_egress_cidrs = ["10.20.0.0/16"]
[extended.manifests.agent_sandbox]
template = "oh-template"
warm_pool = "oh-pool"
app_server_service = "oh-app"
app_server_port = 3001
browser_routes = "httproute"
gateway_name = "public"
gateway_namespace = "gateway-system"
max_num_sandboxes = 5
shutdown_after_seconds = 3600
inject_session_key = false
web_url = "https://openhands.example.com"
router_path_prefix = "/sbx"
`;

describe('agent-sandbox chart', () => {
  test('renders every configured field (whole manifest)', () => {
    expect(toYaml(renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD))).toMatchSnapshot();
  });

  test('renders the defaults (whole manifest)', () => {
    expect(toYaml(renderAgentSandbox())).toMatchSnapshot();
  });

  test.each([
    ['defaults', '', ''],
    ['every field', EVERY_FIELD, EVERY_MANIFESTS_FIELD],
    ['an ingress route', '[kubernetes]\nnamespace = "agents"\ningress_tls_secret = "tls"', 'ingress_class = "nginx"\n[extended.manifests.agent_sandbox]\nbrowser_routes = "ingress"\nweb_url = "https://openhands.example.com"'],
    ['privileged', '[kubernetes]\nnamespace = "agents"\nprivileged = true', ''],
  ])('every object is valid against its schema or CRD, and refers to what exists: %s', (_name, toml, manifests) => {
    const objects = renderAgentSandbox(toml, manifests);
    expect(schemaErrors(objects)).toEqual([]);
    expect(crossObjectErrors(objects, [SANDBOX_ROUTER])).toEqual([]);
  });

  test('the cross-object check catches a route without its grant and a pool without its template', () => {
    const objects = renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD)
      .filter((object) => object.kind !== 'ReferenceGrant' && object.kind !== 'SandboxTemplate');
    expect(crossObjectErrors(objects, [SANDBOX_ROUTER])).toEqual([
      'HTTPRoute openhands-sandbox-router routes to agent-sandbox-system/sandbox-router-svc without a ReferenceGrant',
      'SandboxWarmPool oh-pool refers to missing SandboxTemplate oh-template',
    ]);
    expect(crossObjectErrors(objects)).toContain('HTTPRoute openhands-sandbox-router routes to missing Service agent-sandbox-system/sandbox-router-svc');
  });

  test('the sandbox pod meets Pod Security "restricted" and the API server\'s rules', () => {
    for (const objects of [renderAgentSandbox(), renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD)]) {
      expect(restrictedViolations(templatePod(objects))).toEqual([]);
      expect(apiServerRejections(templatePod(objects))).toEqual([]);
    }
  });

  test('the pod and policy the controller makes of the template pass the linters\' checks, or carry opt-outs with reasons', () => {
    for (const objects of [renderAgentSandbox('[kubernetes]\nnamespace = "agents"'), renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD), renderAgentSandbox('[kubernetes]\nnamespace = "agents"\nprivileged = true'),
      renderAgentSandbox('[kubernetes]\nnamespace = "agents"', '[extended.manifests.agent_sandbox]\nbrowser_routes = "ingress"\nweb_url = "https://openhands.example.com"')]) {
      const all = [...objects, ...controllerObjects(objects)];
      expect(unexemptedFindings(all)).toEqual([]);
      expect(schemaErrors(controllerObjects(objects))).toEqual([]);
    }
  });

  test('the restricted check catches what OpenHands\' own template lacks', () => {
    const pod = templatePod(renderAgentSandbox());
    delete pod.spec.containers[0].securityContext;
    delete pod.spec.securityContext.seccompProfile;
    delete pod.spec.securityContext.runAsNonRoot;
    expect(restrictedViolations(pod)).toEqual([
      'agent-server: allowPrivilegeEscalation not false', 'agent-server: capabilities do not drop ALL',
      'agent-server: runAsNonRoot not true', 'agent-server: seccomp unset',
    ]);
  });

  test('the CRD check catches an unknown field and a wrong type', () => {
    const pool = structuredClone(find(renderAgentSandbox(), 'SandboxWarmPool'));
    pool.spec.replica = 1;
    pool.spec.replicas = '0';
    expect(crdErrors(pool)).toEqual(['/spec: must NOT have additional properties (unknown field "replica")', '/spec/replicas: must be integer']);
  });

  test('the template runs the agent server as OpenHands does, with a Service and env injection', () => {
    const template = find(renderAgentSandbox(), 'SandboxTemplate');
    expect(template.spec).toMatchObject({ envVarsInjectionPolicy: 'Allowed', service: true, networkPolicyManagement: 'Managed' });
    const container = template.spec.podTemplate.spec.containers[0];
    expect(container).toMatchObject({
      name: 'agent-server',
      args: ['--host', '0.0.0.0', '--port', '8000'],
      ports: [{ name: 'agent-server', containerPort: 8000 }, { name: 'vscode', containerPort: 8001 }],
      readinessProbe: { httpGet: { path: '/ready', port: 8000 } },
      volumeMounts: [{ name: 'workspace', mountPath: '/workspace' }],
    });
    const older = renderObjects(resolveEnvironment(configFrom(agentSandboxToml().replace(AGENT_SERVER_IMAGE, 'ghcr.io/openhands/agent-server:1.9.0-python')), 'test'));
    expect(find(older, 'SandboxTemplate').spec.podTemplate.spec.containers[0].readinessProbe.httpGet.path).toBe('/health');
    expect(template.spec.podTemplate.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    expect(template.spec.podTemplate.spec.automountServiceAccountToken).toBe(false);
    expect(template.spec.volumeClaimTemplates).toEqual([{ metadata: expect.objectContaining({ name: 'workspace' }), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } }]);
  });

  test('the network policy admits the router to 8000 and 8001 (and the app server to 8000 without browser routes), and lets sandboxes reach DNS, the app server and the internet', () => {
    const router = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agent-sandbox-system' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'sandbox-router' } } }], ports: [{ protocol: 'TCP', port: 8000 }, { protocol: 'TCP', port: 8001 }] };
    const direct = find(renderAgentSandbox('', '[extended.manifests.app_server]\nnamespace = "openhands"'), 'SandboxTemplate').spec.networkPolicy.ingress;
    expect(direct).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openhands' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'openhands' } } }], ports: [{ protocol: 'TCP', port: 8000 }] },
      router,
    ]);
    const { ingress, egress } = find(renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD), 'SandboxTemplate').spec.networkPolicy;
    expect(ingress).toEqual([router]);
    expect(egress[0].to[0].podSelector.matchLabels).toEqual({ 'k8s-app': 'kube-dns' });
    expect(egress[1].ports).toEqual([{ protocol: 'TCP', port: 3001 }]);
    expect(egress[2].to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16']));
    expect(egress[3]).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] });
  });

  test('the warm pool always writes replicas, 0 by default', () => {
    expect(find(renderAgentSandbox(), 'SandboxWarmPool').spec).toEqual({ replicas: 0, sandboxTemplateRef: { name: 'openhands-agent-server' } });
  });

  test('the app server gets exactly the claim and sandbox verbs in the sandbox namespace', () => {
    const objects = renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD);
    expect(find(objects, 'ServiceAccount', 'oh-app').metadata.namespace).toBe('openhands');
    expect(find(objects, 'Role').rules).toEqual([
      { apiGroups: ['extensions.agents.x-k8s.io'], resources: ['sandboxclaims'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
      { apiGroups: ['agents.x-k8s.io'], resources: ['sandboxes'], verbs: ['get', 'list', 'watch', 'patch'] },
    ]);
    expect(find(objects, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'oh-app', namespace: 'openhands' }]);
  });

  test('the namespace enforces restricted, or privileged for privileged sandboxes', () => {
    expect(find(renderAgentSandbox('[kubernetes]\nnamespace = "agents"'), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const privileged = renderAgentSandbox('[kubernetes]\nnamespace = "agents"\nprivileged = true');
    expect(find(privileged, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(find(privileged, 'SandboxTemplate').spec.podTemplate.spec.containers[0].securityContext).toEqual({ privileged: true });
    expect(renderAgentSandbox().some((object) => object.kind === 'Namespace')).toBe(false);
  });

  test('the sandbox-server environment points the app server at the pool, namespace and webhook', () => {
    expect(find(renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD), 'ConfigMap', 'openhands-sandbox-server-env')).toMatchObject({
      metadata: { namespace: 'openhands' },
      data: {
        RUNTIME: 'kubernetes',
        OH_SANDBOX_KIND: 'KubernetesSandboxServiceInjector',
        OH_SANDBOX_NAMESPACE: 'agents',
        OH_SANDBOX_WARM_POOL: 'oh-pool',
        OH_SANDBOX_WEBHOOK_BASE_URL: 'http://oh-app.openhands.svc.cluster.local:3001',
        OH_SANDBOX_MAX_NUM_SANDBOXES: '5',
        OH_SANDBOX_INJECT_SESSION_KEY: 'false',
        OH_SANDBOX_SHUTDOWN_AFTER_SECONDS: '3600',
        OH_SANDBOX_SANDBOX_URL_PATTERN: 'https://sbx.example.com/sbx/agents/{sandbox_name}/{port}',
        OH_WEB_URL: 'https://openhands.example.com',
      },
    });
    expect(Object.keys(find(renderAgentSandbox(), 'ConfigMap').data).filter((key) => key.startsWith('AGENT_SERVER_IMAGE'))).toEqual([]);
  });

  test('browser routes are emitted only when asked for', () => {
    expect(renderAgentSandbox().some((object) => ['HTTPRoute', 'Ingress', 'ReferenceGrant'].includes(object.kind))).toBe(false);
    const gateway = renderAgentSandbox(EVERY_FIELD, EVERY_MANIFESTS_FIELD);
    expect(find(gateway, 'HTTPRoute').spec).toMatchObject({
      hostnames: ['sbx.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/sbx/agents' } }], backendRefs: [{ name: 'sandbox-router-svc', namespace: 'agent-sandbox-system', port: 8080 }] }],
    });
    // Every header either sandbox-router routes by is removed, so a client cannot drive header routing.
    expect(find(gateway, 'HTTPRoute').spec.rules[0].filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['X-Sandbox-Id', 'X-Sandbox-Uid', 'X-Sandbox-Namespace', 'X-Sandbox-Port', 'X-Sandbox-Pod-Ip', 'X-Sandbox-Timeout'] } }]);
    expect(crdErrors(find(gateway, 'HTTPRoute'))).toEqual([]);
    // crdErrors skips CEL: run the CRD's own rules on the filter list and on each filter.
    const crd = parseDocument(readFileSync(crdPath('gateway-api-v1.5.1', 'gateway.networking.k8s.io_httproutes.yaml'), 'utf8')).toJS();
    const filtersSchema = crd.spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema.properties.spec.properties.rules.items.properties.filters;
    const failing = (rules: { rule: string }[], value: unknown) => rules.filter(({ rule }) => !evaluateValidation(rule.replace(/\bself\b/g, 'object'), { object: value })).map(({ rule }) => rule);
    const { filters } = find(gateway, 'HTTPRoute').spec.rules[0];
    expect([filtersSchema['x-kubernetes-validations'].length, filtersSchema.items['x-kubernetes-validations'].length]).toEqual([6, 14]);
    expect([...failing(filtersSchema['x-kubernetes-validations'], filters), ...filters.flatMap((f: any) => failing(filtersSchema.items['x-kubernetes-validations'], f))]).toEqual([]);
    expect(failing(filtersSchema.items['x-kubernetes-validations'], { type: 'RequestHeaderModifier' })).toHaveLength(1);
    expect(find(gateway, 'ReferenceGrant').metadata.namespace).toBe('agent-sandbox-system');
    const ingress = find(renderAgentSandbox('[kubernetes]\ningress_domain = "sbx.example.com"', '[extended.manifests.agent_sandbox]\nbrowser_routes = "ingress"\nweb_url = "https://openhands.example.com"'), 'Ingress');
    expect(ingress.metadata.namespace).toBe('agent-sandbox-system');
    expect(ingress.spec.rules[0]).toMatchObject({ host: 'sbx.example.com', http: { paths: [{ path: '/sandboxes/default', pathType: 'Prefix' }] } });
  });
});
