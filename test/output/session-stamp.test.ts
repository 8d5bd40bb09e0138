import { App } from 'cdk8s';
import { SandboxChart } from '../../lib/chart/sandbox-chart';
import { resolveSettings } from '../../lib/config/resolve';
import { Settings } from '../../lib/config/settings';
import { PROBE_IDS, SessionStamp } from '../../lib/output/_session-stamp';
import { documentOf } from '../../lib/output/document';
import { KubeObject } from '../../lib/output/render';
import { configFrom } from '../support/fixtures';

function settingsOf(toml: string): Settings {
  return resolveSettings(configFrom(toml), 'env');
}

/** Two probe sessions' objects from a hand-made session: what the constructs would give for `session(id)`. */
function probes(session: (id: string) => KubeObject[]): KubeObject[] {
  return [...session(PROBE_IDS[0]), ...session(PROBE_IDS[1])];
}

const pod = (id: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: `openhands-runtime-${id}`, namespace: 'sbx', labels: { app: 'openhands-runtime', session: id } }, spec: { hostname: `${id}.local` }, ...extra,
});

describe('SessionStamp', () => {
  test('every profile has a stamp, which fills ordinary ids and refuses ids some reader would retype', () => {
    for (const toml of ['', '[extended.manifests]\nsecurity_profile = "openhands"', '[extended.manifests]\nheadless = true']) {
      const settings = settingsOf(toml);
      const stamp = SessionStamp.of(probes((id) => new SandboxChart(new App(), 'env', { settings, sessions: [id], includeCluster: false }).toJson()));
      expect(stamp).toBeDefined();
      for (const id of ['s0', 'a', 'a-b', 'x'.repeat(36), 'q7x0probe']) expect(stamp!.documents(id)).toBeDefined();
      for (const id of ['123', '1e3', 'true', 'null', '0x1f', '2001-12-14', 'Upper', 'a_b', '']) expect(stamp!.documents(id)).toBeUndefined();
    }
  });

  test('fills names, labels, the host and the sizes as serializing the object would', () => {
    const stamp = SessionStamp.of(probes((id) => [pod(id)]))!;
    expect(stamp.documents('abc')).toEqual([documentOf(pod('abc'))]);
    const annotated = (id: string) => pod(id, { metadata: { name: `p-${id}`, annotations: { host: `${id}.example.com`, 'é': 'ü' } } });
    expect(SessionStamp.of(probes((id) => [annotated(id)]))!.documents('a-much-longer-id')).toEqual([documentOf(annotated('a-much-longer-id'))]);
    // Static text that starts like a probe id is no hole: the probe ids have no border to overlap.
    const prefixed = (id: string) => pod(id, { spec: { note: `q7x0${id}probe`, twice: `${id}/${id}` } });
    expect(SessionStamp.of(probes((id) => [prefixed(id)]))!.documents('q7x0')).toEqual([documentOf(prefixed('q7x0'))]);
  });

  test('gives no stamp when the objects depend on the id other than by holding it', () => {
    const cases: Record<string, (id: string) => KubeObject[]> = {
      'a length': (id) => [pod(id, { spec: { replicas: id.length } })],
      'a transformed id': (id) => [pod(id, { spec: { hostname: id.toUpperCase() } })],
      'an id in a key': (id) => [pod(id, { spec: { [id]: 'x' } })],
      'an order by id': (id) => [pod(id, { spec: /^[a-z]/.test(id) ? { a: 1, b: 2 } : { b: 2, a: 1 } })],
      'a count by id': (id) => (id.length > 10 ? [pod(id), pod(`${id}-2`)] : [pod(id)]),
      'a structure by id': (id) => [pod(id, { spec: id.length > 10 ? ['x'] : 'x' })],
      'a quoted string holding the id': (id) => [pod(id, { spec: { command: `run: ${id}` } })],
      'a probe id in static text': (id) => [pod(id, { spec: { note: PROBE_IDS[0] } })],
    };
    for (const [name, session] of Object.entries(cases)) expect([name, SessionStamp.of(probes(session))]).toEqual([name, undefined]);
    expect(SessionStamp.of([pod(PROBE_IDS[0])])).toBeUndefined();
    expect(SessionStamp.of([])).toBeUndefined();
  });
});
