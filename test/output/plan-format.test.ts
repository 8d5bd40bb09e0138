import { formatPlan, planJson } from '../../lib/output/plan-format';
import { EnvironmentPlan } from '../../lib/output/plan';

const GI = 2 ** 30;
const PLAN: EnvironmentPlan = {
  name: 'prod', file: 'prod.toml', namespace: 'sbx', sessions: ['a', 'b'],
  objects: { Pod: 2, Service: 4 },
  totals: {
    cpuRequests: { value: 2, unit: 'cores' }, memoryRequests: { value: 2 * GI, unit: 'bytes' }, memoryLimits: { value: 4 * GI, unit: 'bytes' },
    storage: { value: 4 * GI, unit: 'bytes' }, ephemeralStorage: { value: 20 * GI, unit: 'bytes' },
  },
  hosts: ['a.example.com', 'b.example.com'],
  changes: { added: ['Pod/openhands-runtime-b'], removed: ['Pod/openhands-runtime-c'], changed: ['Pod/openhands-runtime-a'] },
  leftInCluster: [{ apiVersion: 'v1', kind: 'Pod', name: 'openhands-runtime-c', namespace: 'sbx' }],
  notes: [],
};

/** A plan at `n` sessions s-00001 ... with one CPU and 10Gi of ephemeral storage each. */
function atScale(n: number): EnvironmentPlan {
  const sessions = Array.from({ length: n }, (_, i) => `s-${String(i + 1).padStart(5, '0')}`);
  return {
    ...PLAN, sessions, objects: { Pod: n },
    totals: { ...PLAN.totals, cpuRequests: { value: n, unit: 'cores' }, ephemeralStorage: { value: n * 10 * GI, unit: 'bytes' } },
    hosts: sessions.map((sid) => `${sid}.example.com`),
    changes: { added: sessions.flatMap((sid) => [`PersistentVolumeClaim/openhands-runtime-${sid}-pvc`, `Pod/openhands-runtime-${sid}`]), removed: [], changed: [] },
    leftInCluster: [],
  };
}

describe('formatPlan', () => {
  test('writes an aligned text report with units, plurals and every change marked, and what to delete', () => {
    expect(formatPlan([PLAN], 'text')).toBe([
      'prod (prod.toml), namespace sbx',
      '  sessions           2 sessions: a, b',
      '  Pod                2',
      '  Service            4',
      '  CPU requests       2 cores',
      '  memory requests    2Gi',
      '  memory limits      4Gi',
      '  storage            4Gi',
      '  ephemeral storage  20Gi',
      '  ingress hosts      a.example.com, b.example.com',
      '  changes: 1 added, 1 removed, 1 changed',
      '    + Pod/openhands-runtime-b',
      '    - Pod/openhands-runtime-c',
      '    ~ Pod/openhands-runtime-a',
      '  left in the cluster: 1 object (kubectl apply does not delete objects; Argo CD and Flux prune them, except the per-session ones marked Prune=false); delete them with:',
      '    kubectl delete --ignore-not-found -n sbx pod openhands-runtime-c',
      '',
    ].join('\n'));
  });

  test('reads well at 1 session: singular units', () => {
    const one: EnvironmentPlan = { ...PLAN, sessions: ['default'], totals: { ...PLAN.totals, cpuRequests: { value: 1, unit: 'cores' } }, leftInCluster: [] };
    const text = formatPlan([one], 'text');
    expect(text).toMatch(/^ {2}sessions +1 session: default$/m);
    expect(text).toMatch(/^ {2}CPU requests +1 core$/m);
    expect(text).not.toMatch(/left in the cluster/);
    expect(formatPlan([{ ...one, totals: { ...one.totals, cpuRequests: { value: 0.5, unit: 'cores' } } }], 'text')).toMatch(/CPU requests +0\.5 cores$/m);
  });

  test('reads well at 0 sessions: the sessions row says so instead of being blank', () => {
    const none: EnvironmentPlan = { ...PLAN, sessions: [], objects: { Namespace: 1 }, hosts: [], totals: { ...PLAN.totals, cpuRequests: { value: 0, unit: 'cores' } } };
    const text = formatPlan([none], 'text');
    expect(text).toMatch(/^ {2}sessions +none: namespace-level objects only \(sessions = \[\]\)$/m);
    expect(text).toMatch(/^ {2}resource totals +none pre-provisioned$/m);
    expect(text).not.toMatch(/CPU requests/);
    expect(text).toMatch(/^ {2}ingress hosts +\(none\)$/m);
    expect(formatPlan([{ ...none, quota: { pods: '1' } }], 'text')).toMatch(/^ {2}resource totals +none pre-provisioned: the sandboxes OpenHands creates are bounded by the quota$/m);
    // The quota's pods less the room for one terminating (TERMINATING_HEADROOM).
    expect(formatPlan([{ ...none, quota: { pods: '2' } }], 'text')).toMatch(/^ {2}quota admits +1 sandbox at once, and 1 more while one terminates \(/m);
    expect(formatPlan([{ ...none, quota: { pods: 'many' } }], 'text')).toMatch(/^ {2}quota admits +many pods at once \(/m);
    expect(formatPlan([none], 'markdown')).toMatch(/^Namespace `sbx`, no sessions \(namespace-level objects only\)\.$/m);
  });

  test('reads well at 10,000 sessions: sessions, hosts and changes summarized as runs, totals in larger units', () => {
    const text = formatPlan([atScale(10_000)], 'text');
    expect(text).toMatch(/^ {2}sessions +10,000 sessions: s-00001 … s-10000$/m);
    expect(text).toMatch(/^ {2}ingress hosts +s-00001\.example\.com … s-10000\.example\.com$/m);
    expect(text).toMatch(/^ {2}Pod +10,000$/m);
    expect(text).toMatch(/^ {2}CPU requests +10,000 cores$/m);
    expect(text).toMatch(/^ {2}ephemeral storage +97\.66Ti$/m);
    expect(text).toMatch(/^ {4}\+ PersistentVolumeClaim \(10,000\): openhands-runtime-s-00001-pvc … openhands-runtime-s-10000-pvc$/m);
    expect(text).toMatch(/^ {4}\+ Pod \(10,000\): openhands-runtime-s-00001 … openhands-runtime-s-10000$/m);
    expect(text.split('\n').length).toBeLessThan(30);
    const markdown = formatPlan([atScale(10_000)], 'markdown');
    expect(markdown).toMatch(/^\| sessions \| 10,000 sessions: `s-00001` … `s-10000` \|$/m);
    expect(markdown.length).toBeLessThan(3000);
  });

  test('summarizes an irregular long list by its first runs and how many are left', () => {
    const sessions = [...Array.from({ length: 150 }, (_, i) => `run-${i}`), ...Array.from({ length: 50 }, (_, i) => `x${'abcdefghij'[i % 10]}${i}`)];
    const text = formatPlan([{ ...PLAN, sessions }], 'text');
    expect(text).toMatch(/^ {2}sessions +200 sessions: run-0 … run-149, xa0, xa10, xa20, xa30, … and 46 more$/m);
  });

  test('writes a markdown table for a pull-request comment, with the delete commands in a shell block', () => {
    const markdown = formatPlan([PLAN], 'markdown');
    expect(markdown).toMatch(/^### prod \(`prod\.toml`\)\n\nNamespace `sbx`, 2 sessions\.\n\n\| \| \|\n\|---\|---\|\n\| sessions \| 2 sessions: `a`, `b` \|/);
    expect(markdown).toMatch(/\| ephemeral storage \| 20Gi \|/);
    expect(markdown).toMatch(/Changes against the output folder: 1 added, 1 removed, 1 changed\.\n- added: `Pod\/openhands-runtime-b`\n- removed: `Pod\/openhands-runtime-c`\n- changed: `Pod\/openhands-runtime-a`/);
    expect(markdown).toMatch(/\*\*Left in the cluster\*\*: 1 object \([^)]*\)\. Delete them with:\n\n```sh\nkubectl delete --ignore-not-found -n sbx pod openhands-runtime-c\n```/);
  });

  test('says when the pods set no ephemeral-storage limit, and when there are no hosts', () => {
    const { ephemeralStorage: _, ...totals } = PLAN.totals;
    const text = formatPlan([{ ...PLAN, totals, hosts: [] }], 'text');
    expect(text).toMatch(/ephemeral storage +not limited/);
    expect(text).toMatch(/ingress hosts +\(none\)/);
  });
});

describe('planJson', () => {
  test('holds numbers with their units in separate fields, every list complete, and the delete commands', () => {
    const json = JSON.parse(formatPlan([{ ...PLAN, quota: { pods: '10', 'requests.cpu': '1500m', 'requests.memory': '20Gi', 'count/ingresses.networking.k8s.io': '10' } }], 'json'));
    expect(json).toEqual(planJson([{ ...PLAN, quota: { pods: '10', 'requests.cpu': '1500m', 'requests.memory': '20Gi', 'count/ingresses.networking.k8s.io': '10' } }]));
    expect(json.version).toBe(2);
    const [environment] = json.environments;
    expect(environment).toMatchObject({
      name: 'prod', file: 'prod.toml', target: 'openhands-runtime', removed: false, namespace: 'sbx',
      sessions: { count: 2, ids: ['a', 'b'] },
      totals: {
        per: 'environment', cpuRequests: { value: 2, unit: 'cores' }, memoryRequests: { value: 2147483648, unit: 'bytes' },
        memoryLimits: { value: 4294967296, unit: 'bytes' }, storage: { value: 4294967296, unit: 'bytes' }, ephemeralStorage: { value: 21474836480, unit: 'bytes' },
      },
      quota: { pods: { value: 10, unit: 'objects' }, 'requests.cpu': { value: 1.5, unit: 'cores' }, 'requests.memory': { value: 20 * GI, unit: 'bytes' }, 'count/ingresses.networking.k8s.io': { value: 10, unit: 'objects' } },
      leftInCluster: [{ apiVersion: 'v1', kind: 'Pod', name: 'openhands-runtime-c', namespace: 'sbx' }],
      deleteCommands: ['kubectl delete --ignore-not-found -n sbx pod openhands-runtime-c'],
    });
    expect(JSON.parse(formatPlan([atScale(300)], 'json')).environments[0].sessions.ids).toHaveLength(300);
  });
});

describe('formatPlan at 100,000 sessions', () => {
  const names = Array.from({ length: 500_000 }, (_, index) => `Pod/openhands-runtime-s${index}`);
  test.each(['text', 'markdown', 'json'] as const)('summarizes 500,000 changed objects and notes in %s without overflowing the stack', (format) => {
    const plan = { ...PLAN, changes: { added: names, removed: names, changed: names }, notes: names };
    const removed = { ...PLAN, removed: true as const, changes: { added: [], removed: names, changed: [] } };
    const text = formatPlan([plan, removed], format);
    expect(text).toContain('openhands-runtime-s499999');
  });
});

describe('formatPlan renders names inert', () => {
  const hostile = { ...PLAN, name: 'x\u001b]52;c;aGk=\u0007', file: 'a\nb`|c.toml', hosts: ['h|`x'], notes: ['\u001b[2J'] };
  test('text: no escape sequence and no extra line', () => {
    const text = formatPlan([hostile], 'text');
    expect(text).not.toMatch(/\u001b|\u0007/);
    expect(text).toContain('a\\nb`|c.toml');
  });
  test('markdown: file names stay in one code span, table cells keep their pipes escaped', () => {
    const text = formatPlan([hostile], 'markdown');
    expect(text).not.toMatch(/\u001b|\u0007/);
    expect(text.split('\n')[0]).toMatch(/^### .* \(`{2}a\\nb`\|c\.toml`{2}\)$/);
  });
});
