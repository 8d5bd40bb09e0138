import { MAX_TOML_DEPTH, tomlDepthProblem } from '../../lib/config/_toml-depth';
import { configFrom, errorOf } from '../support/fixtures';

const N = 20_000; // a 40 KB config
const keys = (count: number) => Array.from({ length: count }, () => 'a').join('.');

describe('the nesting depth of a config, measured before any parser reads it', () => {
  test.each([
    ['dotted keys', `x = 1\n\n${keys(N)} = 1\n`],
    ['a table header', `x = 1\n\n[${keys(N)}]\nb = 1\n`],
    ['an array of tables header', `x = 1\n\n[[${keys(N)}]]\nb = 1\n`],
    ['arrays', `x = 1\n\na = ${'['.repeat(N)}${']'.repeat(N)}\n`],
    ['inline tables', `x = 1\n\na = ${'{a = '.repeat(N)}1${'}'.repeat(N)}\n`],
    ['a dotted key in an inline table', `x = 1\n\na = { ${keys(N)} = 1 }\n`],
    ['arrays of inline tables', `x = 1\n\na = ${'[{a = '.repeat(N)}1${'}]'.repeat(N)}\n`],
  ])('refuses %s 20,000 levels deep as a config error at its line, not a stack overflow', (_, text) => {
    expect(errorOf(text)).toMatch(new RegExp(`config\\.toml:3: \\(nesting\\): nests values more than ${MAX_TOML_DEPTH} levels deep`));
  });

  test.each([
    ['dotted keys', (n: number) => `${keys(n)} = 1`],
    ['a table header', (n: number) => `[${keys(n)}]`],
    ['arrays under a key', (n: number) => `a = ${'['.repeat(n - 1)}${']'.repeat(n - 1)}`],
    ['inline tables under a key', (n: number) => `a = ${'{b = '.repeat(n - 1)}1${'}'.repeat(n - 1)}`],
  ])(`counts %s exactly: ${MAX_TOML_DEPTH} levels pass, one more is refused`, (_, text) => {
    expect(tomlDepthProblem(text(MAX_TOML_DEPTH))).toBeUndefined();
    expect(tomlDepthProblem(text(MAX_TOML_DEPTH + 1))).toMatchObject({ line: 1 });
  });

  test('ignores brackets, dots and braces inside strings and comments, and counts lines through multi-line strings', () => {
    const text = `a = "${'[{.'.repeat(100)}" # ${'['.repeat(100)}\nb = '''\n${'{'.repeat(100)}\n'''\nc = """x\\\ny"""\n[t]\nd = ${'['.repeat(MAX_TOML_DEPTH)}${']'.repeat(MAX_TOML_DEPTH)}`;
    expect(tomlDepthProblem(text)).toMatchObject({ line: 8 });
  });

  test('leaves real configs alone', () => {
    expect(() => configFrom('[extended.manifests]\nsessions = ["a"]\n[extended.manifests.governance]\nvalidating_policy = true\n[kubernetes]\ntolerations_yaml = "- operator: Exists"')).not.toThrow();
  });
});

describe('a config just within the depth limit', () => {
  test('is read and reported without a stack overflow (every walk over it is bounded by the limit)', () => {
    const text = `[extended.manifests]\n${keys(MAX_TOML_DEPTH - 2)} = ${'['.repeat(0)}1\n`;
    expect(errorOf(text)).toMatch(/config\.toml:2: extended\.manifests\.a: is not a known key/);
  });
});

describe('a config with hundreds of thousands of problems', () => {
  test('reports every one, without spreading them into one call (which overflowed the stack)', () => {
    const message = errorOf(`[extended.manifests]\nsessions = [${Array(300_000).fill('"A"').join(', ')}]\n`);
    expect(message.includes('config.toml:2: extended.manifests.sessions[299999] = "A": repeats session "A"')).toBe(true);
  }, 120_000);
});
