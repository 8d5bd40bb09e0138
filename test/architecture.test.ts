import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LIB = resolve(__dirname, '..', 'lib');

/** The layers from the bottom up: a file may import its own layer and those below, never above. */
const LAYERS = ['kube', 'openhands', 'agent-sandbox', 'cluster', 'config', 'chart', 'output', 'check', 'cli'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a file under lib/, or undefined for lib/index.ts (the public barrel). */
function layerOf(file: string): string | undefined {
  const [first, ...rest] = relative(LIB, file).split('/');
  return rest.length === 0 ? undefined : first;
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((match) => resolve(dirname(file), match[1]));
}

const FILES = sources(LIB);

describe('the layout of lib/', () => {
  test('every folder is a known layer', () => {
    expect([...new Set(FILES.map(layerOf).filter(Boolean))].sort()).toEqual([...LAYERS].sort());
  });

  test.each(FILES.filter((file) => layerOf(file)).map((file) => [relative(LIB, file)]))('%s imports nothing from a higher layer', (path) => {
    const file = join(LIB, path);
    const own = LAYERS.indexOf(layerOf(file)!);
    const upward = relativeImports(file).filter((target) => {
      if (!target.startsWith(LIB)) return false;
      const layer = layerOf(`${target}.ts`);
      return layer === undefined || LAYERS.indexOf(layer) > own;
    });
    expect(upward.map((target) => relative(LIB, target))).toEqual([]);
  });

  test('no file is longer than 250 lines', () => {
    const long = FILES.filter((file) => readFileSync(file, 'utf8').split('\n').length > 250).map((file) => relative(LIB, file));
    expect(long).toEqual([]);
  });

  test('the public barrel exports no private (_-prefixed) module and nothing of the CLI', () => {
    const barrel = readFileSync(join(LIB, 'index.ts'), 'utf8');
    expect(barrel.split('\n').filter((line) => line && !/^export \* from '\.\/[a-z-]+\/[a-z0-9-]+';$/.test(line))).toEqual([]);
    expect(barrel).not.toMatch(/\/_|\.\/cli\//);
  });
});
