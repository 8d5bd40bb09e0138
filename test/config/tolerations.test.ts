import { parseTolerations } from '../../lib/config/tolerations';
import { pySafeLoad } from '../../lib/config/pyyaml';

/** PyYAML 6.0.2 safe_load results, from FINDINGS (yaml/compare.txt). */
describe('tolerations_yaml read as PyYAML safe_load reads it', () => {
  test.each([
    ['y', 'y'], ['n', 'n'], ['1e3', '1e3'], ['1.0e3', '1.0e3'], ['08', '08'], ['0o17', '0o17'], ['-.5', '-.5'], ['01:30', '01:30'],
    ['yes', true], ['Off', false], ['017', 15], ['1:30', 90], ['1_000', 1000], ['0x1F', 31], ['1.0e+3', 1000], ['~', null], ['=', undefined], ['<<', undefined],
  ])('the plain scalar %s is %j', (text, value) => {
    const loaded = pySafeLoad(`k: ${text}`);
    if (value === undefined) expect(loaded).toHaveProperty('yamlError');
    else expect(loaded).toMatchObject({ value: { k: value } });
  });

  test('keeps y, n, 1e3 and 08 as string values, as OpenHands sends them', () => {
    const yaml = ['y', 'n', '1e3', '08'].map((value) => `- key: k${value}\n  value: ${value}\n  effect: NoSchedule`).join('\n');
    expect(parseTolerations(yaml)).toEqual({ problems: [], tolerations: ['y', 'n', '1e3', '08'].map((value) => ({ key: `k${value}`, value, effect: 'NoSchedule' })) });
  });

  test('refuses toleration_seconds: 1e3, a string to PyYAML, and 1.0e+3, a float', () => {
    expect(parseTolerations('- key: a\n  effect: NoExecute\n  toleration_seconds: 1e3').problems).toEqual([expect.stringMatching(/toleration_seconds must be a whole number of seconds, got "1e3"/)]);
    expect(parseTolerations('- key: a\n  effect: NoExecute\n  toleration_seconds: 1.0e+3').problems).toEqual([expect.stringMatching(/float 1000 for PyYAML .*send 1000\.0/)]);
    expect(parseTolerations('- key: a\n  effect: NoExecute\n  toleration_seconds: 0x10').tolerations).toEqual([{ key: 'a', effect: 'NoExecute', tolerationSeconds: 16 }]);
  });

  test('refuses unknown tags: OpenHands would drop every toleration', () => {
    expect(parseTolerations('- key: !secret gpu\n  operator: Exists').problems).toEqual([expect.stringMatching(/!secret .*drop every toleration/)]);
    expect(parseTolerations('- key: !!python/str gpu').problems[0]).toMatch(/drop every toleration/);
  });

  test('refuses values PyYAML raises a ValueError on: every conversation would fail', () => {
    expect(parseTolerations('- key: a\n  value: 2001-13-14').problems[0]).toMatch(/invalid date .*every conversation would fail to start/);
    expect(parseTolerations('- key: a\n  value: 0x_').problems[0]).toMatch(/does not catch/);
  });

  test('follows merge keys and drops a leading BOM, as PyYAML does', () => {
    expect(parseTolerations('\uFEFF- &base\n  key: a\n  operator: Exists\n- <<: *base\n  key: b').tolerations).toEqual([{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }]);
  });

  test('refuses a repeated key, which PyYAML would silently resolve to the last', () => {
    expect(parseTolerations('- key: a\n  key: b\n  operator: Exists').problems[0]).toMatch(/repeats the key "key"/);
  });

  test('refuses a %YAML 1.2 directive and YAML 1.1 line breaks', () => {
    expect(parseTolerations('%YAML 1.2\n---\n- key: a\n  operator: Exists').problems[0]).toMatch(/%YAML 1\.2/);
    expect(parseTolerations('- key: a\u2028  operator: Exists').problems[0]).toMatch(/line breaks/);
  });
});
