import { ENV_OVERRIDES } from '../../lib/config/env-overrides';
import { parseDictLiteral } from '../../lib/config/python-literal';
import { configFrom, container, errorOf, render } from '../support/fixtures';

describe('OpenHands\' environment overrides (load_from_env)', () => {
  test('one table holds every variable that shapes the pod, with its field and type', () => {
    expect(ENV_OVERRIDES.map(({ envVar, type }) => `${envVar}:${type}`)).toEqual(expect.arrayContaining([
      'DEBUG:bool', 'ENABLE_BROWSER:bool', 'RUN_AS_OPENHANDS:bool', 'WORKSPACE_MOUNT_PATH_IN_SANDBOX:str', 'DEFAULT_AGENT:str',
      'SANDBOX_USER_ID:int', 'SANDBOX_VOLUMES:str', 'SANDBOX_BROWSERGYM_EVAL_ENV:str', 'SANDBOX_RUNTIME_STARTUP_ENV_VARS:dict',
      'KUBERNETES_PRIVILEGED:bool', 'KUBERNETES_TOLERATIONS_YAML:str',
    ]));
    expect(ENV_OVERRIDES).toHaveLength(12 + 13);
  });

  test('reads booleans as true for true or 1 in any case, false for false or 0', () => {
    expect(container(render('', { ENABLE_BROWSER: 'FALSE' })).command.at(-1)).toBe('--no-enable-browser');
    expect(container(render('[core]\nenable_browser = false', { ENABLE_BROWSER: '1' })).command).not.toContain('--no-enable-browser');
    expect(container(render('[core]\ndebug = true', { DEBUG: '0' })).env.map((e: { name: string }) => e.name)).not.toContain('DEBUG');
  });

  test('refuses a boolean OpenHands would silently read as false', () => {
    expect(errorOf('', { ENABLE_BROWSER: 'yes' })).toMatch(/ENABLE_BROWSER \(environment variable\): core\.enable_browser = "yes": is not true, false, 1 or 0 .*silently read it as false/);
    expect(errorOf('[extended.manifests]\nopenhands_deployment = "source"', { RUN_AS_OPENHANDS: ' true' })).toMatch(/RUN_AS_OPENHANDS \(environment variable\)/);
    // The app image's entrypoint replaces RUN_AS_OPENHANDS before OpenHands reads it.
    expect(configFrom('', { RUN_AS_OPENHANDS: 'maybe' }).core.run_as_openhands).toBe(false);
  });

  test('DEBUG=yes gives the pod DEBUG=true through OpenHands\' logger, though config.debug stays false', () => {
    expect(container(render('', { DEBUG: 'Yes' })).env).toContainEqual({ name: 'DEBUG', value: 'true' });
    expect(errorOf('', { DEBUG: 'maybe' })).toMatch(/core\.debug = "maybe": is not true, false, yes, 1 or 0 /);
  });

  test('ignores empty variables, as OpenHands does', () => {
    expect(container(render('[core]\nenable_browser = false', { ENABLE_BROWSER: '', DEBUG: '' })).command.at(-1)).toBe('--no-enable-browser');
  });

  test('reads the agent, the workspace path, browsergym and volumes', () => {
    const c = container(render('', { DEFAULT_AGENT: 'BrowsingAgent', WORKSPACE_MOUNT_PATH_IN_SANDBOX: '/ws', SANDBOX_BROWSERGYM_EVAL_ENV: 'a b' }));
    expect(c.command).toEqual(expect.arrayContaining(['--working-dir', '/ws', '--plugins', 'vscode', '--browsergym-eval-env', 'a', 'b']));
    expect(c.command).not.toContain('agent_skills');
    expect(errorOf('', { DEFAULT_AGENT: 'MyAgent' })).toMatch(/DEFAULT_AGENT \(environment variable\): core\.default_agent = "MyAgent": must be one of "CodeActAgent"/);
    const v = container(render('[core]\nworkspace_mount_path_in_sandbox = "/ws"', { SANDBOX_VOLUMES: '/h:/workspace:ro' }));
    expect(v.volumeMounts[0].mountPath).toBe('/workspace');
    expect(errorOf('', { SANDBOX_VOLUMES: '/h:/workspace,' })).toMatch(/SANDBOX_VOLUMES .*an empty mount/);
  });

  test('reads SANDBOX_USER_ID as Python\'s int() does and refuses anything else', () => {
    expect(configFrom('[extended.manifests]\nopenhands_deployment = "source"', { SANDBOX_USER_ID: ' +42 ' }).sandbox.user_id).toBe(42);
    expect(errorOf('[extended.manifests]\nopenhands_deployment = "source"', { SANDBOX_USER_ID: '1.5' })).toMatch(/SANDBOX_USER_ID \(environment variable\): sandbox\.user_id = "1\.5": is not an integer/);
    // With the app image, once: not also as an id the image's entrypoint would refuse.
    expect(errorOf('', { SANDBOX_USER_ID: '12x' })).toMatch(/^config\.toml: 1 problem:\n.*sandbox\.user_id = "12x": is not an integer/);
  });

  test('reads SANDBOX_RUNTIME_STARTUP_ENV_VARS as a Python dict literal, in order', () => {
    const c = container(render('', { SANDBOX_RUNTIME_STARTUP_ENV_VARS: ` {'Z': "1", 'A': 'x\\ty',}` }));
    expect(c.env.slice(3)).toEqual([{ name: 'Z', value: '1' }, { name: 'A', value: 'x\ty' }]);
    expect(errorOf('', { SANDBOX_RUNTIME_STARTUP_ENV_VARS: '{"A": "1"' })).toMatch(/SANDBOX_RUNTIME_STARTUP_ENV_VARS .*fails to start .*SyntaxError/);
    expect(errorOf('', { SANDBOX_RUNTIME_STARTUP_ENV_VARS: '{"port": "1"}' })).toMatch(/SANDBOX_RUNTIME_STARTUP_ENV_VARS \(environment variable\): sandbox\.runtime_startup_env_vars\.port: key is set by OpenHands/);
  });
});

describe('parseDictLiteral', () => {
  test.each([
    ['{}', {}],
    ['{"A": "1", \'B\': \'2\'}', { A: '1', B: '2' }],
    ["{'A': 'a' 'b', 'A': r'\\n'}", { A: '\\n' }],
    ["{\n  'A': '\\x41\\u00e9\\101',  # comment\n}", { A: 'AéA' }],
  ])('reads %j', (text, value) => {
    expect(parseDictLiteral(text)).toEqual({ value });
  });

  test.each([
    ['{"A": true}', /bare name true.*ignores the variable/],
    ['{"A": 1}', /the value 1, which is not a string/],
    ['{"A": None}', /the value None/],
    ['["A"]', /list or tuple/],
    ['A=1', /not a Python dict literal/],
    ['{"A"}', /is a set/],
    ['{"A": "1"} x', /text after the closing/],
    ['{"A": b"1"}', /bytes literal/],
    ['{"A": """1"""}', /triple-quoted/],
    ['{A: "1"}', /bare name A/],
  ])('refuses %j', (text, message) => {
    expect(parseDictLiteral(text)).toEqual({ error: expect.stringMatching(message) });
  });
});
