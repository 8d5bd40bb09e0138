import { KubernetesConfig } from '../../lib/config/kubernetes-config';
import { SandboxConfig } from '../../lib/config/openhands-config';
import { everyOpenhandsKey, hasKey, lifetimeNote, openhandsKeys, supportedReleases } from '../../lib/openhands/config-keys';
import { formatRelease, parseRelease, releaseFeatures } from '../../lib/openhands/releases';

const release = (text: string) => parseRelease(text)!;

describe('OpenHands config keys by release', () => {
  test('[sandbox] has 32 keys in 0.45, cuda_visible_devices from 0.46 and additional_networks from 0.55 (as SandboxConfig at those tags)', () => {
    const counts = Object.fromEntries(supportedReleases().map((r) => [formatRelease(r), openhandsKeys('sandbox', r).length]));
    expect(counts['0.45']).toBe(32);
    expect(counts['0.46']).toBe(33);
    expect(counts['0.54']).toBe(33);
    expect(counts['0.55']).toBe(34);
    expect(counts['0.62']).toBe(34);
    expect(hasKey('sandbox', 'cuda_visible_devices', release('0.45'))).toBe(false);
    expect(hasKey('sandbox', 'cuda_visible_devices', release('0.46'))).toBe(true);
    expect(hasKey('sandbox', 'additional_networks', release('0.54'))).toBe(false);
    expect(hasKey('sandbox', 'additional_networks', release('0.55'))).toBe(true);
  });

  test('[kubernetes] has the same 13 keys in every release, the keys KubernetesConfig declares', () => {
    for (const r of supportedReleases()) expect(openhandsKeys('kubernetes', r)).toEqual(Object.keys(KubernetesConfig.shape));
  });

  test('SandboxConfig declares every [sandbox] key of any supported release, and no other', () => {
    expect(Object.keys(SandboxConfig.shape).sort()).toEqual([...everyOpenhandsKey('sandbox')].sort());
  });

  test('releases after the newest have the newest\'s keys; removed keys end where they were removed', () => {
    expect(openhandsKeys('sandbox', release('0.70'))).toEqual(openhandsKeys('sandbox', release('0.62')));
    expect(hasKey('core', 'daytona_api_key', release('0.46'))).toBe(true);
    expect(hasKey('core', 'daytona_api_key', release('0.47'))).toBe(false);
    expect(hasKey('sections', 'model_routing', release('0.55'))).toBe(false);
    expect(hasKey('sections', 'model_routing', release('0.56'))).toBe(true);
    expect(hasKey('sandbox', 'no_such_key', release('0.62'))).toBe(false);
  });

  test('agrees with the release features that shape the command line', () => {
    for (const r of supportedReleases()) {
      expect([formatRelease(r), hasKey('core', 'enable_browser', r)]).toEqual([formatRelease(r), releaseFeatures(r).enableBrowser]);
      expect([formatRelease(r), hasKey('core', 'git_user_name', r)]).toEqual([formatRelease(r), releaseFeatures(r).gitUserKeys]);
    }
  });

  test('says when a key a release lacks was added or removed', () => {
    expect(lifetimeNote('sandbox', 'additional_networks', release('0.50'))).toBe('added in 0.55');
    expect(lifetimeNote('core', 'e2b_api_key', release('0.60'))).toBe('removed in 0.47, last in 0.46');
    expect(lifetimeNote('sandbox', 'additional_networks', release('0.55'))).toBeUndefined();
    expect(lifetimeNote('sandbox', 'no_such_key', release('0.50'))).toBeUndefined();
  });
});
