import { configWarnings } from '../../lib/config/warnings';
import { configFrom, container, errorOf, render } from '../support/fixtures';

/**
 * For every supported release and both deployments, the `openhands` profile's command is
 * OpenHands' own (FINDINGS: command.py per release, the app image's Dockerfile and entrypoint).
 */
const PREFIX = ['/openhands/micromamba/bin/micromamba', 'run', '-n', 'openhands', 'poetry', 'run', 'python', '-u', '-m', 'openhands.runtime.action_execution_server', '8080'];
const RELEASES = Array.from({ length: 18 }, (_, index) => `0.${45 + index}`);

/** OpenHands' command for a release, with the browser off and the given user id. */
function openhandsCommand(version: string, userId: string): string[] {
  const minor = Number(version.split('.')[1]);
  return [
    ...PREFIX, '--working-dir', '/workspace', '--plugins', 'agent_skills', 'jupyter', 'vscode', '--username', 'root', '--user-id', userId,
    ...(minor === 52 ? ['--git-user-name', 'openhands', '--git-user-email', 'openhands@all-hands.dev'] : []),
    ...(minor >= 49 ? ['--no-enable-browser'] : []),
  ];
}

/** The user id OpenHands derives run from source with run_as_openhands, sandbox.user_id 1234 and RUNTIME_UID 4242. */
function sourceUserId(version: string): string {
  const minor = Number(version.split('.')[1]);
  return minor <= 54 ? '1234' : minor <= 58 ? '1000' : '4242';
}

const toml = (version: string, deployment: string) => [
  ...(Number(version.split('.')[1]) >= 49 ? ['[core]', 'enable_browser = false'] : []),
  '[sandbox]', 'runtime_container_image = "img:1"', 'user_id = 1234',
  '[extended.manifests]', `openhands_version = "${version}"`, `openhands_deployment = "${deployment}"`, 'security_profile = "openhands"',
].join('\n');
// 0.45-0.48 have no enable_browser key: the browser stays on there, so no flag either way.
const ENV = { RUNTIME_UID: '4242', ENABLE_BROWSER: 'false' };

describe('parity with OpenHands, release by release', () => {
  test.each(RELEASES)('%s from the official app image: user id 0 whatever the file says', (version) => {
    expect(container(render(toml(version, 'image'), ENV)).command).toEqual(openhandsCommand(version, Number(version.split('.')[1]) >= 59 ? '4242' : '0'));
    expect(container(render(toml(version, 'image'), { ENABLE_BROWSER: 'false' })).command).toEqual(openhandsCommand(version, '0'));
  });

  test.each(RELEASES)('%s from source: the release\'s user id rule', (version) => {
    expect(container(render(toml(version, 'source'), ENV)).command).toEqual(openhandsCommand(version, sourceUserId(version)));
  });

  test.each(RELEASES)('%s from source with RUN_AS_OPENHANDS=false: user id 0 unless RUNTIME_UID (0.59+)', (version) => {
    const expected = Number(version.split('.')[1]) >= 59 ? '4242' : '0';
    expect(container(render(toml(version, 'source'), { ...ENV, RUN_AS_OPENHANDS: 'false' })).command).toEqual(openhandsCommand(version, expected));
  });

  test('the app image with NO_SETUP=true keeps run_as_openhands: 0 up to 0.54, 1000 from 0.55', () => {
    expect(container(render(toml('0.54', 'image'), { NO_SETUP: 'true' })).command).toContain('0');
    expect(container(render(toml('0.54', 'image'), { NO_SETUP: 'true' })).command.at(-2)).toBe('0');
    expect(container(render(toml('0.55', 'image'), { NO_SETUP: 'true' })).command.at(-2)).toBe('1000');
  });

  test('the app image with a non-zero SANDBOX_USER_ID is refused: its entrypoint exits without a Docker socket', () => {
    expect(errorOf(toml('0.62', 'image'), { SANDBOX_USER_ID: '1000' })).toMatch(/SANDBOX_USER_ID \(environment variable\): sandbox\.user_id = "1000": is not 0: .*docker\.sock/);
  });

  test('0.45-0.54 from source without any user id is refused: the uid of the OpenHands process is unknown', () => {
    expect(errorOf('[extended.manifests]\nopenhands_version = "0.50"\nopenhands_deployment = "source"')).toMatch(/sandbox\.user_id: is unset, so OpenHands 0\.50 with run_as_openhands passes the uid of its own process/);
    expect(container(render('[extended.manifests]\nopenhands_version = "0.50"\nopenhands_deployment = "source"', { SANDBOX_USER_ID: '1_001' })).command.at(-1)).toBe('1001');
  });

  test('an explicit [extended.manifests] user_id wins over the derived one', () => {
    expect(container(render('[extended.manifests]\nuser_id = 1000', { RUNTIME_UID: '5' })).command.at(-1)).toBe('1000');
  });

  test('refuses a RUNTIME_UID that is not a number, which OpenHands would pass verbatim', () => {
    expect(errorOf('', { RUNTIME_UID: 'abc' })).toMatch(/RUNTIME_UID \(environment variable\): RUNTIME_UID = "abc": is passed verbatim/);
    expect(configFrom('[extended.manifests]\nopenhands_version = "0.58"', { RUNTIME_UID: 'abc' })).toBeDefined();
  });

  test('refuses a RUNTIME_UID beyond the largest user id, as sandbox.user_id is bounded', () => {
    expect(errorOf('', { RUNTIME_UID: '99999999999999999999' })).toMatch(/RUNTIME_UID = "99999999999999999999": is beyond 2147483647/);
    expect(configFrom('', { RUNTIME_UID: '2147483647' })).toBeDefined();
  });
});

describe('openhands_version', () => {
  test('defaults to the newest verified release', () => {
    expect(configFrom('').extended.manifests.openhands_version).toBe('0.62');
  });

  test('refuses keys the release does not have, naming the release', () => {
    expect(errorOf('[core]\nenable_browser = false\n[extended.manifests]\nopenhands_version = "0.48"')).toMatch(/config\.toml:2: core\.enable_browser: does not exist in OpenHands 0\.48 \(added in 0\.49\)/);
    expect(errorOf('[core]\ngit_user_name = "x"\n[extended.manifests]\nopenhands_version = "0.51"')).toMatch(/core\.git_user_name: does not exist in OpenHands 0\.51 \(added in 0\.52\)/);
  });

  test('ignores variables of fields the release does not have, as OpenHands never reads them', () => {
    expect(container(render('[extended.manifests]\nopenhands_version = "0.48"', { ENABLE_BROWSER: 'false' })).command).not.toContain('--no-enable-browser');
  });

  test('refuses malformed and too old releases', () => {
    expect(errorOf('[extended.manifests]\nopenhands_version = "v0.62"')).toMatch(/openhands_version = "v0\.62": must be an OpenHands release such as "0\.62"/);
    expect(errorOf('[extended.manifests]\nopenhands_version = 0.62')).toMatch(/openhands_version = 0\.62: must be a string/);
    expect(errorOf('[extended.manifests]\nopenhands_version = "0.44"')).toMatch(/is older than 0\.45/);
  });

  test('accepts a newer release with a warning, and builds it as the newest', () => {
    const config = configFrom('[extended.manifests]\nopenhands_version = "1.0"');
    expect(configWarnings(config).join('\n')).toMatch(/openhands_version "1\.0" is newer than 0\.62/);
    expect(configWarnings(configFrom('')).join('\n')).not.toMatch(/openhands_version/);
  });
});

describe('the [core] and [sandbox] keys that shape the pod, read from the file', () => {
  test('default_agent decides the plugins; vscode is added unless headless', () => {
    expect(container(render('[core]\ndefault_agent = "BrowsingAgent"')).command).toEqual(expect.arrayContaining(['--working-dir', '/workspace', '--plugins', 'vscode', '--username']));
    const headless = container(render('[core]\ndefault_agent = "DummyAgent"\n[extended.manifests]\nheadless = true')).command;
    expect(headless.slice(headless.indexOf('--working-dir'))).toEqual(['--working-dir', '/workspace', '--username', 'root', '--user-id', '0']);
    expect(errorOf('[core]\ndefault_agent = "CodeAct"')).toMatch(/core\.default_agent = "CodeAct": must be one of "CodeActAgent", "LocAgent"/);
  });

  test('sandbox.volumes changes the workspace only for a mount at exactly /workspace', () => {
    const at = (volumes: string) => container(render(`[core]\nworkspace_mount_path_in_sandbox = "/ws"\n[sandbox]\nruntime_container_image = "i:1"\nvolumes = "${volumes}"`)).volumeMounts[0].mountPath;
    expect(at('/data:/data,/h:/workspace:rw')).toBe('/workspace');
    expect(at('/h:/workspace/')).toBe('/ws');
    expect(at('/h:/x')).toBe('/ws');
    expect(errorOf('[sandbox]\nruntime_container_image = "i:1"\nvolumes = ""')).toMatch(/config\.toml:3: sandbox\.volumes = "": has an empty mount .*does not start/);
    expect(errorOf('[sandbox]\nruntime_container_image = "i:1"\nvolumes = "/a:/b:ro:x"')).toMatch(/the mount "\/a:\/b:ro:x"/);
  });

  test('sandbox.browsergym_eval_env adds its words after the user id', () => {
    const command = container(render('[sandbox]\nruntime_container_image = "i:1"\nbrowsergym_eval_env = "browsergym/miniwob.click"')).command;
    expect(command.slice(-4)).toEqual(['--user-id', '0', '--browsergym-eval-env', 'browsergym/miniwob.click']);
  });

  test('core.run_as_openhands and sandbox.user_id decide the id when run from source', () => {
    const source = '[extended.manifests]\nopenhands_deployment = "source"\nopenhands_version = "0.53"';
    expect(container(render(`[core]\nrun_as_openhands = false\n[sandbox]\nruntime_container_image = "i:1"\nuser_id = 5\n${source}`)).command.at(-1)).toBe('0');
    expect(container(render(`[sandbox]\nruntime_container_image = "i:1"\nuser_id = 5\n${source}`)).command.at(-1)).toBe('5');
  });

  test('0.52 passes the file\'s git user', () => {
    const command = container(render('[core]\ngit_user_name = "bot"\ngit_user_email = "bot@example.com"\n[extended.manifests]\nopenhands_version = "0.52"')).command;
    expect(command.slice(-6)).toEqual(['--user-id', '0', '--git-user-name', 'bot', '--git-user-email', 'bot@example.com']);
    expect(container(render('[core]\ngit_user_name = "bot"')).command).not.toContain('--git-user-name');
  });
});
