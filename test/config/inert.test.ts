import { inertJson, inertLine, inertText, markdownCode } from '../../lib/config/inert';

const OSC52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07'; // writes the clipboard
const CLEAR = '\x1b[2J\x1b[H'; // clears the screen

describe('inert rendering', () => {
  test('escapes terminal controls and invisible formatting, keeping lines and tabs in text', () => {
    expect(inertText(`a${OSC52}b\n\tc${CLEAR}\r\u009b31m\u202eevil\u2066\ufeff\ud800`)).toBe('a\\x1b]52;c;ZWNobyBwd25lZA==\\x07b\n\tc\\x1b[2J\\x1b[H\\r\\x9b31m\\u202eevil\\u2066\\ufeff\\ud800');
    expect(inertLine('a\nb\tc')).toBe('a\\nb\\tc');
  });

  test('leaves printable text as it is, characters beyond the BMP included', () => {
    const text = 'naïve — 日本 \u{1F600} <b>|`x`|</b>';
    expect(inertText(text)).toBe(text);
    expect(inertLine(text)).toBe(text);
  });

  test.each(['plain', 'a`b', '``x``', '`', 'x\ny', 'a|b', ''])('keeps %j in one Markdown code span', (text) => {
    const span = markdownCode(text);
    expect(span).not.toMatch(/\n/);
    const fence = /^`+/.exec(span)![0];
    expect(span.endsWith(fence)).toBe(true);
    // No run of backticks inside as long as the fence: the span cannot end early.
    expect(span.slice(fence.length, span.length - fence.length).match(/`+/g)?.every((run) => run.length < fence.length) ?? true).toBe(true);
  });

  test('escapes pipes in a table cell, where GitHub splits cells even inside a code span', () => {
    expect(markdownCode('a|b', { inTable: true })).toBe('`a\\|b`');
  });

  test('keeps JSON valid while escaping what JSON.stringify leaves raw', () => {
    const json = JSON.stringify({ name: `x\u009b\u202e${OSC52}` });
    expect(JSON.parse(inertJson(json))).toEqual({ name: `x\u009b\u202e${OSC52}` });
    expect(inertJson(json)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });
});
