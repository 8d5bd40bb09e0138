import { MAX_YAML_COLUMN, MAX_YAML_FLOW_DEPTH, yamlDepthProblem } from '../../lib/config/yaml-depth';
import { pySafeLoad } from '../../lib/config/pyyaml';

const N = 20_000;
const DEEP = {
  'flow sequences': `a: ${'['.repeat(N)}${']'.repeat(N)}`,
  'flow maps': `${'{a: '.repeat(N)}1${'}'.repeat(N)}`,
  'compact sequences on one line': `${'- '.repeat(N)}x`,
  'indented sequences': Array.from({ length: 2000 }, (_, index) => `${' '.repeat(index)}- `).join('\n'),
};

describe('the nesting of a YAML text, bounded before the yaml package reads it', () => {
  test.each(Object.entries(DEEP))('refuses %s 20,000 levels deep, naming the line', (name, text) => {
    const line = name === 'indented sequences' ? MAX_YAML_COLUMN + 1 : 2; // where indentation and "- " pass the column
    expect(yamlDepthProblem(`ok: 1\n${text}`)).toMatchObject({ line });
  });

  test.each(Object.entries(DEEP))('tolerations_yaml with %s is refused as PyYAML\'s RecursionError, without reaching the parser', (_, text) => {
    expect(pySafeLoad(text)).toEqual({ crash: expect.stringMatching(/^RecursionError: the YAML (nests|opens) more than/) });
  });

  test('counts exactly to the limits, and starts again at each document', () => {
    expect(yamlDepthProblem(`${'['.repeat(MAX_YAML_FLOW_DEPTH)}${']'.repeat(MAX_YAML_FLOW_DEPTH)}`)).toBeUndefined();
    expect(yamlDepthProblem(`${'['.repeat(MAX_YAML_FLOW_DEPTH + 1)}`)).toMatchObject({ line: 1 });
    expect(yamlDepthProblem(`${'['.repeat(200)}\n---\n${'['.repeat(200)}`)).toBeUndefined();
    expect(yamlDepthProblem(`${' '.repeat(MAX_YAML_COLUMN)}x`)).toBeUndefined();
    expect(yamlDepthProblem(`${' '.repeat(MAX_YAML_COLUMN + 1)}x`)).toMatchObject({ line: 1 });
  });

  test('leaves ordinary tolerations alone', () => {
    expect(pySafeLoad('- key: gpu\n  operator: Exists\n  effect: NoSchedule\n')).toHaveProperty('value');
  });
});
