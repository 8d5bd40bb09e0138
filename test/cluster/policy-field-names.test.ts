import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '../support/fixtures';

/**
 * The CEL harness does not type-check field names as the API server does when a policy is
 * created (`object.spec.hostNetwrk` is an error there, a silently absent field here). This test
 * does: every `object.spec.<field>` (and container `<field>`) an expression reads must be a field
 * of the Kubernetes type, taken from kubernetes-models' type declarations; so must every field an
 * allow-list names (`object.spec.all(f, f in [...])`), or it would admit a field that does not exist.
 */
const MODELS = join(__dirname, '..', '..', 'node_modules', 'kubernetes-models');
function fieldsOf(file: string): Set<string> {
  const text = readFileSync(join(MODELS, file), 'utf8');
  return new Set([...text.matchAll(/^\s*"([a-zA-Z]+)"\??:/gm)].map((match) => match[1]));
}
const SPECS: Record<string, string> = {
  pods: 'v1/PodSpec.d.ts', services: 'v1/ServiceSpec.d.ts', ingresses: 'networking.k8s.io/v1/IngressSpec.d.ts', pvcs: 'v1/PersistentVolumeClaimSpec.d.ts',
};
const CONTAINER = fieldsOf('v1/Container.d.ts');
const METADATA = new Set(['name', 'namespace', 'labels', 'annotations']);

const objects = render('[kubernetes]\nnamespace = "s"\ningress_tls_secret = "tls"\npvc_storage_class = "x"\n[extended.manifests]\ningress_class = "nginx"\nruntime_class = "gvisor"');
const expressions = (spec: any): string[] => [
  ...(spec.variables ?? []).map((v: any) => v.expression),
  ...(spec.validations ?? []).flatMap((v: any) => [v.expression, v.messageExpression].filter(Boolean)),
  ...(spec.mutations ?? []).map((m: any) => m.jsonPatch.expression),
  ...(spec.matchConditions ?? []).map((c: any) => c.expression),
];

describe('admission policy expressions read only fields that exist', () => {
  const policies = objects.filter((object) => /AdmissionPolicy$/.test(object.kind)) as any[];
  test.each(policies.map((policy) => [policy.metadata.name, policy]))('%s', (name, policy) => {
    const kind = Object.keys(SPECS).find((key) => name.endsWith(`-${key}`)) ?? (name.endsWith('-ingress') ? 'ingresses' : 'pods');
    const spec = fieldsOf(SPECS[kind]);
    const unknown: string[] = [];
    let checked = 0;
    for (const expression of expressions(policy.spec)) {
      for (const [, field] of expression.matchAll(/object\.spec\.\??([a-zA-Z]+)\b(?!\()/g)) if (!spec.has(field)) unknown.push(`spec.${field}`);
      for (const [, field] of expression.matchAll(/object\.metadata\.\??([a-zA-Z]+)/g)) if (!METADATA.has(field)) unknown.push(`metadata.${field}`);
      if (kind === 'pods') {
        for (const [, field] of expression.matchAll(/(?:containers\[0\]|\bc)\.\??([a-zA-Z]+)\b(?!\()/g)) if (!CONTAINER.has(field)) unknown.push(`container.${field}`);
      }
      for (const [, path] of expression.matchAll(/path: "\/spec\/([a-zA-Z]+)/g)) if (!spec.has(path)) unknown.push(`patch spec.${path}`);
    }
    for (const expression of expressions(policy.spec)) {
      const list = /^object\.spec\.all\(f, f in \[([^\]]*)\]\)/.exec(expression);
      for (const [, field] of list?.[1].matchAll(/"([a-zA-Z]+)"/g) ?? []) if (!spec.has(field)) unknown.push(`allowed spec.${field}`);
      const containers = /^object\.spec\.containers\.all\(c, c\.all\(f, f in \[([^\]]*)\]\)\)/.exec(expression);
      for (const [, field] of containers?.[1].matchAll(/"([a-zA-Z]+)"/g) ?? []) if (!CONTAINER.has(field)) unknown.push(`allowed container.${field}`);
    }
    for (const expression of expressions(policy.spec)) checked += [...expression.matchAll(/object\.(spec|metadata)\.\??[a-zA-Z]+/g)].length;
    expect(checked).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });

  test('the field lists come from the type declarations', () => {
    expect(fieldsOf(SPECS.pods).has('hostNetwork')).toBe(true);
    expect(fieldsOf(SPECS.pods).has('hostNetwrk')).toBe(false);
    expect(CONTAINER.has('securityContext')).toBe(true);
    expect(fieldsOf(SPECS.pvcs).has('dataSourceRef')).toBe(true);
  });
});
