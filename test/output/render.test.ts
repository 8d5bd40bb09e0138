import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { SandboxChart } from '../../lib/chart/sandbox-chart';
import { loadEnvironments } from '../../lib/config/environments';
import { resolveSettings } from '../../lib/config/resolve';
import { isAgentSandbox, Settings } from '../../lib/config/settings';
import { PROBE_IDS, SessionStamp } from '../../lib/output/_session-stamp';
import { documentOf } from '../../lib/output/document';
import { MIN_STAMPED_SESSIONS, renderBatches, renderDocuments, renderObjects } from '../../lib/output/render';
import { configFrom } from '../support/fixtures';

const settings = resolveSettings(configFrom('[kubernetes]\nnamespace = "sbx"\n[extended.manifests]\nsessions = ["a", "b", "c", "d", "e"]'), 'env');

describe('renderBatches', () => {
  test('renders in batches exactly what one chart of every session renders', () => {
    const whole = new SandboxChart(new App(), 'env', { settings }).toJson();
    for (const size of [1, 2, 5, 20]) expect([...renderBatches(settings, size)].flat()).toEqual(whole);
  });

  test('puts the namespace-level objects in the first batch only, and each session in one batch', () => {
    const batches = [...renderBatches(settings, 2)].map((objects) => objects.map((object) => `${object.kind}/${object.metadata.name}`));
    expect(batches).toHaveLength(3);
    expect(batches[0]).toEqual(expect.arrayContaining(['Namespace/sbx', 'ServiceAccount/openhands-sandbox', 'Role/openhands-runtime-manager', 'NetworkPolicy/openhands-runtime-sandboxes']));
    expect(batches[1].every((id) => /^(PersistentVolumeClaim|Pod|Service|Ingress)\/openhands-runtime-[cd]/.test(id))).toBe(true);
    expect(batches[2]).toEqual(expect.arrayContaining(['Pod/openhands-runtime-e']));
  });

  test('an environment without sessions is one batch of namespace-level objects', () => {
    const none = { ...settings, sessions: [] };
    const clusterObjects = renderObjects(settings).filter((object) => !/^openhands-runtime-[a-e](-|$)/.test(object.metadata.name)).length;
    expect([...renderBatches(none)].map((objects) => objects.length)).toEqual([clusterObjects]);
    expect(renderObjects(none).every((object) => !object.metadata.name.startsWith('openhands-runtime-a'))).toBe(true);
  });
});

/** Ids some reader would take for a number, boolean, null or date, beside ordinary ones. */
const HOSTILE_IDS = ['123', '1e3', 'true', 'null', 'yes', 'on', 'y', '0x1f', '0o17', '07', '2001-12-14', '1-2', 'inf', 'nan', '9'.repeat(36), 'x'.repeat(36), ...PROBE_IDS];
// An ordinary id first: the first session's stamp is compared with what the constructs built, which
// would otherwise hide a stamp that fills a hostile id wrongly.
const IDS = ['first', ...HOSTILE_IDS, ...Array.from({ length: 30 }, (_, index) => `s${index}`), 'a', 'a-b-c'];
const ROOT = join(__dirname, '..', '..');

function settingsOf(toml: string): Settings {
  return resolveSettings(configFrom(toml), 'env');
}

/** The documents the constructs build for every object, in order. */
function builtDocuments(settings: Settings) {
  return [...renderBatches(settings)].flat().map(documentOf);
}

describe('renderDocuments', () => {
  const configs: Record<string, string> = {
    hardened: `[extended.manifests]\nsessions = [${IDS.map((id) => `"${id}"`).join(', ')}]\n[extended.manifests.governance]\nmax_sessions = 100`,
    openhands: `[kubernetes]\ningress_domain = "5"\n[extended.manifests]\nsecurity_profile = "openhands"\nsessions = [${IDS.map((id) => `"${id}"`).join(', ')}]`,
    headless: `[extended.manifests]\nheadless = true\nlayout = "per-object"\nsessions = [${IDS.map((id) => `"${id}"`).join(', ')}]\n[extended.manifests.governance]\nmax_sessions = 100`,
  };

  test.each(Object.keys(configs))('writes the %s profile byte for byte as the constructs build it, hostile ids included', (name) => {
    const settings = settingsOf(configs[name]);
    for (const size of [1, 3, 20]) expect([...renderDocuments(settings, size)].flat()).toEqual(builtDocuments(settings));
    // A hostile first id leaves the probes alone to vouch for the stamp.
    const hostileFirst = { ...settings, sessions: [...HOSTILE_IDS, 'last'] };
    expect([...renderDocuments(hostileFirst)].flat()).toEqual(builtDocuments(hostileFirst));
  });

  test.each(readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.toml')))('writes examples/%s byte for byte as the constructs build it', (file) => {
    const [environment] = loadEnvironments([join(ROOT, 'examples', file)], {});
    const settings = environment.settings;
    const stamped = isAgentSandbox(settings) ? settings : { ...settings, sessions: IDS };
    expect([...renderDocuments(stamped)].flat()).toEqual(isAgentSandbox(stamped) ? [...renderBatches(stamped)].flat().map(documentOf) : builtDocuments(stamped));
  });

  test('stamps sessions from four on, after the namespace-level objects and the first session, which the constructs build', () => {
    const of = jest.spyOn(SessionStamp, 'of');
    const fill = jest.spyOn(SessionStamp.prototype, 'documents');
    try {
      const few = { ...settingsOf(''), sessions: ['a', 'b', 'c', 'd'].slice(0, MIN_STAMPED_SESSIONS - 1) };
      expect([...renderDocuments(few)].flat()).toEqual(builtDocuments(few));
      expect(of).not.toHaveBeenCalled();
      const batches = [...renderDocuments(settingsOf('[extended.manifests]\nsessions = ["a", "b", "c", "d", "e"]'), 2)].map((batch) => batch.map((doc) => `${doc.kind}/${doc.name}`));
      expect(of).toHaveBeenCalledTimes(1);
      // The first session is filled once, to compare with what the constructs built; then every other one.
      expect(fill.mock.calls.map(([sid]) => sid)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(batches).toHaveLength(3);
      expect(batches[0]).toEqual(expect.arrayContaining(['ServiceAccount/openhands-sandbox', 'Pod/openhands-runtime-a']));
      expect(batches[1]).toHaveLength(10);
      expect(batches[1].every((id) => /openhands-runtime-[bc](-|$)/.test(id))).toBe(true);
      expect(batches[2].every((id) => /openhands-runtime-[de](-|$)/.test(id))).toBe(true);
    } finally {
      of.mockRestore();
      fill.mockRestore();
    }
  });

  test('builds every session with the constructs when the first session it can stamp differs from what they built', () => {
    const original = SessionStamp.prototype.documents;
    const fill = jest.spyOn(SessionStamp.prototype, 'documents').mockImplementation(function (this: SessionStamp, sid: string) {
      return original.call(this, sid)?.map((doc) => ({ ...doc, yaml: `${doc.yaml}# not what the constructs built\n` }));
    });
    try {
      const settings = settingsOf(configs.hardened);
      expect([...renderDocuments(settings)].flat()).toEqual(builtDocuments(settings));
      expect(fill).toHaveBeenCalledTimes(1);
      // A first id the stamp leaves to the constructs: the next one is built to check the stamp.
      const numericFirst = { ...settings, sessions: ['123', '1e3', 'b', 'c', 'd'] };
      expect([...renderDocuments(numericFirst)].flat()).toEqual(builtDocuments(numericFirst));
    } finally {
      fill.mockRestore();
    }
  });

  test('leaves repeated session ids to the constructs, which refuse them', () => {
    const repeated = { ...settingsOf(''), sessions: ['a', 'b', 'c', 'd', 'd'] };
    expect(() => [...renderDocuments(repeated)]).toThrow(/session-d/);
  });
});
