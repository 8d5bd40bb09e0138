import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../lib/cli';
import { VALID, workspace } from '../support/workspace';

const OSC52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
const CLEAR = '\x1b[2J\x1b[H';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function cli(cwd: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await run(args, { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, env: {}, isTty: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

describe('what the CLI prints from files, names and configs is inert', () => {
  test('synth --check --diff shows a committed file\'s clipboard write and clear screen escaped', async () => {
    const dir = workspace();
    expect((await cli(dir, ['synth'])).code).toBe(0);
    const file = join(dir, 'dist', 'config.k8s.yaml');
    writeFileSync(file, `# ${OSC52}${CLEAR}\r\u202e\n`, { flag: 'a' });
    const { code, stdout, stderr } = await cli(dir, ['synth', '--check', '--diff']);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stdout).toContain('-# \\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b[2J\\x1b[H\\r\\u202e\n');
  });

  test('plan --format markdown keeps a config file name with a newline, backticks and pipes inside its code span', async () => {
    const name = 'we`ird|\n## injected.toml';
    const dir = workspace({ [name]: VALID });
    const { code, stdout } = await cli(dir, ['plan', '-c', name, '--format', 'markdown']);
    expect(code).toBe(0);
    const heading = stdout.split('\n')[0];
    expect(heading).toBe('### we-ird-injected (``we`ird|\\n## injected.toml``)');
    expect(stdout).not.toMatch(/^## injected/m);
  });

  test('plan shows object names from the output folder escaped, in text and in Markdown', async () => {
    const dir = workspace({ 'config.toml': VALID });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'config.k8s.yaml'), `kind: ConfigMap\nmetadata:\n  name: "evil${OSC52}\\n- removed: x"\n`);
    const text = await cli(dir, ['plan']);
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    expect(text.stdout).toContain('    - ConfigMap/evil\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\n- removed: x\n');
    const markdown = await cli(dir, ['plan', '--format', 'markdown']);
    expect(markdown.stdout).toContain('- removed: `ConfigMap/evil\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\n- removed: x`');
    const json = await cli(dir, ['plan', '--format', 'json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout).environments[0].changes.removed).toEqual([`ConfigMap/evil${OSC52}\n- removed: x`]);
  });

  test('a config error shows an unknown key\'s escape sequences escaped', async () => {
    const dir = workspace({ 'config.toml': `${VALID}[extended.manifests]\n"${'\\u001b'}[2Jx" = 1\n` });
    const { code, stderr } = await cli(dir, ['validate']);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain('extended.manifests.\\x1b[2Jx: is not a known key');
  });
});
