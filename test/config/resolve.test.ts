import { resolveSettings } from '../../lib/config/resolve';
import { configFrom } from '../support/fixtures';

const settingsOf = (toml: string) => resolveSettings(configFrom(toml), 'env');

describe('resolveSettings', () => {
  test('makes the hardened profile\'s decisions once: every namespace-level object, hardening and lint exemptions', () => {
    const settings = settingsOf('[kubernetes]\nnamespace = "sbx"\n[extended.manifests.governance]\nkubernetes_version = "1.36"');
    expect(settings.hardened).toBe(true);
    const emitted = Object.keys(settings.cluster).filter((key) => settings.cluster[key as keyof typeof settings.cluster]).sort();
    expect(emitted).toEqual(['defaultServiceAccount', 'mutatingPolicy', 'namespace', 'networkPolicy', 'quota', 'rbac', 'sandboxServiceAccount', 'validatingPolicy']);
    expect(settings.pod.hardening).toEqual({ serviceAccountName: 'openhands-sandbox', runtimeClassName: undefined, noPrivilegeEscalation: true, ephemeralStorageLimit: '10Gi' });
    expect(settings.pod.annotations).toHaveProperty(['ignore-check.kube-linter.io/run-as-non-root']);
    expect(settings.vscode?.annotations).toEqual({ 'polaris.fairwinds.com/tlsSettingsMissing-exempt': 'true' });
  });

  test('the openhands profile resolves to exactly OpenHands\' objects: no hardening, no extras', () => {
    const settings = settingsOf('[kubernetes]\nnamespace = "sbx"\n[extended.manifests]\nsecurity_profile = "openhands"');
    expect(settings.pod.hardening).toBeUndefined();
    expect(settings.pod.annotations).toBeUndefined();
    expect(Object.values(settings.cluster).filter(Boolean)).toEqual([]);
    expect(settings.vscode?.annotations).toEqual({});
  });

  test('parses tolerations into objects with the Kubernetes field names', () => {
    const settings = settingsOf('[kubernetes]\ntolerations_yaml = "- key: gpu\\n  operator: Exists\\n  effect: NoExecute\\n  toleration_seconds: 30"');
    expect(settings.pod.tolerations).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
  });

  test('builds the environment from OpenHands\' own variables, then the user\'s in order', () => {
    const settings = settingsOf('[core]\ndebug = true\n[sandbox.runtime_startup_env_vars]\nZ = "1"\nA = "2"');
    expect(settings.pod.env.map(({ name }) => name)).toEqual(['port', 'PYTHONUNBUFFERED', 'VSCODE_PORT', 'DEBUG', 'Z', 'A']);
  });

  test('headless means no VS Code port, plugin, Service or Ingress, and no ingress-controller rule', () => {
    const settings = settingsOf('[kubernetes]\nnamespace = "sbx"\n[extended.manifests]\nheadless = true');
    expect(settings.pod.vscode).toBe(false);
    expect(settings.vscode).toBeUndefined();
    expect(settings.pod.command).not.toContain('vscode');
    expect(settings.cluster.networkPolicy?.ingressControllerNamespace).toBeUndefined();
  });

  test('keeps privilege escalation for privileged sandboxes and for a non-root agent, as the API server and sudo need', () => {
    expect(settingsOf('[kubernetes]\nprivileged = true\nnamespace = "d"').pod.hardening?.noPrivilegeEscalation).toBe(false);
    expect(settingsOf('[extended.manifests]\nuser_id = 1000').pod.hardening?.noPrivilegeEscalation).toBe(false);
  });

  test('treats "" as unset where OpenHands does, and keeps "" as a storage class', () => {
    const settings = settingsOf('[kubernetes]\nimage_pull_secret = ""\ningress_tls_secret = ""\npvc_storage_class = ""');
    expect(settings.pod.imagePullSecret).toBeUndefined();
    expect(settings.vscode?.tlsSecret).toBeUndefined();
    expect(settings.workspace.storageClassName).toBe('');
  });

  test('never emits the default namespace, whatever the switch says', () => {
    expect(settingsOf('[extended.manifests]\nnamespace = true').cluster.namespace).toBeUndefined();
  });
});
