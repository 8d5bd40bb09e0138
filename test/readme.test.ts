import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../lib/cli/commands';
import { helpText } from '../lib/cli/help';
import { readmeSections } from '../lib/cli/readme';
import { replaceBetweenMarkers } from '../lib/config/docs';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  test.each([...readmeSections()].map(([name, content]) => [name, content]))('section %s is what `npm run docs` generates', (name, content) => {
    expect(replaceBetweenMarkers(README, name, content)).toBe(README);
  });

  test('the CLI block is exactly --help', () => {
    const block = /<!-- begin cli-help -->\n```\n([\s\S]*?)```\n<!-- end cli-help -->/.exec(README)?.[1];
    expect(block).toBe(helpText(COMMANDS));
  });
});
