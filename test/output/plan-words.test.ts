import { count, deleteCommands, formatAmount, kubectlResource, NAMES_PER_COMMAND, runs, shellWord, summarizeIds } from '../../lib/output/_plan-words';

describe('units and plurals', () => {
  test.each([
    [0, 'cores', '0 cores'], [1, 'cores', '1 core'], [0.5, 'cores', '0.5 cores'], [2.0004, 'cores', '2 cores'], [12345, 'cores', '12,345 cores'],
    [0, 'bytes', '0'], [512, 'bytes', '512'], [2 ** 30, 'bytes', '1Gi'], [1.5 * 2 ** 20, 'bytes', '1.5Mi'], [100_000 * 2 ** 30, 'bytes', '97.66Ti'],
    [1, 'objects', '1 object'], [3, 'objects', '3 objects'],
  ] as const)('%d %s reads %j', (value, unit, text) => {
    expect(formatAmount({ value, unit })).toBe(text);
  });

  test('count pluralizes, with an irregular plural when given', () => {
    expect(count(1, 'sandbox', 'sandboxes')).toBe('1 sandbox');
    expect(count(10_000, 'sandbox', 'sandboxes')).toBe('10,000 sandboxes');
  });
});

describe('runs and summaries', () => {
  test('consecutive numbers of one shape form a run, zero-padding included, interleaved kinds apart', () => {
    expect(runs(['s-1', 's-2', 's-3', 'x', 's-5'])).toEqual([['s-1', 's-3', 3], ['s-5', 's-5', 1], ['x', 'x', 1]]);
    expect(runs(['a-01-svc', 'a-01', 'a-02-svc', 'a-02'])).toEqual([['a-01-svc', 'a-02-svc', 2], ['a-01', 'a-02', 2]]);
    expect(runs(['s-09', 's-10', 's-9'])).toEqual([['s-09', 's-10', 2], ['s-9', 's-9', 1]]);
  });

  test('a summary shows the first runs and counts the rest', () => {
    expect(summarizeIds(['a', 'b', 'c'], 2)).toBe('a, b, … and 1 more');
    expect(summarizeIds(['s-1', 's-2'], 8, (id) => `<${id}>`)).toBe('<s-1>, <s-2>');
    expect(summarizeIds(Array.from({ length: 200 }, (_, i) => `s-${i + 1}`))).toBe('s-1 … s-200');
  });
});

describe('kubectl delete commands', () => {
  test('name each kind group-qualified, namespaced objects first, the Namespace last', () => {
    expect(deleteCommands([
      { apiVersion: 'v1', kind: 'Namespace', name: 'sbx' },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', name: 'p' },
      { apiVersion: 'v1', kind: 'Pod', name: 'a', namespace: 'sbx' },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'a', namespace: 'sbx' },
      { apiVersion: 'v1', kind: 'Pod', name: 'b', namespace: 'sbx' },
    ])).toEqual([
      'kubectl delete --ignore-not-found -n sbx pod a b',
      'kubectl delete --ignore-not-found -n sbx ingress.networking.k8s.io a',
      'kubectl delete --ignore-not-found validatingadmissionpolicy.admissionregistration.k8s.io p',
      'kubectl delete --ignore-not-found namespace sbx',
    ]);
    expect(kubectlResource({ apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate' })).toBe('sandboxtemplate.extensions.agents.x-k8s.io');
  });

  test('split long name lists so no command line grows without bound', () => {
    const refs = Array.from({ length: NAMES_PER_COMMAND * 2 + 1 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', name: `p-${i}`, namespace: 'sbx' }));
    const commands = deleteCommands(refs);
    expect(commands).toHaveLength(3);
    expect(commands.flatMap((command) => command.split(' ').slice(6))).toEqual(refs.map((ref) => ref.name));
  });

  test('quote for the shell any name that is not a plain Kubernetes name', () => {
    expect(shellWord('openhands-runtime-a')).toBe('openhands-runtime-a');
    expect(shellWord("x; rm -rf ~ 'q'")).toBe("'x; rm -rf ~ '\\''q'\\'''");
    expect(shellWord('-n')).toBe("'-n'");
    expect(deleteCommands([{ apiVersion: 'v1', kind: 'Pod', name: '$(reboot)', namespace: 'a b' }])).toEqual(["kubectl delete --ignore-not-found -n 'a b' pod '$(reboot)'"]);
  });
});
