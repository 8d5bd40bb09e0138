import { parseDictLiteral } from '../../lib/config/python-literal';

/** What Python 3's ast.literal_eval does with these (checked against CPython 3.11; the differential corpus covers more). */
describe('parseDictLiteral and Python 3\'s string prefixes', () => {
  test.each([["{u'A': U'1'}", { A: '1' }], ["{'A': R'\\n'}", { A: '\\n' }], ["{'A': u'x' 'y' r'z'}", { A: 'xyz' }]])('reads %s', (text, value) => {
    expect(parseDictLiteral(text)).toEqual({ value });
  });

  test.each(["{'A': ur'1'}", "{'A': UR'1'}", "{'A': ru'1'}", "{'A': uu'1'}", "{ub'A': '1'}", "{'A': bu'1'}", "{'A': fb'1'}", "{'A': rr'1'}"])('refuses %s with a SyntaxError, as Python 3 does', (text) => {
    expect(parseDictLiteral(text)).toEqual({ error: expect.stringMatching(/prefix \w+, which Python 3 does not accept.*SyntaxError/) });
  });
});

describe('parseDictLiteral and strings that are not Unicode text', () => {
  test.each(["{'A': '\\ud800'}", "{'A': 'x\\uDFFF'}", "{'\\U0000d800': '1'}", "{'A': '\\ud83d\\ude00'}"])('refuses the lone surrogate in %s', (text) => {
    expect(parseDictLiteral(text)).toEqual({ error: expect.stringMatching(/lone surrogate.*UTF-8/) });
  });

  test('reads a character beyond the BMP written as one escape', () => {
    expect(parseDictLiteral("{'A': '\\U0001F600'}")).toEqual({ value: { A: '\u{1F600}' } });
  });
});
