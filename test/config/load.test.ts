import { KubernetesConfig } from '../../lib/config/kubernetes-config';
import { ManifestsConfig } from '../../lib/config/manifests-config';
import { Config } from '../../lib/config/schema';
import { fromTomlSection } from '../../lib/config/load';
import { configFrom, errorOf } from '../support/fixtures';

describe('KubernetesConfig', () => {
  test('has OpenHands\' 13 keys with OpenHands\' defaults', () => {
    expect(Object.keys(KubernetesConfig.shape)).toHaveLength(13);
    expect(KubernetesConfig.parse({})).toEqual({
      namespace: 'default', ingress_domain: 'localhost', pvc_storage_size: '2Gi', resource_cpu_request: '1',
      resource_memory_request: '1Gi', resource_memory_limit: '2Gi', privileged: false,
    });
  });

  test('fromTomlSection returns the config under "kubernetes"', () => {
    expect(fromTomlSection({ namespace: 'x', privileged: true }).kubernetes).toMatchObject({ namespace: 'x', privileged: true });
  });

  test('fromTomlSection rejects unknown keys and wrong types with OpenHands\' message prefix', () => {
    expect(() => fromTomlSection({ namespaces: 'x' })).toThrow(/^Invalid kubernetes configuration:.*namespaces/s);
    expect(() => fromTomlSection({ resource_cpu_request: 2 })).toThrow(/^Invalid kubernetes configuration:.*resource_cpu_request/s);
    expect(() => fromTomlSection({ privileged: 'true' })).toThrow(/^Invalid kubernetes configuration:/);
  });

  test('reads KUBERNETES_<FIELD> overrides, with true or 1 for privileged, ignoring empty values', () => {
    const config = configFrom('[kubernetes]\nnamespace = "file"', {
      KUBERNETES_NAMESPACE: 'env', KUBERNETES_PRIVILEGED: '1', KUBERNETES_PVC_STORAGE_SIZE: '', KUBERNETES_RESOURCE_MEMORY_LIMIT: '4Gi',
    });
    expect(config.kubernetes).toMatchObject({ namespace: 'env', privileged: true, pvc_storage_size: '2Gi', resource_memory_limit: '4Gi' });
    expect(errorOf('', { KUBERNETES_PRIVILEGED: 'yes' })).toMatch(/KUBERNETES_PRIVILEGED \(environment variable\): kubernetes\.privileged = "yes": .*OpenHands would silently read it as false/);
    expect(configFrom('[kubernetes]\nnamespace = "dind"', { KUBERNETES_PRIVILEGED: 'TRUE' }).kubernetes.privileged).toBe(true);
  });
});

describe('Config', () => {
  test('ignores OpenHands\' own keys in [core] and [sandbox] and other sections', () => {
    const config = configFrom('[core]\nmax_iterations = 5\nruntime = "kubernetes"\n[llm]\nmodel = "x"\n[sandbox]\nruntime_container_image = "i:1"\ntimeout = 120\n[extended]\nother = 1');
    // user_id 0 comes from the official app image's SANDBOX_USER_ID=0.
    expect(config.sandbox).toEqual({ runtime_container_image: 'i:1', runtime_startup_env_vars: {}, user_id: 0, keep_runtime_alive: false });
  });

  test('explains that the runtime image is required', () => {
    expect(errorOf('[sandbox]\ntimeout = 1')).toMatch(/sandbox\.runtime_container_image: is required: .*fallback base_container_image contains no action server/);
    expect(errorOf('[core]\ndebug = true\n[sandbox]')).toMatch(/runtime_container_image: is required/);
  });

  test('defaults the generator settings', () => {
    expect(ManifestsConfig.parse({})).toMatchObject({ sessions: ['default'], headless: false, openhands_version: '0.62', openhands_deployment: 'image', security_profile: 'hardened', layout: 'file' });
    expect(ManifestsConfig.parse({}).user_id).toBeUndefined();
    expect(Config.shape.extended.parse(undefined).manifests.sessions).toEqual(['default']);
  });

  test('rejects unknown generator settings with the nearest known key', () => {
    expect(errorOf('[extended.manifests]\nsesions = ["a"]')).toMatch(/config\.toml:2: extended\.manifests\.sesions: is not a known key \(did you mean "sessions"\?\)/);
  });
});
