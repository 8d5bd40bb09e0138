import { Testing } from 'cdk8s';
import { AppServerRbac } from '../../lib/cluster/app-server-rbac';

function rbacOf(props: { serviceAccount?: { name: string; namespace: string }; listWatch?: boolean } = {}) {
  const chart = Testing.chart();
  new AppServerRbac(chart, 'rbac', { namespace: 'sbx', labels: {}, listWatch: props.listWatch ?? false, serviceAccount: props.serviceAccount });
  return Testing.synth(chart);
}

describe('AppServerRbac', () => {
  test('grants exactly the calls OpenHands makes, with no wildcard and no exec', () => {
    const [role] = rbacOf();
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: [''], resources: ['services'], verbs: ['create', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['create', 'delete'] },
    ]);
    expect(JSON.stringify(role)).not.toMatch(/"\*"|exec|portforward/);
  });

  test('adds list and watch only when asked', () => {
    expect(rbacOf({ listWatch: true })[0].rules[0].verbs).toEqual(['get', 'create', 'delete', 'list', 'watch']);
  });

  test('binds the role to the app server\'s ServiceAccount in its own namespace, and emits no binding without one', () => {
    expect(rbacOf()).toHaveLength(1);
    const [, binding] = rbacOf({ serviceAccount: { name: 'openhands', namespace: 'apps' } });
    expect(binding).toMatchObject({ kind: 'RoleBinding', metadata: { namespace: 'sbx' }, roleRef: { kind: 'Role', name: 'openhands-runtime-manager' }, subjects: [{ kind: 'ServiceAccount', name: 'openhands', namespace: 'apps' }] });
  });
});
