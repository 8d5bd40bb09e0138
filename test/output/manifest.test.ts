import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_HEADER } from '../../lib/output/files';
import { contentHash, MANIFEST_FILE, MANIFEST_LINES_PER_PART, manifestDigest, manifestOf, manifestParts, manifestProblem, parseManifest } from '../../lib/output/manifest';
import { writeOutput } from '../../lib/output/write';
import { Records } from '../../lib/output/_records';
import { AWKWARD_UNITS, random } from '../support/random';

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

describe('a large output folder\'s manifest', () => {
  // More files than one part holds (MANIFEST_LINES_PER_PART), so the parts' joints are tested.
  const count = MANIFEST_LINES_PER_PART * 2 + 7;
  const records = new Map(Array.from({ length: count }, (_, i) => [`env/pod-s${i}.yaml`, { hash: `sha256:${(i % 16).toString(16).repeat(64)}`, size: 100 + i }]));
  /** The manifest as one string, written here independently of the parts. */
  const expected = () => {
    const paths = [...records.keys()].sort();
    const files = paths.map((path) => `    "${path}": "${records.get(path)!.hash}"`).join(',\n');
    const sizes = paths.map((path) => `    "${path}": ${records.get(path)!.size}`).join(',\n');
    return `{\n  "generator": "openhands-k8s",\n  "version": 1,\n  "files": {\n${files}\n  },\n  "sizes": {\n${sizes}\n  }\n}\n`;
  };

  test('is made in parts that join into the same bytes, and reads back whole', () => {
    const parts = [...manifestParts(records)];
    expect(parts.length).toBeGreaterThan(4);
    expect(parts.join('')).toBe(expected());
    expect(manifestOf(records)).toBe(expected());
    expect(parseManifest(parts.join(''))?.files.size).toBe(count);
  });

  test('has its hash and size taken without its text', () => {
    const text = expected();
    expect(manifestDigest(records)).toEqual({ hash: `sha256:${createHash('sha256').update(text).digest('hex')}`, size: Buffer.byteLength(text) });
  });

  test('is written streamed, and left alone when nothing changed', () => {
    const out = mkdtempSync(join(tmpdir(), 'ohk8s-manifest-large-'));
    const files = Array.from({ length: count }, (_, i): [string, string] => [`env/pod-s${i}.yaml`, `${GENERATED_HEADER}\nn: ${i}\n`]);
    writeOutput(out, files);
    const written = readFileSync(join(out, MANIFEST_FILE), 'utf8');
    const parsed = parseManifest(written)!;
    expect(parsed.files.size).toBe(count);
    const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(written).toBe(manifestOf(new Map(sorted.map(([path, text]) => [path, { hash: contentHash(text), size: Buffer.byteLength(text) }]))));
    const before = statSync(join(out, MANIFEST_FILE));
    const again = writeOutput(out, files);
    expect(again.written).toEqual([]);
    expect(again.unchanged).toHaveLength(count);
    const after = statSync(join(out, MANIFEST_FILE));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });
});

describe('the manifest of Records (paths kept as bytes, sorted without a list of them)', () => {
  test.each([
    ['ASCII', ['env/pod-s10.yaml', 'env/pod-s1.yaml', 'env/pod-s1-.yaml', 'a.k8s.yaml', 'env/Pod.yaml', 'env/pod-s2.yaml']],
    ['non-ASCII and astral', ['env/\uFFFF.yaml', 'env/\u{1F600}.yaml', 'env/\uE000.yaml', 'env/é.yaml', 'env/z.yaml']],
  ])('is the one made from a Map of the same records: %s paths', (_, paths) => {
    const records = new Records();
    const map = new Map<string, { hash: string; size: number }>();
    paths.forEach((path, index) => {
      const hash = `sha256:${index.toString(16).repeat(64).slice(0, 64)}`;
      records.set(path, hash, index);
      map.set(path, { hash, size: index });
    });
    records.set(paths[0], HASH, 99); // produced again: the later record wins
    map.set(paths[0], { hash: HASH, size: 99 });
    expect(manifestOf(records)).toBe(manifestOf(map));
    expect([...records.keys()]).toEqual([...map.keys()]);
    expect(records.get(paths[1])).toEqual(map.get(paths[1]));
    expect(records.has('env/missing.yaml')).toBe(false);
  });
});

describe('the manifest of Records against a Map model, on random paths', () => {
  test.each([
    ['ASCII', 1, ['a', 'b', '-', '/', '.', '0', '9', 'Z', '_']],
    ['any UTF-16', 2, AWKWARD_UNITS],
  ])('%s paths, some produced again (the later record wins), in more than two parts', (_, seed, units) => {
    const next = random(seed as number);
    const records = new Records();
    const model = new Map<string, { hash: string; size: number }>();
    const pick = () => (units as string[])[Math.floor(next() * (units as string[]).length)];
    const produced: string[] = [];
    for (let step = 0; model.size <= MANIFEST_LINES_PER_PART * 2; step++) {
      let path = '';
      if (produced.length > 0 && next() < 0.2) path = produced[Math.floor(next() * produced.length)];
      else for (let length = 1 + Math.floor(next() * 12); length > 0; length--) path += pick();
      produced.push(path);
      const hash = `sha256:${createHash('sha256').update(String(step)).digest('hex')}`;
      records.set(path, hash, step);
      model.set(path, { hash, size: step });
    }
    // Written independently: the paths sorted as JavaScript sorts strings, each a JSON string.
    const paths = [...model.keys()].sort();
    const files = paths.map((path) => `    ${JSON.stringify(path)}: "${model.get(path)!.hash}"`).join(',\n');
    const sizes = paths.map((path) => `    ${JSON.stringify(path)}: ${model.get(path)!.size}`).join(',\n');
    const expected = `{\n  "generator": "openhands-k8s",\n  "version": 1,\n  "files": {\n${files}\n  },\n  "sizes": {\n${sizes}\n  }\n}\n`;
    expect(paths.length).toBeGreaterThan(MANIFEST_LINES_PER_PART * 2);
    expect([...manifestParts(records)].join('')).toBe(expected);
    expect(manifestDigest(records)).toEqual({ hash: `sha256:${createHash('sha256').update(expected).digest('hex')}`, size: Buffer.byteLength(expected) });
    expect([...records.keys()]).toEqual([...model.keys()]);
    for (const [path, record] of model) expect(records.has(path) && records.get(path)!.hash === record.hash && records.get(path)!.size === record.size).toBe(true);
    expect(records.has(`${paths[0]}\0`)).toBe(false);
    expect(records.get(`${paths[0]}\0`)).toBeUndefined();
  });
});
