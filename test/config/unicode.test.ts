import { illFormedStrings, showSurrogates } from '../../lib/config/_unicode';
import { errorOf } from '../support/fixtures';

describe('strings that are not Unicode text', () => {
  test('finds lone surrogates in keys and values at any depth, and leaves pairs alone', () => {
    const data = { a: { b: ['ok \u{1F600}', 'x\ud800'] }, ['k\udc00']: 'v' };
    expect(illFormedStrings(data)).toEqual([{ path: ['a', 'b', 1], value: 'x\ud800' }, { path: ['k\udc00'], value: 'k\udc00' }]);
    expect(showSurrogates('x\ud800 \u{1F600}')).toBe('x\\ud800 \u{1F600}');
  });

  test('are refused in a config with their line (the API takes any string)', () => {
    expect(errorOf('[extended.manifests]\nsessions = ["a"]\n[kubernetes]\nnamespace = "x"\nresource_cpu_request = "1\ud800"')).toMatch(/config\.toml:5: kubernetes\.resource_cpu_request: holds a lone UTF-16 surrogate \("1\\ud800"\)/);
  });

  test('are refused in SANDBOX_RUNTIME_STARTUP_ENV_VARS, naming the variable', () => {
    expect(errorOf('', { SANDBOX_RUNTIME_STARTUP_ENV_VARS: "{'A': '\\ud800'}" })).toMatch(/SANDBOX_RUNTIME_STARTUP_ENV_VARS \(environment variable\).*lone surrogate/);
  });
});
