import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectComparison } from '../../lib/output/_plan-compare';
import { documentOf, RenderedDocument } from '../../lib/output/document';
import { GENERATED_HEADER } from '../../lib/output/files';

const object = (kind: string, name: string, data: Record<string, string> = {}) => documentOf({ apiVersion: 'v1', kind, metadata: { name, namespace: 'n' }, data });
const NEW = Array.from({ length: 200 }, (_, index) => object('ConfigMap', `m${index}`, { index: String(index) }));

/** Compares `documents` (all to a.k8s.yaml) with a folder holding `current` as that file. */
function compare(current: string | undefined, documents: readonly RenderedDocument[] = NEW) {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-compare-'));
  if (current !== undefined) writeFileSync(join(dir, 'a.k8s.yaml'), current);
  const comparison = new ObjectComparison(dir, false);
  for (const document of documents) comparison.add(document, 'a.k8s.yaml');
  return comparison.finish();
}
const fileOf = (documents: readonly RenderedDocument[]) => `${GENERATED_HEADER} from a.toml.\n${documents.map((document) => document.yaml).join('---\n')}`;
const none = { added: [], removed: [], changed: [] };

describe('ObjectComparison', () => {
  test('finds nothing to change in the file synth wrote for the same objects', () => {
    expect(compare(fileOf(NEW))).toEqual(none);
  });

  test('lists every object as added, in order, against a missing file', () => {
    expect(compare(undefined)).toEqual({ ...none, added: NEW.map((document) => `ConfigMap/${document.name}`) });
  });

  test('finds an inserted, a removed and a changed object among unchanged ones, each list in order', () => {
    const current = [...NEW.slice(0, 10), object('ConfigMap', 'gone'), ...NEW.slice(10, 50), ...NEW.slice(51, 60), object('ConfigMap', 'm60', { index: 'old' }), ...NEW.slice(61, 199)];
    expect(compare(fileOf(current))).toEqual({ added: ['ConfigMap/m50', 'ConfigMap/m199'], removed: ['ConfigMap/gone'], changed: ['ConfigMap/m60'] });
  });

  test('matches objects far out of order (beyond its look-ahead) by key', () => {
    expect(compare(fileOf([...NEW].reverse()))).toEqual(none);
    const shifted = [...NEW.slice(100), ...NEW.slice(0, 100)];
    expect(compare(fileOf(shifted.map((document) => (document.name === 'm5' ? object('ConfigMap', 'm5', { index: 'x' }) : document))))).toEqual({ ...none, changed: ['ConfigMap/m5'] });
  });

  test('reads the same object written otherwise (flow style, comments, another key order of documents) as unchanged', () => {
    const documents = NEW.slice(0, 3);
    const other = documents.map((document) => `# edited\n${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: document.name, namespace: 'n' }, data: { index: document.name.slice(1) } })}\n`);
    expect(compare(other.join('---\n'), documents)).toEqual(none);
  });

  test('refuses a document that is not YAML synth could have written (an alias bomb)', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(() => compare(bomb)).toThrow(expect.objectContaining({ code: 'EFTYPE', message: expect.stringMatching(/cannot be read as YAML/) }));
  });

  test('compares the per-object layout file by file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-compare-'));
    mkdirSync(join(dir, 'a'));
    const documents = NEW.slice(0, 3);
    writeFileSync(join(dir, 'a/m0.yaml'), `${GENERATED_HEADER}.\n${documents[0].yaml}`);
    writeFileSync(join(dir, 'a/m1.yaml'), `${GENERATED_HEADER}.\n${object('ConfigMap', 'm1', { index: 'old' }).yaml}`);
    const comparison = new ObjectComparison(dir, true);
    documents.forEach((document, index) => comparison.add(document, `a/m${index}.yaml`));
    expect(comparison.finish()).toEqual({ added: ['ConfigMap/m2'], removed: [], changed: ['ConfigMap/m1'] });
  });
});

describe('ObjectComparison on a hostile document', () => {
  test('refuses one nested 20,000 levels deep as not YAML synth writes, before the parser (which could abort the process)', () => {
    expect(() => compare(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)).toThrow(expect.objectContaining({ code: 'EFTYPE', message: expect.stringMatching(/opens more than 256 flow collections/) }));
  });
});

describe('ObjectComparison and open files', () => {
  test('keeps no per-object file open after its document (3,000 files, one open at a time)', () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-compare-'));
    mkdirSync(join(dir, 'a'));
    const documents = Array.from({ length: 3000 }, (_, index) => object('ConfigMap', `m${index}`));
    documents.forEach((document, index) => writeFileSync(join(dir, `a/m${index}.yaml`), `${GENERATED_HEADER}.\n${document.yaml}`));
    const before = open();
    const comparison = new ObjectComparison(dir, true);
    documents.forEach((document, index) => comparison.add(document, `a/m${index}.yaml`));
    expect(open()).toBeLessThan(before + 5);
    expect(comparison.finish()).toEqual(none);
    expect(new ObjectComparison(dir, true).currentOnly(documents.map((_, index) => `a/m${index}.yaml`)).removed).toHaveLength(3000);
  });
});
