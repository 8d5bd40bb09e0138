import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { run } from '../../lib/cli';
import { CliIo } from '../../lib/cli/io';
import { loadEnvironments } from '../../lib/config/environments';
import { parseStream } from '../../lib/check/stream';
import { verifyObjects } from '../../lib/check/verify';
import { renderEnvironment } from '../../lib/output/files';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

/** The committed outputs and every example, each as the objects of one stream. */
const STREAMS: Array<[string, any[]]> = [
  ['dist/config.k8s.yaml', parseStream(readFileSync(join(ROOT, 'dist', 'config.k8s.yaml'), 'utf8'), 'dist')],
  ...readdirSync(EXAMPLES).filter((file) => file.endsWith('.toml')).map((file): [string, any[]] => {
    const [environment] = loadEnvironments([join(EXAMPLES, file)], {});
    return [`examples/${file}`, renderEnvironment(environment).objects];
  }),
  ...readdirSync(EXAMPLES).filter((file) => file.endsWith('.yaml')).map((file): [string, any[]] => [`examples/${file}`, parseStream(readFileSync(join(EXAMPLES, file), 'utf8'), file)]),
];

const streamText = (objects: readonly unknown[]) => objects.map((object) => stringify(object)).join('---\n');

/** `openhands-k8s verify -` in process, with the stream on standard input. */
async function verify(input: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {}, isTty: false, readStdin: async () => input };
  const code = await run(['verify', '-'], io);
  return { code, stdout, stderr };
}

type Path = Array<string | number>;

/** Every field of a value at every depth, as paths from its root. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function replaced(object: unknown, path: Path, value: unknown): any {
  const copy = structuredClone(object) as any;
  path.slice(0, -1).reduce((parent, key) => parent[key], copy)[path[path.length - 1]] = value;
  return copy;
}

const fieldOf = (path: Path) => path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${key}`)).join('');

/** Wrong types of every kind a YAML field can hold. */
const WRONG = [5, -1.5, 'x', '', null, true, [], [3], ['a'], {}, { a: 1 }, { a: 'b' }];

describe('verify on malformed streams', () => {
  test.each([
    ['a Pod whose containers are a number', 'Pod', ['spec', 'containers'], 5, 'is a number (5), where Kubernetes expects a list'],
    ['a NetworkPolicy peer list that is a number', 'NetworkPolicy', ['spec', 'egress', 0, 'to'], 3, 'is a number (3), where Kubernetes expects a list'],
    ['a LimitRange whose limits hold a string', 'LimitRange', ['spec', 'limits', 0], 'x', 'is a string ("x"), where Kubernetes expects a mapping'],
    ['a label that is a list', 'Service', ['metadata', 'labels', 'app.kubernetes.io/name'], ['a'], 'is a list, where Kubernetes expects a string'],
  ])('%s: exit 1, the document, object and path named', async (_, kind, path, value, message) => {
    const objects = STREAMS[0][1];
    const index = objects.findIndex((object) => object.kind === kind);
    const stream = objects.map((object, i) => (i === index ? replaced(object, path as Path, value) : object));
    const result = await verify(streamText(stream));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const { namespace, name } = objects[index].metadata;
    expect(result.stdout).toContain(`error: ${kind}/${namespace ? `${namespace}/` : ''}${name} (document ${index + 1}) ${fieldOf(path as Path)}: ${message}`);
    expect(result.stdout).toMatch(/1 malformed field\(s\) in \d+ objects: correct them, then verify checks the stream's coherence\n$/);
  });

  test('a List item is named by its document and item', () => {
    const pod = STREAMS[0][1].find((object) => object.kind === 'Pod');
    const list = { apiVersion: 'v1', kind: 'List', items: [STREAMS[0][1][0], replaced(pod, ['spec', 'volumes'], 'x')] };
    const [problem] = verifyObjects(parseStream(`${stringify(STREAMS[0][1][1])}---\n${stringify(list)}`, 'in')).problems;
    expect(problem).toMatchObject({ document: 'document 2, item 2', field: 'spec.volumes' });
  });

  test.each(STREAMS.map(([name]) => [name]))('%s: any field replaced by any wrong type is reported, never a crash', async (name) => {
    const objects = STREAMS.find(([source]) => source === name)![1];
    const targets = objects.flatMap((object, index) => pathsOf(object).map((path) => ({ index, path })));
    let malformed = 0;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...targets), fc.constantFrom(...WRONG), async ({ index, path }, value) => {
      const stream = objects.map((object, i) => (i === index ? replaced(object, path, value) : object));
      const result = await verify(streamText(stream));
      expect({ code: result.code, internal: /internal error|\n\s+at /.test(result.stderr) }).toEqual({ code: result.code === 0 ? 0 : 1, internal: false });
      // A stream parseStream refuses (kind or metadata.name replaced) names the document.
      if (result.stderr !== '') expect(result.stderr).toContain(`document ${index + 1}`);
      const shapes = result.stdout.split('\n').filter((line) => / \(document \d+(, item \d+)?\) /.test(line));
      for (const line of shapes) expect(line).toContain(` (document ${index + 1}) ${fieldOf(path)}`);
      if (shapes.length > 0) malformed += 1;
    }), { numRuns: 100, seed: 20 });
    // Not vacuous: the wrong types reach fields the checks read.
    expect(malformed).toBeGreaterThan(0);
  });
});
