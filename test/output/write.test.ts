import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_HEADER } from '../../lib/output/files';
import { diffOutput, OutputFs, writeOutput } from '../../lib/output/write';

const kustomization = (files: string[]) => `${GENERATED_HEADER}.\nresources:\n${files.map((f) => `  - ${f}\n`).join('')}`;
const generated = (body: string) => `${GENERATED_HEADER} from config.toml.\n${body}`;

function outputOf(files: Record<string, string>): Map<string, string> {
  return new Map([...Object.entries(files), ['kustomization.yaml', kustomization(Object.keys(files))]]);
}

function snapshotDir(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else result[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return result;
}

/** The real file system, failing the n-th call of one method. */
function failing(method: keyof OutputFs, n: number): OutputFs {
  let calls = 0;
  return new Proxy(fs as unknown as OutputFs, {
    get(target, name: keyof OutputFs) {
      const real = (target[name] as (...args: unknown[]) => unknown).bind(target);
      if (name !== method) return real;
      return (...args: unknown[]) => {
        calls += 1;
        if (calls === n) throw Object.assign(new Error(`injected ${method} failure`), { code: 'EIO' });
        return real(...args);
      };
    },
  });
}

describe('writeOutput', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ohk8s-out-'));
  });

  test('writes every file and a kustomization listing them', () => {
    const result = writeOutput(join(dir, 'dist'), outputOf({ 'a.k8s.yaml': generated('a'), 'b/pod.yaml': generated('b') }));
    expect(result.written.sort()).toEqual(['a.k8s.yaml', 'b/pod.yaml', 'kustomization.yaml']);
    expect(snapshotDir(join(dir, 'dist'))['b/pod.yaml']).toBe(generated('b'));
  });

  test('leaves unchanged files alone', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toEqual({ written: [], unchanged: ['a.k8s.yaml', 'kustomization.yaml'], removed: [] });
  });

  test('removes files an earlier run generated and no longer produces, and nothing else', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'old/pod.yaml': generated('old') }));
    writeFileSync(join(dir, 'README.md'), 'mine');
    writeFileSync(join(dir, 'notes.yaml'), 'mine too');
    const result = writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a2') }));
    expect(result.removed).toEqual(['old/pod.yaml']);
    expect(Object.keys(snapshotDir(dir)).sort()).toEqual(['README.md', 'a.k8s.yaml', 'kustomization.yaml', 'notes.yaml']);
  });

  test('never deletes a listed file that synth did not write', () => {
    writeFileSync(join(dir, 'kustomization.yaml'), kustomization(['hand.yaml']));
    writeFileSync(join(dir, 'hand.yaml'), 'kind: ConfigMap');
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(readFileSync(join(dir, 'hand.yaml'), 'utf8')).toBe('kind: ConfigMap');
  });

  test.each([
    ['the first write', 'writeFileSync', 1],
    ['a later write', 'writeFileSync', 3],
    ['the first rename', 'renameSync', 1],
    ['a later rename', 'renameSync', 3],
    ['creating a folder', 'mkdirSync', 1],
  ] as const)('keeps the previous output untouched when %s fails, leaving no temporary file', (_case, method, n) => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'b.k8s.yaml': generated('b') }));
    const before = snapshotDir(dir);
    const next = outputOf({ 'a.k8s.yaml': generated('A'), 'b.k8s.yaml': generated('B'), 'c/pod.yaml': generated('C') });
    expect(() => writeOutput(dir, next, failing(method, n))).toThrow(/injected/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  test('diffOutput lists changed, missing and stale files without writing', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'gone.k8s.yaml': generated('g') }));
    const before = snapshotDir(dir);
    const diff = diffOutput(dir, outputOf({ 'a.k8s.yaml': generated('a2'), 'new.k8s.yaml': generated('n') }));
    expect(diff).toEqual({ changed: ['a.k8s.yaml', 'kustomization.yaml'], missing: ['new.k8s.yaml'], stale: ['gone.k8s.yaml'] });
    expect(snapshotDir(dir)).toEqual(before);
  });
});
