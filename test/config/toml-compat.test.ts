import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config/load';
import { checkTomlCompat } from '../../lib/config/toml-compat';
import { errorOf, IMAGE } from '../support/fixtures';

/** Valid TOML that OpenHands' toml 0.10.2 rejects (whole file ignored) or misreads; FINDINGS section 4, run results. */
describe('what OpenHands\' toml 0.10.2 cannot read', () => {
  test.each([
    ['a mixed-type array', 'a = [1, "x"]', /array mixing integer and string .*ignore the whole file/],
    ['an int and float array', 'a = [1, 2.0]', /mixing integer and float/],
    ['an array of an array and a scalar', 'a = [[1], "x"]', /mixing array and string/],
    ['a scalar before inline tables', 'a = [2, {x = 1}]', /mixing integer and table .*Not a homogeneous array/],
    ['a scalar after inline tables', 'a = [{x = 1}, 2]', /mixing table and integer .*misreads it: the items after the inline tables/],
    ['a space after a dot in a dotted key', 'a. b = 1', /space after the dot .*ignore the whole file/],
    ['spaces around a dot in a dotted key', '[sandbox]\nruntime_startup_env_vars . A = "1"', /space before the dot .*misreads it: the key gets a trailing space/],
    ['a quote before the closing delimiter', 'a = """x""""', /a quote right before the closing """/],
    ['a quote before the closing literal delimiter', "a = '''x''''", /a quote right before the closing '''/],
    ['a BOM', '\uFEFF[kubernetes]\nnamespace = "x"', /byte order mark/],
    ['an inline table over several lines', 't = {a = 1,\n b = 2}', /inline table spread over several lines/],
    ['a trailing comma in an inline table', 't = {a = 1,}', /trailing comma in an inline table/],
    ['the \\e escape', 'a = "\\e"', /the \\e escape/],
    ['the \\x escape', 'a = "\\x41"', /the \\x escape/],
    ['a time without seconds', 'a = 07:32', /time without seconds/],
    ['a date-time without seconds', 'a = 1979-05-27T07:32Z', /date-time without seconds/],
    ['a lower-case z date-time', 'a = 1979-05-27t07:32:00z', /lower-case z .*misreads it as a local date-time/],
    ['a string of escaped quotes only', 'a = ["\\"", "x"]', /only of escaped double quotes.*misreads it as an empty string/],
    ['a multi-line string in an inline table', 't = {a = """x\ny"""}', /multi-line string inside an inline table.*dropped/],
    ['a string starting with two escaped quotes', 'a = "\\"\\"x"', /starting with two escaped double quotes.*misreads it as an empty string/],
    ['a string starting with two \\u0022 escapes', 'a = "\\u0022\\U00000022 y"', /starting with two escaped double quotes/],
    ['a string of one escaped quote in an inline table', 't = {b = "\\""}', /only of escaped double quotes/],
    ['a quoted key with a comma in an inline table', 't = {"a,b" = 1}', /quoted key holding "," or "=" in an inline table .*ignore the whole file/],
    ['a quoted key with "=" in an inline table', "t = {b = 1, 'a=b' = 2}", /quoted key holding "," or "="/],
    ['a multi-line string with a comma and a line break in an array', 'a = ["w", """x,\ny"""]', /multi-line string inside an array/],
    ['a multi-line string over lines as a dotted key\'s value', 'a.b = """x\ny"""', /over several lines as the value of a dotted or quoted key/],
    ['a multi-line literal string in an array', "a = ['''x,\ny''', 'z']", /multi-line string inside an array/],
  ])('refuses %s', (_, text, message) => {
    expect(checkTomlCompat(text).map((problem) => problem.message)).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    'a = [[1, 2], ["x"]]', 'a = [{x = 1}, {x = 2}]', 'a = [1, 2,]', 'a = [\n  "x", # it\'s ]\n  "y",\n]', 'a.b = 1', 't = {a = "{b = 1}", c = "d=e"}',
    'a = 1979-05-27T07:32:00Z', 'a = 1979-05-27t07:32:00.5z', 'a = 07:32:00', 'a = """x "" y"""', "a = '''it's'''", '[ a . b ]\nc = 1', 'a = "\\u00e9\\t"',
    'a = [1e3, inf, 1.5]', 'a = [1979-05-27, 1979-05-28T00:00:00]', 'a = ["\\"b\\"", "a\\""]', 'a = [0x1F, 5]', 't = {a = [{b = 1}]}', '"a.b" = 1',
    'a = "x\\"\\"y"', 'a = "\\"a\\""', '"a,b" = 1', 't = {"a}b" = 1, c = "x,y"}', 'a.b = """xy"""', 'a = """x\ny"""', 'a = """\\"\\"x"""',
  ])('accepts %j, which it reads as smol-toml does', (text) => {
    expect(checkTomlCompat(text)).toEqual([]);
  });

  test('reports the line, and OpenHands ignoring the file, through the config error', () => {
    expect(errorOf('[kubernetes]\nnamespace = "x"\n[extended.manifests]\nsessions = ["a", 1]')).toMatch(/config\.toml:4: \(toml 0\.10\.2\): an array mixing string and integer values: .*ignore the whole file/);
  });
});

describe('a byte order mark in a config file', () => {
  test('is kept by the UTF-8 decoding and refused with line 1, as the README promises', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-bom-'));
    const file = join(dir, 'config.toml');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`[sandbox]\nruntime_container_image = "${IMAGE}"\n`)]));
    expect(() => loadConfig(file, {})).toThrow(/config\.toml:1: \(toml 0\.10\.2\): a byte order mark \(BOM\)/);
  });
});
