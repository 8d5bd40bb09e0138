import { actionServerCommand } from '../../lib/openhands/action-server-command';
import { parseRelease, releaseFeatures } from '../../lib/openhands/releases';
import { deriveUserId } from '../../lib/openhands/user-id';
import { sandboxPlugins } from '../../lib/openhands/agents';

/**
 * OpenHands' own command lines (FINDINGS: command.py per release group, run with the
 * KubernetesRuntime's `override_user_id=0, override_username='root'`).
 */
const PREFIX = ['/openhands/micromamba/bin/micromamba', 'run', '-n', 'openhands', 'poetry', 'run', 'python', '-u', '-m', 'openhands.runtime.action_execution_server', '8080'];
const PLUGINS = ['--plugins', 'agent_skills', 'jupyter', 'vscode'];

const command = (version: string, extra: Partial<Parameters<typeof actionServerCommand>[0]> = {}) => actionServerCommand({
  workingDir: '/workspace', plugins: ['agent_skills', 'jupyter', 'vscode'], userId: 0, enableBrowser: false, release: releaseFeatures(parseRelease(version)!), ...extra,
});

describe('the action server command of each release', () => {
  test.each(['0.45', '0.46', '0.47', '0.48'])('%s has no --no-enable-browser (no core.enable_browser yet)', (version) => {
    expect(command(version)).toEqual([...PREFIX, '--working-dir', '/workspace', ...PLUGINS, '--username', 'root', '--user-id', '0']);
  });

  test.each(['0.49', '0.50', '0.51', '0.53', '0.54', '0.55', '0.58', '0.59', '0.62'])('%s appends --no-enable-browser last when the browser is off', (version) => {
    expect(command(version)).toEqual([...PREFIX, '--working-dir', '/workspace', ...PLUGINS, '--username', 'root', '--user-id', '0', '--no-enable-browser']);
    expect(command(version, { enableBrowser: true })).toEqual([...PREFIX, '--working-dir', '/workspace', ...PLUGINS, '--username', 'root', '--user-id', '0']);
  });

  test('0.52 passes the git user after --user-id, before browsergym and --no-enable-browser', () => {
    expect(command('0.52', { gitUser: { name: 'bot', email: 'bot@x' }, browsergymEvalEnv: 'browsergym/miniwob.x y' })).toEqual([
      ...PREFIX, '--working-dir', '/workspace', ...PLUGINS, '--username', 'root', '--user-id', '0',
      '--git-user-name', 'bot', '--git-user-email', 'bot@x', '--browsergym-eval-env', 'browsergym/miniwob.x', 'y', '--no-enable-browser',
    ]);
    expect(command('0.52.1', { enableBrowser: true })).toEqual([
      ...PREFIX, '--working-dir', '/workspace', ...PLUGINS, '--username', 'root', '--user-id', '0', '--git-user-name', 'openhands', '--git-user-email', 'openhands@all-hands.dev',
    ]);
  });

  test('splits browsergym_eval_env on every single space and passes an empty one as an empty argument', () => {
    expect(command('0.48', { browsergymEvalEnv: 'a  b' }).slice(-4)).toEqual(['--browsergym-eval-env', 'a', '', 'b']);
    expect(command('0.62', { browsergymEvalEnv: '', enableBrowser: true }).slice(-2)).toEqual(['--browsergym-eval-env', '']);
  });

  test('has no --plugins argument at all for an agent without plugins, headless', () => {
    expect(command('0.62', { plugins: sandboxPlugins('BrowsingAgent', false), enableBrowser: true })).toEqual([...PREFIX, '--working-dir', '/workspace', '--username', 'root', '--user-id', '0']);
    expect(sandboxPlugins('BrowsingAgent', true)).toEqual(['vscode']);
    expect(sandboxPlugins('ReadOnlyAgent', false)).toEqual(['agent_skills', 'jupyter']);
    expect(sandboxPlugins('DummyAgent', false)).toEqual([]);
  });
});

describe('the user id of each release', () => {
  const rule = (version: string) => releaseFeatures(parseRelease(version)!).userId;
  test('0.45-0.54: sandbox.user_id when run_as_openhands, else 0', () => {
    expect(deriveUserId({ rule: rule('0.54'), runAsOpenhands: true, sandboxUserId: 1234 })).toBe('1234');
    expect(deriveUserId({ rule: rule('0.45'), runAsOpenhands: false, sandboxUserId: 1234 })).toBe('0');
    expect(deriveUserId({ rule: rule('0.45'), runAsOpenhands: true })).toBeUndefined();
  });
  test('0.55-0.58: 1000 when run_as_openhands, else 0; sandbox.user_id and RUNTIME_UID are ignored', () => {
    expect(deriveUserId({ rule: rule('0.55'), runAsOpenhands: true, sandboxUserId: 1234, runtimeUid: '7' })).toBe('1000');
    expect(deriveUserId({ rule: rule('0.58'), runAsOpenhands: false, sandboxUserId: 1234 })).toBe('0');
  });
  test('0.59+: RUNTIME_UID verbatim over everything, else the 0.55 rule', () => {
    expect(deriveUserId({ rule: rule('0.59'), runAsOpenhands: false, runtimeUid: '4242' })).toBe('4242');
    expect(deriveUserId({ rule: rule('0.62'), runAsOpenhands: true, runtimeUid: '' })).toBe('1000');
    expect(deriveUserId({ rule: rule('0.70'), runAsOpenhands: false })).toBe('0');
  });
});
