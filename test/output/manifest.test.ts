import { parseManifest } from '../../lib/output/manifest';

const HASH = `sha256:${'a'.repeat(64)}`;

describe('parseManifest', () => {
  test.each(['null', '[]', '1', '"x"', 'true', '{"generator":"openhands-k8s","files":null}', '{"generator":"openhands-k8s","files":[]}', '{"files":{}}', '{', ''])('is not a manifest, without throwing: %s', (text) => {
    expect(parseManifest(text)).toBeUndefined();
  });

  test('reads the files a manifest lists, ignoring entries that are not plain paths with a hash', () => {
    const text = JSON.stringify({ generator: 'openhands-k8s', version: 1, files: { 'a.k8s.yaml': HASH, '../x': HASH, 'b.yaml': null, 'c.yaml': 'md5:1' } });
    expect(parseManifest(text)).toEqual({ files: new Map([['a.k8s.yaml', HASH]]) });
  });
});
