import { TomlLines } from '../../lib/config/toml-lines';

const TEXT = [
  '# a comment',
  '[kubernetes]',
  'namespace = "a"',
  'tolerations_yaml = """',
  'key = "not a key: inside a multi-line string"',
  '"""',
  '"quoted.key" = 1',
  'dotted.inner = 2',
  '',
  '[extended.manifests]',
  'sessions = ["a", "b"]',
  '[[array.of.tables]]',
  'x = 1',
].join('\n');

describe('TomlLines', () => {
  const lines = new TomlLines(TEXT);

  test.each([
    [['kubernetes'], 2],
    [['kubernetes', 'namespace'], 3],
    [['kubernetes', 'tolerations_yaml'], 4],
    [['kubernetes', 'quoted.key'], 7],
    [['kubernetes', 'dotted', 'inner'], 8],
    [['extended', 'manifests', 'sessions'], 11],
    [['array', 'of', 'tables', 'x'], 13],
  ])('finds %j on line %i', (path, line) => expect(lines.lineOf(path)).toBe(line));

  test('skips keys inside a multi-line string', () => expect(lines.lineOf(['kubernetes', 'key'])).toBe(2));
  test('falls back to the nearest written parent for a list item or a missing key', () => {
    expect(lines.lineOf(['extended', 'manifests', 'sessions', 1])).toBe(11);
    expect(lines.lineOf(['extended', 'manifests', 'headless'])).toBe(10);
  });
  test('knows no line for a section that is not written', () => expect(lines.lineOf(['sandbox', 'runtime_container_image'])).toBeUndefined());
  test('finds a table written only through its sub-tables at the first of them', () => {
    expect(new TomlLines('a = 1\n[kubernets.extra]\nx = 1\n[kubernets.more]\n').lineOf(['kubernets'])).toBe(2);
    expect(new TomlLines('[kubernets.extra]\n').lineOf(['other'])).toBeUndefined();
  });
  test('reads CRLF line endings', () => expect(new TomlLines('[a]\r\nb = 1\r\n').lineOf(['a', 'b'])).toBe(2));
});
