import { Config } from '../../lib/config/schema';
import { belongsElsewhere, foreignEntries } from '../../lib/config/unknown-keys';
import { configWarnings } from '../../lib/config/warnings';
import { parseRelease } from '../../lib/openhands/releases';
import { configFrom, errorOf } from '../support/fixtures';

const warningsOf = (toml: string) => configWarnings(configFrom(toml)).filter((warning) => /OpenHands section|\[core\] key|section \(/.test(warning));

describe('misspelt and misplaced sections', () => {
  test.each([
    ['[kubernets]\nnamespace = "sbx"', 1, 'kubernets: is not a section OpenHands or openhands-k8s reads, and everything in it (namespace) is a key of [kubernetes]: did you mean [kubernetes]?'],
    ['[kubernets]\nnamspace = "sbx"', 1, 'kubernets: is not a section OpenHands or openhands-k8s reads (did you mean [kubernetes]?): everything in it would be ignored'],
    ['[Kubernetes]\nnamespace = "sbx"', 1, 'did you mean [kubernetes]?'],
    ['[sandbx]\ntimeout = 5', 1, 'sandbx: is not a section OpenHands or openhands-k8s reads (did you mean [sandbox]?)'],
    ['[cor]\nx = 1', 1, '(did you mean [core]?)'],
    ['[extended.manifest]\nname = "prod"\nsessions = []', 1, 'extended.manifest: is not read by openhands-k8s, which reads [extended.manifests], and everything in it (name, sessions) is a key of [extended.manifests]: did you mean [extended.manifests]?'],
    ['[extended.Manifests]\nfoo = 1', 1, 'extended.Manifests: is not read by openhands-k8s, which reads [extended.manifests] (did you mean [extended.manifests]?)'],
    ['[manifests]\nsessions = []', 1, 'manifests: is not a section OpenHands or openhands-k8s reads: it belongs in [extended.manifests]'],
    ['[extended.manifests_]\nfoo = 1', 1, '(did you mean [extended.manifests]?)'],
    ['[extended_manifests]\nfoo = 1', 1, '(did you mean [extended.manifests]?)'],
    ['[k8s]\nnamespace = "sbx"\nprivileged = true', 1, 'did you mean [kubernetes]?'],
    ['[governance]\nmax_sessions = 3', 1, 'governance: is not a section OpenHands or openhands-k8s reads: it belongs in [extended.manifests.governance]'],
    ['[extended.governance]\nmax_sessions = 3', 1, 'it belongs in [extended.manifests.governance]'],
    ['name = "prod"\n[kubernetes]\nnamespace = "sbx"', 1, 'config.toml:1: name: is not a section OpenHands or openhands-k8s reads: it belongs in [extended.manifests]'],
  ])('refuses %j at its line with the section meant', (toml, line, message) => {
    const error = errorOf(toml);
    expect(error).toContain(`config.toml:${line}: `);
    expect(error).toContain(message);
    expect(error).not.toMatch(/ = \{/);
  });

  test('reports every misspelt section at once', () => {
    const error = errorOf('[kubernets]\nnamespace = "a"\n[extended.manifest]\nsessions = []\nname = "x"\n[sandbx]\nx = 1');
    expect(error).toMatch(/^config\.toml: 3 problems:\n/);
    for (const problem of [/config\.toml:1: kubernets: /, /config\.toml:3: extended\.manifest: /, /config\.toml:6: sandbx: /]) expect(error).toMatch(problem);
  });

  test('accepts OpenHands\' own sections and other tools\' tables under [extended], and warns about sections OpenHands ignores', () => {
    const known = '[llm]\nmodel = "x"\n[agent]\nenable_browsing = true\n[security]\nconfirmation_mode = true\n[condenser]\ntype = "noop"\n[mcp]\nsse_servers = []\n[model_routing]\nrouter_name = "x"\n[extended.mytool]\nname = "x"\n';
    expect(() => configFrom(known)).not.toThrow();
    expect(warningsOf(known)).toEqual([]);
    expect(warningsOf('[lm]\nmodel = "x"')).toEqual(['[lm] is not an OpenHands section: OpenHands ignores it (did you mean [llm]?)']);
    expect(warningsOf('[notes]\ntext = "x"')).toEqual(['[notes] is not an OpenHands section: OpenHands ignores it']);
    expect(warningsOf('[model_routing]\nrouter_name = "x"\n[extended.manifests]\nopenhands_version = "0.55"')).toEqual(['OpenHands 0.55 has no [model_routing] section (added in 0.56): it ignores it']);
  });
});

describe('keys in the wrong table', () => {
  test.each([
    ['[kubernetes]\ningress_class = "nginx"', 'config.toml:2: kubernetes.ingress_class: is not a [kubernetes] key: it belongs in [extended.manifests]'],
    ['[extended.manifests]\nmax_sessions = 3', 'config.toml:2: extended.manifests.max_sessions: is not a [extended.manifests] key: it belongs in [extended.manifests.governance]'],
    ['[sandbox]\nruntime_container_image = "i:1"\nnamespace = "sbx"', 'sandbox.namespace: is not a [sandbox] key: it belongs in [kubernetes] or [extended.manifests] or [extended.manifests.app_server]'],
    ['[kubernetes]\nruntime_container_image = "i:1"', 'kubernetes.runtime_container_image: is not a [kubernetes] key: it belongs in [sandbox]'],
    ['[kubernetes]\nmax_iterations = 3', 'kubernetes.max_iterations: is not a [kubernetes] key: it belongs in [core]'],
    ['[extended.manifests.governance]\nsessions = []', 'extended.manifests.governance.sessions: is not a [extended.manifests.governance] key: it belongs in [extended.manifests]'],
    ['[core]\nnamespace = "sbx"', 'config.toml:2: core.namespace: is not a [core] key: it belongs in [kubernetes]'],
    ['[core]\nworkspace_mount_path_in_sanbox = "/w"', 'config.toml:2: core.workspace_mount_path_in_sanbox: is not a [core] key (did you mean "workspace_mount_path_in_sandbox"?)'],
    ['[core.sandbox]\nruntime_container_image = "i:1"', 'core.sandbox: is not a [core] key: it belongs in its own section [sandbox]'],
  ])('refuses %j, naming where it belongs', (toml, message) => {
    expect(errorOf(toml)).toContain(message);
  });

  test('keeps the nearest-key hint for a plain typo', () => {
    expect(errorOf('[kubernetes]\nnamspace = "x"')).toMatch(/kubernetes\.namspace: is not a known key \(did you mean "namespace"\?\)/);
  });

  test('leaves OpenHands\' own [core] keys alone and warns about the ones OpenHands ignores', () => {
    expect(warningsOf('[core]\nmax_iterations = 5\nruntime = "kubernetes"\njwt_secret = "x"')).toEqual([]);
    expect(warningsOf('[core]\nmax_iteratons = 5')).toEqual(['core.max_iteratons is not an OpenHands [core] key: OpenHands ignores it (did you mean "max_iterations"?)']);
    expect(warningsOf('[core]\ndaytona_api_key = "x"')).toEqual(['OpenHands 0.62 has no [core] key daytona_api_key (removed in 0.47, last in 0.46): it ignores it']);
    expect(warningsOf('[core]\ndaytona_api_key = "x"\n[extended.manifests]\nopenhands_version = "0.46"')).toEqual([]);
  });
});

describe('[sandbox] keys by OpenHands release', () => {
  test('accepts OpenHands\' own [sandbox] keys and refuses any other key, as OpenHands does', () => {
    expect(configFrom('[sandbox]\nruntime_container_image = "i:1"\ntimeout = 120\nenable_gpu = true\nadditional_networks = ["x"]').sandbox).toMatchObject({ timeout: 120, enable_gpu: true });
    expect(errorOf('[sandbox]\nruntime_container_image = "i:1"\ntimeot = 120')).toMatch(/config\.toml:3: sandbox\.timeot: is not a known key \(did you mean "timeout"\?\); known keys: runtime_container_image, .*, timeout,/);
  });

  test('refuses a key the requested release does not have yet', () => {
    expect(errorOf('[sandbox]\nruntime_container_image = "i:1"\nadditional_networks = ["x"]\ncuda_visible_devices = "0"\n[extended.manifests]\nopenhands_version = "0.45"')).toMatch(
      /config\.toml:3: sandbox\.additional_networks: does not exist in OpenHands 0\.45 \(added in 0\.55\): remove it, or set \[extended\.manifests\] openhands_version to 0\.55 or later\n {2}config\.toml:4: sandbox\.cuda_visible_devices: does not exist in OpenHands 0\.45 \(added in 0\.46\)/,
    );
    expect(() => configFrom('[sandbox]\nruntime_container_image = "i:1"\ncuda_visible_devices = "0"\n[extended.manifests]\nopenhands_version = "0.46.0"')).not.toThrow();
  });
});

describe('foreignEntries', () => {
  test('is the one classification behind the errors and the warnings', () => {
    const entries = foreignEntries({ kubernets: { namespace: 'x' }, lm: {}, extended: { tool: { a: 1 } }, core: { debug: true, max_iterations: 1 } }, Config, parseRelease('0.62')!);
    expect(entries.map(({ path, error, warning }) => [path.join('.'), error ? 'error' : warning ? 'warning' : 'none'])).toEqual([['kubernets', 'error'], ['lm', 'warning']]);
  });

  test('names no home for a key declared nowhere, and the table of a key declared in a table', () => {
    expect(belongsElsewhere(Config, ['kubernetes'], 'no_such_key')).toBeUndefined();
    expect(belongsElsewhere(Config, [], 'agent_sandbox')).toBe('belongs in [extended.manifests.agent_sandbox]');
  });
});
