import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_HEADER } from '../../lib/output/files';
import { MANIFEST_FILE, manifestProblem, parseManifest } from '../../lib/output/manifest';
import { writeOutput } from '../../lib/output/write';

const HASH = `sha256:${'a'.repeat(64)}`;

describe('parseManifest', () => {
  test.each(['null', '[]', '1', '"x"', 'true', '{"generator":"openhands-k8s","files":null}', '{"generator":"openhands-k8s","files":[]}', '{"files":{}}', '{', ''])('is not a manifest, without throwing: %s', (text) => {
    expect(parseManifest(text)).toBeUndefined();
  });

  test('reads the files a manifest lists, ignoring entries that are not plain paths with a hash', () => {
    const text = JSON.stringify({ generator: 'openhands-k8s', version: 1, files: { 'a.k8s.yaml': HASH, '../x': HASH, 'b.yaml': null, 'c.yaml': 'md5:1' } });
    expect(parseManifest(text)).toEqual({ files: new Map([['a.k8s.yaml', HASH]]), sizes: new Map() });
  });
});

describe('a manifest that is not one synth wrote', () => {
  test.each([['null', /holds null, not an object/], ['[1]', /holds a list/], ['7', /holds a number/], ['{', /is not JSON/], ['{"generator":"x","files":{}}', /"generator" is not "openhands-k8s"/]])('%s is named clearly', (text, reason) => {
    expect(manifestProblem(text)).toMatch(reason);
  });

  test('is named in synth\'s refusal, instead of every file just "not written by openhands-k8s"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-manifest-'));
    writeOutput(dir, new Map([['a.k8s.yaml', `${GENERATED_HEADER}\nx: 1\n`]]));
    writeFileSync(join(dir, MANIFEST_FILE), 'null\n');
    expect(() => writeOutput(dir, new Map([['a.k8s.yaml', `${GENERATED_HEADER}\nx: 2\n`]]))).toThrow(/a\.k8s\.yaml was not written by openhands-k8s\n\.openhands-k8s-manifest\.json is not a manifest synth wrote \(it holds null, not an object\)/);
  });
});
