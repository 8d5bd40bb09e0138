import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/config/environments';
import { renderObjects } from '../lib/output/render';
import { beforeAdmissionPolicies } from './support/admission';
import { runValidatingPolicy } from './support/admission-harness';
import { crossObjectErrors } from './support/k8s-checks';
import { schemaErrors } from './support/schema';

const EXAMPLES = join(__dirname, '..', 'examples');

describe('examples', () => {
  test.each(readdirSync(EXAMPLES).filter((file) => file.endsWith('.toml')))('%s is valid and renders schema-valid objects', (file) => {
    const [environment] = loadEnvironments([join(EXAMPLES, file)], {});
    const objects = renderObjects(environment.settings);
    expect(schemaErrors(objects)).toEqual([]);
    expect(crossObjectErrors(objects)).toEqual([]);
  });

  test.each(readdirSync(EXAMPLES).filter((file) => file.endsWith('.toml')))('%s: its validating policies admit its own pre-provisioned objects', (file) => {
    const [environment] = loadEnvironments([join(EXAMPLES, file)], {});
    const objects = renderObjects(environment.settings);
    const kinds: Record<string, string> = { Pod: 'pods', Service: 'services', Ingress: 'ingresses', PersistentVolumeClaim: 'pvcs' };
    for (const object of objects.filter((o) => kinds[o.kind])) {
      const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name.endsWith(`-${kinds[object.kind]}`)) as any;
      if (!policy) continue;
      const seen = object.kind === 'Pod' ? beforeAdmissionPolicies(object) : object;
      expect(runValidatingPolicy(policy.spec, { object: seen })).toEqual({ admitted: true });
    }
  });
});
