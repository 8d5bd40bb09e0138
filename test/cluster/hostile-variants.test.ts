import { readFileSync } from 'fs';
import { join } from 'path';
import { Config } from '../../lib/config/schema';
import { resolveSettings } from '../../lib/config/resolve';
import { KubeObject, renderObjects } from '../../lib/output/render';
import { admit, ClusterModel } from '../support/admission-chain';
import { configFrom } from '../support/fixtures';
import { allVariants, Variant, VariantContext } from '../support/hostile-variants';

const ROOT = join(__dirname, '..', '..');
const SID = '3f2a9c0e5b7d41e8a6c2f0b9d8e7a615'; // an OpenHands conversation id: uuid4().hex
const RELEASES = Array.from({ length: 62 - 45 + 1 }, (_x, i) => `0.${45 + i}`);

/** Every key the hardened profile can take, at once. */
const FULL = `[core]
debug = true
[sandbox]
runtime_container_image = "registry.example.com/openhands/runtime:0.62"
runtime_startup_env_vars = { HTTPS_PROXY = "http://proxy.example.com:3128" }
[kubernetes]
namespace = "agents"
ingress_domain = "agents.example.com"
ingress_tls_secret = "agents-tls"
pvc_storage_size = "20Gi"
pvc_storage_class = "fast"
resource_cpu_request = "2"
resource_memory_request = "4Gi"
resource_memory_limit = "8Gi"
image_pull_secret = "registry-credentials"
node_selector_key = "pool"
node_selector_val = "agents"
tolerations_yaml = """
- key: pool
  operator: Equal
  value: agents
  effect: NoSchedule
"""
[extended.manifests]
sessions = ["pre"]
runtime_class = "gvisor"
sandbox_service_account = "agents"
ingress_class = "nginx"
ingress_annotations = { "nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600" }
ingress_labels = { team = "ai" }
pod_labels = { "cost-center" = "ai" }
pvc_labels = { backup = "daily" }
[extended.manifests.governance]
kubernetes_version = "1.36"
ephemeral_storage_limit = "20Gi"
`;

const example = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const CONFIGS: Array<[name: string, toml: string]> = [
  ['defaults', '[kubernetes]\nnamespace = "sandboxes"\n'],
  ['headless on 1.36', '[kubernetes]\nnamespace = "sandboxes"\n[extended.manifests]\nheadless = true\ningress_class = "nginx"\n[extended.manifests.governance]\nkubernetes_version = "1.36"\n'],
  ['config.toml', example('config.toml')],
  ['fully configured', FULL],
  ...['development', 'docker-in-docker', 'production'].map((name): [string, string] => [`examples/${name}.toml`, example(`examples/${name}.toml`)]),
];

/** The objects of a config with another profile, sessions or release. */
function renderWith(config: Config, change: (manifests: any) => void): KubeObject[] {
  const copy = structuredClone(config) as any;
  change(copy.extended.manifests);
  return renderObjects(resolveSettings(copy, 'test'));
}

const canon = (value: unknown) => JSON.stringify(value, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
const NAMES_A_KEY = /^[a-z][A-Za-z]+: .*(kubernetes\.|sandbox\.|core\.|extended\.manifests|governance\.|no config key)/;
/** Refusals by the RuntimeClass admission plugin, before any policy runs (an overhead that is not the class's). */
const BUILT_IN = /^pod rejected: /;

describe.each(CONFIGS)('the admission chain for %s', (configName, toml) => {
  const config = configFrom(toml);
  const namespace = config.kubernetes.namespace;
  const output = renderObjects(resolveSettings(config, 'test'));
  const runtimeClass = config.extended.manifests.runtime_class;
  const cluster: ClusterModel = {
    minor: Number(config.extended.manifests.governance.kubernetes_version.split('.')[1]),
    betaMutatingPolicies: true,
    defaultIngressClass: 'nginx',
    defaultStorageClass: 'standard',
    runtimeClasses: {
      unconfined: {},
      ...(runtimeClass && { [runtimeClass]: {
        scheduling: { nodeSelector: { 'sandbox.example.com/runtime': runtimeClass }, tolerations: [{ key: 'sandbox.example.com/runtime', operator: 'Exists', effect: 'NoSchedule' }] },
        overhead: { podFixed: { cpu: '250m', memory: '160Mi' } },
      } }),
    },
  };
  // Headless, OpenHands still creates the VS Code Service and Ingress (the generator leaves them out).
  const vscodeObjects = (release: string) => (config.extended.manifests.headless
    ? renderWith(config, (m) => { m.security_profile = 'openhands'; m.sessions = [SID]; m.openhands_version = release; m.headless = false; })
      .filter((object) => object.kind === 'Ingress' || object.metadata.name.endsWith('-svc-code'))
    : []);
  const openhands = (release = config.extended.manifests.openhands_version) => [
    ...renderWith(config, (m) => { m.security_profile = 'openhands'; m.sessions = [SID]; m.openhands_version = release; }), ...vscodeObjects(release)]
    .map((object: any) => (object.kind === 'Pod' ? { ...object, metadata: { ...object.metadata, labels: { app: object.metadata.labels.app, session: SID } } } : object));
  const own = openhands();
  const ctx: VariantContext = { sid: SID, domain: config.kubernetes.ingress_domain, namespace };
  const of = (kind: string, code = false) => own.find((o: any) => o.kind === kind && (kind !== 'Service' || o.metadata.name.endsWith('-code') === code)) as any;

  test.each(RELEASES)('admits OpenHands\' own objects of release %s', (release) => {
    for (const object of openhands(release).filter((o) => ['Pod', 'Service', 'Ingress', 'PersistentVolumeClaim'].includes(o.kind))) {
      expect([object.kind, object.metadata.name, admit(output, object, cluster)]).toEqual([object.kind, object.metadata.name, expect.objectContaining({ admitted: true })]);
    }
  });

  test('admits the pre-provisioned objects, and OpenHands\' pod comes out as the pre-provisioned pod', () => {
    const hardened = renderWith(config, (m) => { m.sessions = [SID]; });
    for (const object of hardened.filter((o) => ['Pod', 'Service', 'Ingress', 'PersistentVolumeClaim'].includes(o.kind))) {
      expect([object.metadata.name, admit(output, object, cluster).admitted]).toEqual([object.metadata.name, true]);
    }
    if (!output.some((o) => o.kind === 'MutatingAdmissionPolicy')) return;
    const mutated = admit(output, of('Pod'), cluster);
    const preProvisioned = admit(output, hardened.find((o) => o.kind === 'Pod'), cluster);
    expect(mutated.object.spec).toEqual(preProvisioned.object.spec);
  });

  const rows: string[] = [];
  // Only the mutating policy can give OpenHands' Ingresses the class (and gives none when headless), so without it the class is not pinned.
  const pinned = (key: NonNullable<Variant['pinnedBy']>) => (key === 'kubernetes.pvc_storage_class'
    ? config.kubernetes.pvc_storage_class !== undefined
    : config.extended.manifests.ingress_class !== undefined && output.some((o) => o.kind === 'MutatingAdmissionPolicy') && !config.extended.manifests.headless);
  const variants = allVariants();
  test.each(variants.map((variant): [string, Variant] => [`${variant.kind} ${variant.field}: ${variant.name}`, variant]))('refuses or neutralizes %s', (_name, variant) => {
    const base = of(variant.kind, variant.codeService);
    const baseline = admit(output, base, cluster);
    const sent = structuredClone(variant.update ? baseline.object : base);
    variant.change(sent, ctx);
    const result = variant.update
      ? admit(output, sent, cluster, { operation: 'UPDATE', subResource: variant.update.subResource, oldObject: baseline.object, username: variant.update.username }, false)
      : admit(output, sent, cluster, { operation: 'CREATE' }, false);
    const neutralized = result.admitted && canon(result.object) === canon(baseline.object);
    const unpinned = variant.pinnedBy !== undefined && !pinned(variant.pinnedBy);
    const outcome = result.admitted ? (neutralized ? 'neutralized' : `admitted: ${variant.pinnedBy} unset`) : `refused: ${result.message.slice(0, 110)}`;
    rows.push(`| ${variant.severity} | ${variant.kind} | ${variant.field} | ${variant.name} | ${outcome} |`);
    if (result.admitted) expect(neutralized || unpinned).toBe(true);
    else expect(result.message).toMatch(BUILT_IN.test(result.message) ? BUILT_IN : NAMES_A_KEY);
  });

  test('has at least 150 variants, listed in a table', () => {
    expect(variants.length).toBeGreaterThanOrEqual(150);
    // eslint-disable-next-line no-console
    console.log(`Hostile variants for ${configName} (Kubernetes 1.${cluster.minor}): ${rows.length}\n| severity | kind | field | variant | outcome |\n|---|---|---|---|---|\n${rows.join('\n')}`);
  });
});
