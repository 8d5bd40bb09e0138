import { toYaml } from '../../lib/output/yaml';
import { find, render, onKubernetes } from '../support/fixtures';

const EVERY_FIELD = `
[core]
workspace_mount_path_in_sandbox = "/home/agent/ws"
debug = true
enable_browser = false

[kubernetes]
namespace = "agents"
ingress_domain = "sbx.example.com"
pvc_storage_size = "20Gi"
pvc_storage_class = "fast-ssd"
resource_cpu_request = "500m"
resource_memory_request = "1536Mi"
resource_memory_limit = "3Gi"
image_pull_secret = "regcred"
ingress_tls_secret = "sbx-tls"
node_selector_key = "node.kubernetes.io/pool"
node_selector_val = "sandboxes"
tolerations_yaml = """
- key: dedicated
  operator: Equal
  value: sandboxes
  effect: NoSchedule
- key: node.kubernetes.io/unreachable
  operator: Exists
  effect: NoExecute
  toleration_seconds: 300
"""
privileged = false

[sandbox]
runtime_container_image = "ghcr.io/acme/openhands-runtime:1.2.3"
runtime_startup_env_vars = { PIP_INDEX_URL = "https://pypi.internal/simple", HTTP_PROXY = "http://proxy:3128" }

[extended.manifests]
user_id = 1000
`;

describe('SandboxChart', () => {
  test('renders the defaults, OpenHands profile, as OpenHands creates them', () => {
    expect(toYaml(render('[extended.manifests]\nsecurity_profile = "openhands"'))).toMatchSnapshot();
  });

  test('renders the defaults with the hardened profile', () => {
    expect(toYaml(render())).toMatchSnapshot();
  });

  test('renders every field set', () => {
    expect(toYaml(render(EVERY_FIELD))).toMatchSnapshot();
  });

  test('renders every field set, OpenHands profile', () => {
    expect(toYaml(render(`${EVERY_FIELD}security_profile = "openhands"\n`))).toMatchSnapshot();
  });

  test('renders privileged sandboxes in a namespace of their own', () => {
    expect(toYaml(render('[kubernetes]\nnamespace = "dind"\nprivileged = true'))).toMatchSnapshot();
  });

  test('renders headless sandboxes', () => {
    expect(toYaml(render('[extended.manifests]\nheadless = true'))).toMatchSnapshot();
  });

  test('renders only the namespace-level objects when no session is pre-provisioned', () => {
    const kinds = render(onKubernetes('[kubernetes]\nnamespace = "team"\n[extended.manifests]\nsessions = []')).map((object) => object.kind);
    expect(kinds).not.toContain('Pod');
    expect(kinds).toEqual(expect.arrayContaining(['Namespace', 'ResourceQuota', 'MutatingAdmissionPolicy', 'ValidatingAdmissionPolicy']));
    expect(render('[extended.manifests]\nsecurity_profile = "openhands"\nsessions = []')).toEqual([]);
  });

  test('renders several sessions', () => {
    expect(toYaml(render('[kubernetes]\nnamespace = "team"\n[extended.manifests]\nsessions = ["alice", "bob", "0123456789abcdef0123456789abcdef"]'))).toMatchSnapshot();
  });

  test('orders cluster-side objects first, then each session', () => {
    const kinds = render(onKubernetes('[kubernetes]\nnamespace = "team"\n[extended.manifests]\nsessions = ["a", "b"]\n[extended.manifests.app_server]\nservice_account = "openhands"'))
      .map((object) => `${object.kind}/${object.metadata.name}`);
    expect(kinds).toEqual([
      'Namespace/team', 'ServiceAccount/openhands-sandbox', 'Role/openhands-runtime-manager', 'RoleBinding/openhands-runtime-manager',
      'NetworkPolicy/openhands-runtime-sandboxes', 'ServiceAccount/default', 'ResourceQuota/openhands-sandboxes', 'LimitRange/openhands-sandboxes',
      'MutatingAdmissionPolicy/openhands-sandbox-team-harden', 'MutatingAdmissionPolicyBinding/openhands-sandbox-team-harden',
      ...['pods', 'services', 'ingresses', 'pvcs'].flatMap((kind) => [
        `ValidatingAdmissionPolicy/openhands-sandbox-team-${kind}`, `ValidatingAdmissionPolicyBinding/openhands-sandbox-team-${kind}`]),
      'PersistentVolumeClaim/openhands-runtime-a-pvc', 'Pod/openhands-runtime-a', 'Service/openhands-runtime-a-svc',
      'Service/openhands-runtime-a-svc-code', 'Ingress/openhands-runtime-a-ingress-code',
      'PersistentVolumeClaim/openhands-runtime-b-pvc', 'Pod/openhands-runtime-b', 'Service/openhands-runtime-b-svc',
      'Service/openhands-runtime-b-svc-code', 'Ingress/openhands-runtime-b-ingress-code',
    ]);
  });

  test('never adds cdk8s labels, annotations or hash-suffixed names', () => {
    const yaml = toYaml(render(EVERY_FIELD));
    expect(yaml).not.toMatch(/cdk8s\.io/);
    for (const object of render(EVERY_FIELD)) expect(object.metadata.name).not.toMatch(/-c8[0-9a-f]{6}$/);
  });

  test('renders byte-identical YAML for the same input', () => {
    expect(toYaml(render(EVERY_FIELD))).toBe(toYaml(render(EVERY_FIELD)));
  });

  test('puts every namespaced object in the configured namespace', () => {
    for (const object of render(EVERY_FIELD)) {
      if (object.kind === 'Namespace' || object.kind.includes('AdmissionPolicy')) expect(object.metadata.namespace).toBeUndefined();
      else expect(object.metadata.namespace).toBe('agents');
    }
  });

  test('never emits or labels the default namespace', () => {
    expect(render().some((object) => object.kind === 'Namespace')).toBe(false);
    expect(render('[kubernetes]\nnamespace = "default"\nprivileged = true\n[extended.manifests]\nsecurity_profile = "openhands"\nnamespace = true').some((object) => object.kind === 'Namespace')).toBe(false);
  });

  test('emits the namespace with its Pod Security labels only when asked or hardened', () => {
    expect(find(render('[kubernetes]\nnamespace = "x"'), 'Namespace').metadata.name).toBe('x');
    expect(render('[kubernetes]\nnamespace = "x"\n[extended.manifests]\nnamespace = false').some((object) => object.kind === 'Namespace')).toBe(false);
  });
});
