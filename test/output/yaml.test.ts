import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { parse } from 'yaml';
import { needsQuoting, toYaml } from '../../lib/output/yaml';
import { KubeObject } from '../../lib/output/render';
import { container, find, render } from '../support/fixtures';

/** Strings that readers disagree on, or that need quoting for other reasons. */
const HOSTILE = [
  '1_000', '100_000', '1_', '+_1', '0X1F', '0x1F', '0x_1F', '0B101', '0b101', '0b_', '0x_', '0O17', '0o17', '0b+1', '0b-1',
  '-0b101', '+0x1F', '+.5', '-.5', '.5', '.5_0', '+.', '.', '._', '...', '... x', '---', '1.', '1.5', '1.2.3', '1e3', '1E3', '1e+3', '1e400',
  '+1e3', '.5e3', 'E0', 'e5', '.e3', '+e1', 'E', 'e', '1:30', '1:30:00', '190:20:30.15', '-1:30', '12:60', '10:00', '9'.repeat(400), '099', '08',
  '0777', '0', '-0', '+0', '00', 'y', 'Y', 'n', 'N', 'yes', 'No', 'on', 'OFF', 'true', 'False', 'null', 'Null', '~', '', ' ', '<<', '=', '!',
  '&', '*', '|', '>', '%', '@', '`', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'inf', 'nan', 'NaN', '2001-12-14', '2001-1-2',
  '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-14T21:59:43Z', '2001-13-45', '2024-01-01 release', 'a: b', 'a:b',
  'a:', ':a', 'a #b', 'a#b', '#a', '- a', '-a', '? a', '[a]', '{a}', 'a,b', "it's", '"q"', ' lead', 'trail ', 'tab\there', 'nl\nhere',
  'trailing\n', 'two\n\n', '\n', '  indented\nblock', 'nel\u0085x', 'bom\ufeffx', 'ls\u2028x', '日本語', '😀', 'esc\u001b', 'x'.repeat(1100),
  '__proto__', 'constructor', 'toString', '100m', '1Gi', 'v1', 'nginx:1.25', 'http://x:80/a#b', '${VAR}', 'app.kubernetes.io/name',
];

/** What kubectl (sigs.k8s.io/yaml over go-yaml) decodes from YAML text: one Thing per spec. */
function kubectlDecode(specs: unknown[], write: (objects: KubeObject[]) => string): unknown[] {
  const objects = specs.map((spec, index): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: `t${index}` }, spec }));
  const file = join(mkdtempSync(join(tmpdir(), 'ohk8s-yaml-')), 'things.yaml');
  writeFileSync(file, write(objects));
  const out = execFileSync('kubectl', ['label', '--local', '-f', file, 'checked=yes', '-o', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split(/(?<=^\})\n(?=\{)/m).map((text) => JSON.parse(text).spec);
}

/** JSON with keys sorted at every level (kubectl sorts them), own `__proto__` keys included. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const jsYaml = (objects: readonly KubeObject[]) => objects.map((object) => dump(object, { noRefs: true, lineWidth: -1 })).join('---\n');
const READERS: Array<[string, (text: string) => unknown]> = [
  ['js-yaml (YAML 1.2)', (text) => load(text)],
  ['yaml (YAML 1.2)', (text) => parse(text, { uniqueKeys: false })],
  ['yaml (YAML 1.1)', (text) => parse(text, { version: '1.1', uniqueKeys: false })],
];

/** A map whose keys and values are the hostile strings, built so `__proto__` is an own key. */
function hostileMap(): Record<string, string> {
  const map: Record<string, string> = {};
  HOSTILE.forEach((text, index) => Object.defineProperty(map, text, { value: `${index}`, enumerable: true, writable: true, configurable: true }));
  return map;
}

describe('toYaml', () => {
  test.each(READERS)('every hostile string, as a key and as a value, reads back unchanged with %s', (_name, read) => {
    const spec = { values: HOSTILE, keys: hostileMap() };
    const [object] = [read(toYaml([{ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec } as KubeObject])) as { spec: unknown }];
    expect(JSON.stringify(object.spec)).toBe(JSON.stringify(spec));
  });

  test('kubectl decodes every hostile string exactly as written, where js-yaml output is misread or refused', () => {
    const spec = { values: HOSTILE, keys: hostileMap() };
    expect(canonical(kubectlDecode([spec], toYaml)[0])).toBe(canonical(spec));
    // Only strings js-yaml writes plain can be misread; the quoted ones read back by construction.
    const plain = HOSTILE.filter((text) => dump({ v: text }, { lineWidth: -1 }) === `v: ${text}\n`);
    const misread = plain.filter((text) => {
      try {
        return (kubectlDecode([{ v: text }], jsYaml)[0] as { v: unknown }).v !== text;
      } catch {
        return true; // kubectl refused the whole file
      }
    });
    expect(misread).toEqual(expect.arrayContaining(['1_000', '100_000', '0X1F', '0B101', '0O17', '+.5']));
    expect(misread.filter((text) => !needsQuoting(text))).toEqual([]);
  });

  const hostileString = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789_+-.eEbBxXoO:aF'), minLength: 1, maxLength: 8 }) },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...'ab:# -?\'"\n\t.,[]{}|>!&*%@`~=<yYnN01'), maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/) },
  );
  const dict = <T>(value: fc.Arbitrary<T>) => fc.array(fc.tuple(hostileString, value), { maxLength: 4 }).map((pairs) => {
    const map: Record<string, T> = {};
    for (const [key, item] of pairs) Object.defineProperty(map, key, { value: item, enumerable: true, writable: true, configurable: true });
    return map;
  });
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, hostileString, fc.integer(), fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.boolean(), fc.constant(null),
      fc.array(tie('tree'), { maxLength: 4 }), dict(tie('tree'))),
  }));
  const objects = fc.array(fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Thing'), metadata: fc.record({ name: hostileString, labels: dict(hostileString) }), spec: tree }), { minLength: 1, maxLength: 3 })
    .map((list) => list as unknown as KubeObject[]);

  test('is byte-identical to js-yaml whenever no string needs more quoting, and always reads back exactly', () => {
    fc.assert(fc.property(objects, (list) => {
      const ours = toYaml(list);
      const strings: string[] = [];
      JSON.stringify(list, (key, value) => {
        if (key) strings.push(key);
        if (typeof value === 'string') strings.push(value);
        return value;
      });
      if (!strings.some(needsQuoting)) expect(ours).toBe(jsYaml(list));
      for (const [, read] of READERS) {
        const documents = ours.split(/^---\n/m).map(read);
        expect(JSON.stringify(documents)).toBe(JSON.stringify(list));
      }
    }), { numRuns: 400 });
  });

  test('kubectl reads random hostile objects back exactly (one batch)', () => {
    const specs = fc.sample(tree, { numRuns: 150, seed: 42 }).map((value) => ({ value }));
    expect(canonical(kubectlDecode(specs, toYaml))).toBe(canonical(specs));
  });

  test('a config with number-like env values and labels synthesizes YAML kubectl reads as strings', () => {
    const objects = render('[sandbox.runtime_startup_env_vars]\nLIMIT = "100_000"\nMASK = "0X1F"\n[extended.manifests.pod_labels]\n"1_000" = "0B101"\n');
    const pod = find(objects, 'Pod');
    const file = join(mkdtempSync(join(tmpdir(), 'ohk8s-yaml-')), 'pod.yaml');
    writeFileSync(file, toYaml([pod]));
    const decoded = JSON.parse(execFileSync('kubectl', ['label', '--local', '-f', file, 'checked=yes', '-o', 'json'], { encoding: 'utf8' }));
    expect(decoded.metadata.labels['1_000']).toBe('0B101');
    expect(decoded.spec.containers[0].env).toEqual(container(objects).env);
  });
});
