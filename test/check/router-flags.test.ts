import { flagValue, routerPrefixSource } from '../../lib/check/_router-flags';

describe('flagValue: Go\'s flag package on a container\'s command and args', () => {
  test.each([
    [['--path-routing-prefix=/a'], '/a'],
    [['-path-routing-prefix=/a'], '/a'],
    [['--path-routing-prefix', '/a'], '/a'],
    [['-path-routing-prefix', '/a'], '/a'],
    [['--path-routing-prefix='], ''],
    [['--path-routing-prefix=/a', '--path-routing-prefix=/b'], '/b'],
    [['--path-routing-prefix=/a', '--', '--path-routing-prefix=/b'], '/a'],
    [['--path-routing-prefix'], null],
    [['--path-routing-prefixes=/a', '---path-routing-prefix=/b', 'path-routing-prefix=/c'], undefined],
  ])('%j: %j', (argv, expected) => {
    expect(flagValue(argv, 'path-routing-prefix')).toBe(expected);
  });
});

describe('routerPrefixSource', () => {
  const none = async () => null;
  test('the flag, after $(VAR) expansion from literal env ($$ escapes)', async () => {
    expect(await routerPrefixSource({ command: ['/router'], args: ['--path-routing-prefix=$(P)/x'], env: [{ name: 'P', value: '/r' }] }, none)).toEqual({ kind: 'value', prefix: '/r/x', from: '--path-routing-prefix' });
    expect(await routerPrefixSource({ args: ['--path-routing-prefix=$$(P)'], env: [{ name: 'P', value: '/r' }] }, none)).toEqual({ kind: 'value', prefix: '$(P)', from: '--path-routing-prefix' });
  });

  test('a ConfigMap wins over the flag; one without the key leaves the flag; one not known is hidden', async () => {
    const map = async (name: string): Promise<Record<string, string> | undefined> => (name === 'cfg' ? { 'path-routing-prefix': '/m' } : name === 'empty' ? {} : undefined);
    expect(await routerPrefixSource({ args: ['--path-routing-prefix=/f', '--config-configmap-name', 'cfg'] }, map)).toEqual({ kind: 'value', prefix: '/m', from: 'ConfigMap cfg' });
    expect(await routerPrefixSource({ args: ['--path-routing-prefix=/f'], env: [{ name: 'SANDBOX_ROUTER_CONFIG_CONFIGMAP_NAME', value: 'empty' }] }, map)).toEqual({ kind: 'value', prefix: '/f', from: '--path-routing-prefix' });
    expect(await routerPrefixSource({ args: ['--config-configmap-name=gone'] }, map)).toEqual({ kind: 'hidden', where: 'ConfigMap gone (not known)' });
  });

  test('a config file (flag or SANDBOX_ROUTER_CONFIG) is hidden unless the flag decides; nothing is absent', async () => {
    expect(await routerPrefixSource({ env: [{ name: 'SANDBOX_ROUTER_CONFIG', value: '/etc/r.yaml' }] }, none)).toEqual({ kind: 'hidden', where: 'config file /etc/r.yaml' });
    expect(await routerPrefixSource({ args: ['--config=/etc/r.yaml', '--path-routing-prefix=/f'] }, none)).toMatchObject({ kind: 'value', prefix: '/f' });
    expect(await routerPrefixSource({ command: ['uvicorn', 'sandbox_router:app'] }, none)).toEqual({ kind: 'absent' });
  });
});
