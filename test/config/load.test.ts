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
    // user_id 0 comes from the official app image's SANDBOX_USER_ID=0; OpenHands' own timeout is kept as written.
    expect(config.sandbox).toEqual({ runtime_container_image: 'i:1', runtime_startup_env_vars: {}, user_id: 0, keep_runtime_alive: false, timeout: 120 });
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

describe('loadConfig and parseConfig under hostile input', () => {
  const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const { loadConfig } = require('../../lib/config/load') as typeof import('../../lib/config/load');

  test('refuses invalid UTF-8 with its line number instead of replacing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-utf8-'));
    const file = join(dir, 'bad.toml');
    writeFileSync(file, Buffer.concat([Buffer.from('[sandbox]\nruntime_container_image = "ghcr.io/a/b:1"\n# caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    expect(() => loadConfig(file, {})).toThrow(/bad\.toml:3: \(file\): is not valid UTF-8 at line 3/);
  });

  test('refuses a FIFO as a config without blocking on it (a system error)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-fifo-'));
    const fifo = join(dir, 'config.toml');
    execFileSync('mkfifo', [fifo]);
    expect(() => loadConfig(fifo, {})).toThrow(expect.objectContaining({ code: 'EFTYPE', message: expect.stringMatching(/is a FIFO, not a regular file/) }));
  });

  test('refuses a device as a config', () => {
    expect(() => loadConfig('/dev/zero', {})).toThrow(expect.objectContaining({ code: 'EFTYPE', message: expect.stringMatching(/is a device/) }));
  });

  test('refuses a float where an integer is meant, although smol-toml reads 1000.0 as 1000', () => {
    // Shown as a float, not as the integer smol-toml made of it.
    expect(errorOf('[extended.manifests]\nuser_id = 1000.0')).toMatch(/config\.toml:\d+: extended\.manifests\.user_id: must be an integer, got the float 1000\.0 \(/);
    expect(errorOf('[extended.manifests]\nuser_id = 1e3')).toMatch(/user_id: must be an integer, got the float 1000\.0 \(/);
    expect(errorOf('[extended.manifests]\nuser_id = 1.5')).toMatch(/user_id = 1\.5: must be an integer, got a number 1\.5/);
    expect(errorOf('[extended.manifests]\ningress_annotations = "x"')).toMatch(/ingress_annotations = "x": must be a table, got a string/);
    expect(configFrom('[extended.manifests]\nuser_id = 1000').extended.manifests.user_id).toBe(1000);
  });

  test('reports nan and inf as TOML writes them, not as null', () => {
    expect(errorOf('[extended.manifests]\nuser_id = nan')).toMatch(/user_id( = nan)?: .*nan/);
    expect(errorOf('[extended.manifests]\nuser_id = inf')).toMatch(/user_id = inf: /);
    expect(errorOf('[extended.manifests]\nuser_id = inf')).not.toMatch(/null/);
  });

  test('refuses a user_id beyond int32', () => {
    expect(errorOf('[extended.manifests]\nuser_id = 2147483648')).toMatch(/user_id = 2147483648: must be at most 2147483647/);
  });

  test('refuses toleration_seconds beyond what an int64 holds exactly', () => {
    // PyYAML reads 1e+30 as a string (its floats need a dot), a 20-digit number as an int past int64's exact range.
    expect(errorOf('[kubernetes]\ntolerations_yaml = "- key: a\\n  operator: Exists\\n  effect: NoExecute\\n  toleration_seconds: 1e+30"')).toMatch(/toleration_seconds must be a whole number of seconds, got "1e\+30"/);
    expect(errorOf('[kubernetes]\ntolerations_yaml = "- key: a\\n  operator: Exists\\n  effect: NoExecute\\n  toleration_seconds: 99999999999999999999"')).toMatch(/toleration_seconds is beyond 9007199254740991/);
  });

  test('compares memory request and limit exactly', () => {
    expect(errorOf('[kubernetes]\nresource_memory_request = "9007199254740993"\nresource_memory_limit = "9007199254740992"')).toMatch(/resource_memory_request = "9007199254740993": must not exceed resource_memory_limit/);
    expect(errorOf('[kubernetes]\nresource_memory_request = "2e400"\nresource_memory_limit = "1e400"')).toMatch(/must not exceed resource_memory_limit "1e400"/);
  });

  test('refuses an upper-case image repository and a bad mount path', () => {
    expect(errorOf('[sandbox]\nruntime_container_image = "ghcr.io/A/b:1"')).toMatch(/sandbox\.runtime_container_image = "ghcr\.io\/A\/b:1": must have a lower-case repository path/);
    expect(errorOf('[core]\nworkspace_mount_path_in_sandbox = "/"')).toMatch(/core\.workspace_mount_path_in_sandbox = "\/": must not be "\/"/);
  });
});

describe('parseConfig with a huge integer', () => {
  test('reports a valid int64 beyond what any key accepts as a number problem, not a syntax error', () => {
    expect(errorOf('[extended.manifests.governance]\nmax_sessions = 9223372036854775807')).toMatch(/config\.toml:2: \(number\): the integer at line 2, column \d+ is beyond 9007199254740991/);
  });
});
