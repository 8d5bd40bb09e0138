import { configWarnings } from '../../lib/config/warnings';
import { configFrom, IMAGE } from '../support/fixtures';

/** A config that triggers no warning but the one under test: its own namespace, sandboxes kept alive. */
const SAFE = '[kubernetes]\nnamespace = "sbx"\n';
const withImage = (image: string, rest = SAFE) => configFrom(`${rest}\n[sandbox]\nkeep_runtime_alive = true\nruntime_container_image = "${image}"\n`);

describe('configWarnings', () => {
  test('says nothing about a safe config', () => expect(configWarnings(withImage(IMAGE))).toEqual([]));

  test('warns that OpenHands deletes pre-provisioned sessions on close unless keep_runtime_alive, and not without sessions', () => {
    expect(configWarnings(configFrom(SAFE))).toEqual([expect.stringMatching(/^sandbox\.keep_runtime_alive is false, so OpenHands deletes the pre-provisioned pod, Services and Ingress of sessions default/)]);
    expect(configWarnings(configFrom(`${SAFE}[extended.manifests]\nsessions = []`))).toEqual([]);
  });

  test('warns that ingress annotations and claim labels do nothing without pre-provisioned sessions, unless the mutating policy adds them', () => {
    const warnings = (toml: string) => configWarnings(configFrom(toml)).filter((warning) => warning.includes('no effect'));
    const openhands = '[extended.manifests]\nsecurity_profile = "openhands"\nsessions = []\n';
    expect(warnings(`${openhands}ingress_annotations = { "a.io/x" = "1" }\npvc_labels = { team = "ai" }`)).toEqual([
      expect.stringMatching(/^extended\.manifests\.ingress_annotations, extended\.manifests\.pvc_labels have no effect: there are no pre-provisioned sessions, and OpenHands' own Ingresses and claims never get them \(the hardened profile's mutating policy/),
    ]);
    expect(warnings(`${openhands}ingress_labels = { team = "ai" }`)).toEqual([expect.stringMatching(/^extended\.manifests\.ingress_labels has no effect/)]);
    // Hardened in a namespace of its own, on 1.36: the mutating policy gives OpenHands' Ingresses the extras, not its claims.
    const hardened = '[kubernetes]\nnamespace = "sbx"\n[extended.manifests]\nsessions = []\n';
    expect(warnings(`${hardened}ingress_annotations = { "a.io/x" = "1" }\ningress_labels = { team = "ai" }`)).toEqual([]);
    expect(warnings(`${hardened}pvc_labels = { team = "ai" }`)).toEqual([expect.stringMatching(/^extended\.manifests\.pvc_labels has no effect: there are no pre-provisioned sessions, and OpenHands' own claims never get it; /)]);
    expect(warnings(`${hardened}ingress_labels = { team = "ai" }\n[extended.manifests.governance]\nkubernetes_version = "1.33"`)).toHaveLength(1);
    // Headless sessions have no Ingress at all, pre-provisioned or not.
    expect(warnings(`${hardened.replace('sessions = []', 'sessions = ["a"]\nheadless = true')}ingress_labels = { team = "ai" }`)).toEqual([expect.stringMatching(/ingress_labels has no effect: headless sessions have no Ingress/)]);
    expect(warnings(`${openhands.replace('sessions = []', 'sessions = ["a"]')}ingress_annotations = { "a.io/x" = "1" }`)).toEqual([]);
    expect(warnings(openhands)).toEqual([]);
  });

  test('warns about quantities Kubernetes stores in another form, which GitOps tools would see as drift', () => {
    const stored = (toml: string) => configWarnings(configFrom(toml)).filter((warning) => warning.includes('stored by Kubernetes'));
    expect(stored('[kubernetes]\nresource_cpu_request = "1000m"\npvc_storage_size = "3072Mi"\nresource_memory_limit = "4096Mi"')).toEqual([
      'kubernetes.resource_cpu_request "1000m" is stored by Kubernetes as "1": write "1", or GitOps tools that compare the strings (Argo CD) report the objects out of sync for ever',
      expect.stringMatching(/^kubernetes\.resource_memory_limit "4096Mi" is stored by Kubernetes as "4Gi"/),
      expect.stringMatching(/^kubernetes\.pvc_storage_size "3072Mi" is stored by Kubernetes as "3Gi"/),
    ]);
    expect(stored('[kubernetes]\nresource_cpu_request = "500m"\npvc_storage_size = "20Gi"')).toEqual([]);
  });

  test('warns that cert-manager cannot issue per-session certificates into one shared TLS secret', () => {
    const issuer = (toml: string) => configWarnings(configFrom(`[kubernetes]\nnamespace = "sbx"\ningress_domain = "sbx.example.com"\n${toml}`)).filter((warning) => warning.includes('cert-manager'));
    expect(issuer('ingress_tls_secret = "wild"\n[extended.manifests]\ningress_annotations = { "cert-manager.io/cluster-issuer" = "le" }')).toEqual([
      expect.stringMatching(/^extended\.manifests\.ingress_annotations\.cert-manager\.io\/cluster-issuer with kubernetes\.ingress_tls_secret: every session's Ingress shares the secret "wild".*wildcard certificate for \*\.sbx\.example\.com/),
    ]);
    expect(issuer('[extended.manifests]\ningress_annotations = { "cert-manager.io/cluster-issuer" = "le" }')).toEqual([]);
    expect(issuer('ingress_tls_secret = "wild"')).toEqual([]);
  });

  test('warns that a runtime class reaches run-time pods only after the RuntimeClass admission plugin', () => {
    expect(configWarnings(withImage(IMAGE, `${SAFE}[extended.manifests]\nruntime_class = "kata"\n`))).toEqual([expect.stringMatching(/runtime_class "kata" reaches the pods OpenHands creates only through the mutating policy.*overhead\.podFixed/)]);
  });

  test('warns that nothing governs run-time pods in the default namespace', () => {
    expect(configWarnings(withImage(IMAGE, ''))).toEqual([expect.stringMatching(/^the sandboxes share the "default" namespace, so nothing governs the pods OpenHands creates/)]);
  });

  test('warns when privileged sandboxes share the default namespace, not in a namespace of their own', () => {
    const openhands = '[extended.manifests]\nsecurity_profile = "openhands"\n[kubernetes]\nprivileged = true\n';
    expect(configWarnings(configFrom(openhands))).toEqual(expect.arrayContaining([expect.stringMatching(/^privileged sandboxes share the "default" namespace/)]));
    expect(configWarnings(configFrom(`${openhands}namespace = "dind"`))).not.toEqual(expect.arrayContaining([expect.stringMatching(/privileged sandboxes share/)]));
  });

  test.each(['ghcr.io/acme/runtime', 'ghcr.io/acme/runtime:latest', 'localhost:5000/runtime'])('warns that %s has no fixed tag', (image) => {
    expect(configWarnings(withImage(image))).toEqual([expect.stringMatching(/has no fixed tag/)]);
  });

  test('warns when the runtime image is of another release than openhands_version, naming both and the key to change', () => {
    const mismatch = (image: string, version = '') => configWarnings(configFrom(`${SAFE}${version ? `[extended.manifests]\nopenhands_version = "${version}"\n` : ''}[sandbox]\nkeep_runtime_alive = true\nruntime_container_image = "${image}"\n`))
      .filter((warning) => warning.includes('runtime, but'));
    expect(mismatch('docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik')).toEqual([
      'sandbox.runtime_container_image "docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik" is the OpenHands 0.59 runtime, but extended.manifests.openhands_version is "0.62": the action server\'s command follows 0.62, and an app server and runtime of different releases may not work together; set extended.manifests.openhands_version = "0.59" to match the app server you run, or use its runtime image',
    ]);
    expect(mismatch('ghcr.io/all-hands-ai/runtime:0.57.2-nikolaik@sha256:' + 'ab'.repeat(32), '0.58')).toEqual([expect.stringMatching(/is the OpenHands 0\.57 runtime, but extended\.manifests\.openhands_version is "0\.58"/)]);
    // The same release (patch versions included), a mirror of it, and images that are not OpenHands' runtime.
    expect(mismatch('docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik', '0.59.0')).toEqual([]);
    expect(mismatch('mirror.example.com/openhands/runtime:0.62.1-nikolaik')).toEqual([]);
    expect(mismatch('localhost:5000/runtime:1.2')).toEqual([]);
    expect(mismatch('ghcr.io/acme/sandbox:0.59')).toEqual([]);
  });

  test.each([IMAGE, 'localhost:5000/runtime:1.2', `ghcr.io/acme/runtime@sha256:${'ab'.repeat(32)}`])('accepts the pinned image %s', (image) => {
    expect(configWarnings(withImage(image))).toEqual([]);
  });

  test('warns about an environment variable that looks like a secret, and not about others', () => {
    const config = configFrom(`${SAFE}[sandbox]\nkeep_runtime_alive = true\nruntime_container_image = "${IMAGE}"\n[sandbox.runtime_startup_env_vars]\nGITHUB_TOKEN = "x"\nOPENAI_API_KEY = "y"\nLOG_LEVEL = "debug"`);
    expect(configWarnings(config)).toEqual([
      expect.stringMatching(/^sandbox\.runtime_startup_env_vars\.GITHUB_TOKEN looks like a secret/),
      expect.stringMatching(/^sandbox\.runtime_startup_env_vars\.OPENAI_API_KEY looks like a secret/),
    ]);
  });
});
