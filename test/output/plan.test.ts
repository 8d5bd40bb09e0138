import { EnvironmentPlan, formatPlan } from '../../lib/output/plan';

const PLAN: EnvironmentPlan = {
  name: 'prod', file: 'prod.toml', namespace: 'sbx', sessions: ['a', 'b'],
  objects: { Pod: 2, Service: 4 },
  totals: { cpuRequests: '2 cores', memoryRequests: '2Gi', memoryLimits: '4Gi', storage: '4Gi' },
  hosts: ['a.example.com', 'b.example.com'],
  changes: { added: ['Pod/openhands-runtime-b'], removed: ['Pod/openhands-runtime-c'], changed: ['Pod/openhands-runtime-a'] },
  notes: [],
};

describe('formatPlan', () => {
  test('writes an aligned text report with every change marked', () => {
    expect(formatPlan([PLAN], 'text')).toBe([
      'prod (prod.toml), namespace sbx',
      '  sessions         a, b',
      '  Pod              2',
      '  Service          4',
      '  CPU requests     2 cores',
      '  memory requests  2Gi',
      '  memory limits    4Gi',
      '  storage          4Gi',
      '  ingress hosts    a.example.com, b.example.com',
      '  changes: 1 added, 1 removed, 1 changed',
      '    + Pod/openhands-runtime-b',
      '    - Pod/openhands-runtime-c',
      '    ~ Pod/openhands-runtime-a',
      '',
    ].join('\n'));
  });

  test('writes a markdown table for a pull-request comment', () => {
    const markdown = formatPlan([PLAN], 'markdown');
    expect(markdown).toMatch(/^### prod \(`prod\.toml`\)\n\nNamespace `sbx`, 2 session\(s\)\.\n\n\| \| \|\n\|---\|---\|\n\| sessions \| a, b \|/);
    expect(markdown).toMatch(/Changes against the output folder: 1 added, 1 removed, 1 changed\.\n- added: `Pod\/openhands-runtime-b`\n- removed: `Pod\/openhands-runtime-c`\n- changed: `Pod\/openhands-runtime-a`/);
  });

  test('writes JSON for tools, and says when there are no hosts', () => {
    expect(JSON.parse(formatPlan([PLAN], 'json'))).toEqual([PLAN]);
    expect(formatPlan([{ ...PLAN, hosts: [] }], 'text')).toMatch(/ingress hosts {4}\(none\)/);
  });
});

describe('formatPlan at 100,000 sessions', () => {
  const names = Array.from({ length: 500_000 }, (_, index) => `Pod/openhands-runtime-s${index}`);
  test.each(['text', 'markdown'] as const)('lists 500,000 changed objects and notes in %s without overflowing the stack', (format) => {
    const plan = { ...PLAN, changes: { added: names, removed: names, changed: names }, notes: names };
    const removed = { ...PLAN, removed: true as const, changes: { added: [], removed: names, changed: [] } };
    const text = formatPlan([plan, removed], format);
    expect(text).toContain('openhands-runtime-s499999');
    expect(text.split('\n').length).toBeGreaterThan(1_000_000);
  });
});
