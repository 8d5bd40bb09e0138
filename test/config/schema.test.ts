import { errorOf } from '../support/fixtures';

/** One invalid value per rule: the config, the key the message must name, and a fragment of the reason. */
const INVALID: Array<[rule: string, toml: string, key: string, reason: RegExp]> = [
  ['a snippet ingress annotation the validating policy would refuse', '[kubernetes]\nnamespace = "sbx"\n[extended.manifests.ingress_annotations]\n"nginx.ingress.kubernetes.io/configuration-snippet" = "x"', 'extended.manifests.ingress_annotations.nginx.ingress.kubernetes.io/configuration-snippet', /snippet annotation.*refuses every Ingress/],
  ['an ingress domain too long for the hosts OpenHands names', `[kubernetes]\ningress_domain = "${Array(4).fill('a'.repeat(55)).join('.')}"`, 'kubernetes.ingress_domain', /has 223 characters.*220 at most/],
  ['a TOML integer where a string is expected', '[kubernetes]\nresource_cpu_request = 2', 'kubernetes.resource_cpu_request', /must be a string.*quote it/],
  ['an unknown [kubernetes] key', '[kubernetes]\nnamspace = "x"', 'kubernetes.namspace', /did you mean "namespace"/],
  ['a CPU request that is not a quantity', '[kubernetes]\nresource_cpu_request = "one"', 'kubernetes.resource_cpu_request', /not a Kubernetes quantity/],
  ['a CPU request of zero', '[kubernetes]\nresource_cpu_request = "0"', 'kubernetes.resource_cpu_request', /greater than 0/],
  ['milli-bytes of memory', '[kubernetes]\nresource_memory_limit = "512m"', 'kubernetes.resource_memory_limit', /did you mean 512Mi\?/],
  ['micro-bytes of memory', '[kubernetes]\nresource_memory_request = "5u"', 'kubernetes.resource_memory_request', /microbytes/],
  ['a Gb unit', '[kubernetes]\nresource_memory_limit = "4Gb"', 'kubernetes.resource_memory_limit', /did you mean 4Gi\?/],
  ['a spaced GB unit', '[kubernetes]\npvc_storage_size = "10 GB"', 'kubernetes.pvc_storage_size', /did you mean 10Gi\?/],
  ['an upper-case K', '[kubernetes]\npvc_storage_size = "100K"', 'kubernetes.pvc_storage_size', /did you mean 100Ki\?/],
  ['more than 3 decimal places', '[kubernetes]\nresource_cpu_request = "0.0001"', 'kubernetes.resource_cpu_request', /not a Kubernetes quantity/],
  ['zero storage', '[kubernetes]\npvc_storage_size = "0Gi"', 'kubernetes.pvc_storage_size', /greater than 0/],
  ['milli-bytes of storage', '[kubernetes]\npvc_storage_size = "10m"', 'kubernetes.pvc_storage_size', /did you mean 10Mi/],
  ['a memory request above the limit', '[kubernetes]\nresource_memory_request = "3000Mi"\nresource_memory_limit = "2.5Gi"', 'kubernetes.resource_memory_request', /must not exceed resource_memory_limit "2.5Gi"/],
  ['an upper-case namespace', '[kubernetes]\nnamespace = "OpenHands"', 'kubernetes.namespace', /DNS-1123 label/],
  ['a namespace of 64 characters', `[kubernetes]\nnamespace = "${'a'.repeat(64)}"`, 'kubernetes.namespace', /at most 63/],
  ['a pull secret with an underscore', '[kubernetes]\nimage_pull_secret = "reg_cred"', 'kubernetes.image_pull_secret', /DNS-1123 subdomain/],
  ['a TLS secret ending in a dot', '[kubernetes]\ningress_tls_secret = "tls."', 'kubernetes.ingress_tls_secret', /DNS-1123 subdomain/],
  ['a storage class with upper case', '[kubernetes]\npvc_storage_class = "GP3"', 'kubernetes.pvc_storage_class', /DNS-1123 subdomain/],
  ['an IP as ingress domain', '[kubernetes]\ningress_domain = "10.0.0.1"', 'kubernetes.ingress_domain', /not an IP/],
  ['an upper-case ingress domain', '[kubernetes]\ningress_domain = "Example.com"', 'kubernetes.ingress_domain', /lower case/],
  ['an ingress domain with a wildcard', '[kubernetes]\ningress_domain = "*.example.com"', 'kubernetes.ingress_domain', /DNS-1123 subdomain/],
  ['a host that grows past 253 characters', `[kubernetes]\ningress_domain = "${Array(4).fill('a'.repeat(60)).join('.')}"\n[extended.manifests]\nsessions = ["${'s'.repeat(20)}"]`, 'extended.manifests.sessions[0]', /ingress host/],
  ['an invalid node selector key', '[kubernetes]\nnode_selector_key = "-pool"\nnode_selector_val = "a"', 'kubernetes.node_selector_key', /label key/],
  ['an invalid node selector value', '[kubernetes]\nnode_selector_key = "pool"\nnode_selector_val = "a b"', 'kubernetes.node_selector_val', /label value/],
  ['a node selector key without value', '[kubernetes]\nnode_selector_key = "pool"', 'kubernetes.node_selector_val', /set together with node_selector_key/],
  ['a node selector value without key', '[kubernetes]\nnode_selector_val = "x"', 'kubernetes.node_selector_key', /set together with node_selector_val/],
  ['tolerations that are not YAML', '[kubernetes]\ntolerations_yaml = "- key: [a"', 'kubernetes.tolerations_yaml', /not valid YAML/],
  ['tolerations with an unresolved YAML alias', '[kubernetes]\ntolerations_yaml = "*anchor"', 'kubernetes.tolerations_yaml', /not valid YAML for PyYAML: Unresolved alias/],
  ['tolerations that are not a list', '[kubernetes]\ntolerations_yaml = "key: a"', 'kubernetes.tolerations_yaml', /must be a YAML list/],
  ['a toleration that is not a map', '[kubernetes]\ntolerations_yaml = "- a"', 'kubernetes.tolerations_yaml', /item 1: must be a map/],
  ['camelCase tolerationSeconds', '[kubernetes]\ntolerations_yaml = "- key: a\\n  effect: NoExecute\\n  tolerationSeconds: 5"', 'kubernetes.tolerations_yaml', /write toleration_seconds/],
  ['an unknown toleration field', '[kubernetes]\ntolerations_yaml = "- key: a\\n  color: red"', 'kubernetes.tolerations_yaml', /unknown field "color"/],
  ['a YAML boolean toleration value', '[kubernetes]\ntolerations_yaml = "- key: a\\n  value: yes"', 'kubernetes.tolerations_yaml', /value must be a string, got true \(quote it: value: "yes"\)/],
  ['a YAML list as a toleration value, with no quoting hint', '[kubernetes]\ntolerations_yaml = "- key: a\\n  value: [1]"', 'kubernetes.tolerations_yaml', /value must be a string, got \[1\]"?$/m],
  ['a bad toleration operator', '[kubernetes]\ntolerations_yaml = "- key: a\\n  operator: In"', 'kubernetes.tolerations_yaml', /operator "In" must be Equal or Exists/],
  ['an empty toleration key without Exists', '[kubernetes]\ntolerations_yaml = "- operator: Equal\\n  value: x"', 'kubernetes.tolerations_yaml', /empty key requires operator: Exists/],
  ['Exists with a value', '[kubernetes]\ntolerations_yaml = "- key: a\\n  operator: Exists\\n  value: b"', 'kubernetes.tolerations_yaml', /must be empty when operator is Exists/],
  ['a bad toleration effect', '[kubernetes]\ntolerations_yaml = "- key: a\\n  effect: NoRun"', 'kubernetes.tolerations_yaml', /effect "NoRun" must be one of/],
  ['toleration_seconds without NoExecute', '[kubernetes]\ntolerations_yaml = "- key: a\\n  effect: NoSchedule\\n  toleration_seconds: 5"', 'kubernetes.tolerations_yaml', /only allowed with effect: NoExecute/],
  ['an invalid toleration value', '[kubernetes]\ntolerations_yaml = "- key: a\\n  value: \\"a b\\""', 'kubernetes.tolerations_yaml', /label value/],
  ['a session id with upper case', '[extended.manifests]\nsessions = ["Alice"]', 'extended.manifests.sessions[0]', /lower-case/],
  ['a session id of 37 characters', `[extended.manifests]\nsessions = ["${'a'.repeat(37)}"]`, 'extended.manifests.sessions[0]', /1 to 36 characters/],
  ['a session id ending in a dash', '[extended.manifests]\nsessions = ["a-"]', 'extended.manifests.sessions[0]', /ending with a letter or digit/],
  ['a repeated session id', '[extended.manifests]\nsessions = ["a", "a"]', 'extended.manifests.sessions[1]', /repeats session "a"/],
  ['an empty image', '[sandbox]\nruntime_container_image = ""', 'sandbox.runtime_container_image', /must not be empty/],
  ['an image with whitespace', '[sandbox]\nruntime_container_image = "img: 1"', 'sandbox.runtime_container_image', /whitespace/],
  ['a non-string env value', '[sandbox]\nruntime_container_image = "i:1"\nruntime_startup_env_vars = { A = 1 }', 'sandbox.runtime_startup_env_vars.A', /must be a string/],
  ['an invalid env name', '[sandbox]\nruntime_container_image = "i:1"\nruntime_startup_env_vars = { "1A" = "x" }', 'sandbox.runtime_startup_env_vars.1A', /environment variable name/],
  ['an env name OpenHands sets', '[sandbox]\nruntime_container_image = "i:1"\nruntime_startup_env_vars = { VSCODE_PORT = "1" }', 'sandbox.runtime_startup_env_vars.VSCODE_PORT', /set by OpenHands itself/],
  ['DEBUG next to core.debug', '[core]\ndebug = true\n[sandbox]\nruntime_container_image = "i:1"\nruntime_startup_env_vars = { DEBUG = "1" }', 'sandbox.runtime_startup_env_vars.DEBUG', /set by OpenHands itself/],
  ['a relative workspace path', '[core]\nworkspace_mount_path_in_sandbox = "ws"', 'core.workspace_mount_path_in_sandbox', /absolute path/],
  ['a negative user id', '[extended.manifests]\nuser_id = -1', 'extended.manifests.user_id', /at least 0/],
  ['an unknown security profile', '[extended.manifests]\nsecurity_profile = "strict"', 'extended.manifests.security_profile', /one of "hardened", "openhands"/],
  ['overriding a selector label', '[extended.manifests.pod_labels]\napp = "x"', 'extended.manifests.pod_labels.app', /selector label/],
  ['an invalid extra label', '[extended.manifests.pvc_labels]\n"team" = "a b"', 'extended.manifests.pvc_labels.team', /label value/],
  ['the deprecated ingress class annotation', '[extended.manifests.ingress_annotations]\n"kubernetes.io/ingress.class" = "nginx"', 'extended.manifests.ingress_annotations.kubernetes.io/ingress.class', /use ingress_class/],
  ['runtime_class with the openhands profile', '[extended.manifests]\nsecurity_profile = "openhands"\nruntime_class = "gvisor"', 'extended.manifests.runtime_class', /needs security_profile = "hardened"/],
  ['an invalid egress CIDR', '[extended.manifests.network_policy]\nallow_egress_cidrs = ["10.0.0.0/33"]', 'extended.manifests.network_policy.allow_egress_cidrs[0]', /IPv4 or IPv6 CIDR/],
  ['an invalid app server namespace', '[extended.manifests.app_server]\nnamespace = "Open"', 'extended.manifests.app_server.namespace', /DNS-1123 label/],
];

describe('validation rules', () => {
  test.each(INVALID)('rejects %s', (_rule, toml, key, reason) => {
    const message = errorOf(toml);
    const line = message.split('\n').find((candidate) => candidate.includes(` ${key}`));
    expect(line).toBeDefined();
    expect(line).toMatch(reason);
  });

  test('accepts the valid edge of each rule', () => {
    expect(() => errorOf([
      '[kubernetes]', 'resource_cpu_request = "0.5"', 'resource_memory_request = "2Gi"', 'resource_memory_limit = "2048Mi"',
      'pvc_storage_size = "1.5e3"', 'pvc_storage_class = ""', 'namespace = "a"', 'node_selector_key = "example.com/pool"', 'node_selector_val = "x"',
      'tolerations_yaml = "- operator: Exists"',
      '[extended.manifests]', `sessions = ["${'0'.repeat(36)}"]`,
    ].join('\n'))).toThrow(/expected the config to be rejected/);
  });
});

describe('error report', () => {
  const toml = '[kubernetes]\nnamespace = "Bad"\nresource_memory_limit = "512m"\n\n[extended.manifests]\nsessions = ["ok", "NO"]\n';

  test('lists every problem at once with file, line, key, value and what is valid', () => {
    expect(errorOf(toml)).toMatchInlineSnapshot(`
"config.toml: 3 problems:
  config.toml:2: kubernetes.namespace = "Bad": must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit
  config.toml:3: kubernetes.resource_memory_limit = "512m": means 512 millibytes (did you mean 512Mi?): use a binary unit such as Mi or Gi, like "512Mi", "2Gi" or "10G"
  config.toml:6: extended.manifests.sessions[1] = "NO": must be 1 to 36 characters of lower-case letters, digits and "-", starting and ending with a letter or digit (so every derived Service name stays a valid DNS-1035 label)"
`);
  });

  test('names the environment variable a bad value came from', () => {
    expect(errorOf('', { KUBERNETES_NAMESPACE: 'Bad_NS' })).toMatch(/^ {2}KUBERNETES_NAMESPACE \(environment variable\): kubernetes\.namespace = "Bad_NS": must be a DNS-1123 label/m);
  });

  test('reports a TOML syntax error with its line and column', () => {
    expect(errorOf('[kubernetes]\nnamespace = "x"\nprivileged = tru\n')).toMatch(/config\.toml:3: \(syntax\): invalid TOML at line 3, column \d+/);
  });
});
