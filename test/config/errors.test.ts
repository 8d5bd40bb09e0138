import { ConfigError, ConfigErrors, isUserError } from '../../lib/config/errors';

describe('ConfigError', () => {
  test('lists every problem with file, line, key, value and reason', () => {
    const error = new ConfigError('config.toml', [
      { key: 'kubernetes.namespace', line: 2, value: 'Bad', message: 'must be a DNS-1123 label' },
      { key: 'sandbox.runtime_container_image', message: 'is required' },
    ]);
    expect(error.message).toBe('config.toml: 2 problems:\n  config.toml:2: kubernetes.namespace = "Bad": must be a DNS-1123 label\n  config.toml: sandbox.runtime_container_image: is required');
  });

  test('names the environment variable a value came from instead of a line', () => {
    const error = new ConfigError('c.toml', [{ key: 'kubernetes.privileged', envVar: 'KUBERNETES_PRIVILEGED', line: 9, value: true, message: 'x' }]);
    expect(error.message).toBe('c.toml: 1 problem:\n  KUBERNETES_PRIVILEGED (environment variable): kubernetes.privileged = true: x');
  });

  test('shows newlines escaped and shortens long values', () => {
    const error = new ConfigError('c.toml', [{ key: 'k', value: `a\n${'b'.repeat(200)}`, message: 'x' }]);
    expect(error.message).toMatch(/k = "a\\nb+\.\.\.: x$/);
    expect(error.message.split('\n')).toHaveLength(2);
  });

  test('joins the errors of several files and marks all of them as the user\'s to fix', () => {
    const errors = new ConfigErrors([new ConfigError('a.toml', [{ key: 'k', message: 'x' }]), new ConfigError('b.toml', [{ key: 'k', message: 'y' }])]);
    expect(errors.message).toBe('a.toml: 1 problem:\n  a.toml: k: x\nb.toml: 1 problem:\n  b.toml: k: y');
    expect(isUserError(errors)).toBe(true);
    expect(isUserError(errors.errors[0])).toBe(true);
    expect(isUserError(new Error('bug'))).toBe(false);
    expect(isUserError('text')).toBe(false);
  });
});

describe('ConfigError with a hostile file name', () => {
  test('quotes a file name with control characters, so it can neither split the report nor reach the terminal raw', () => {
    const error = new ConfigError('we\nird\u001b[31m.toml', [{ key: 'k', line: 2, message: 'x' }]);
    expect(error.message).toBe('"we\\nird\\u001b[31m.toml": 1 problem:\n  "we\\nird\\u001b[31m.toml":2: k: x');
  });
});
