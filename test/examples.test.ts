import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/config/environments';
import { configWarnings } from '../lib/config/warnings';
import { renderObjects } from '../lib/output/render';
import { beforeAdmissionPolicies } from './support/admission';
import { runValidatingPolicy } from './support/admission-harness';
import { crossObjectErrors, SANDBOX_ROUTER } from './support/k8s-checks';
import { schemaErrors } from './support/schema';

const EXAMPLES = join(__dirname, '..', 'examples');

describe('examples', () => {
  test.each(readdirSync(EXAMPLES).filter((file) => file.endsWith('.toml')))('%s is valid and renders schema-valid objects', (file) => {
    const [environment] = loadEnvironments([join(EXAMPLES, file)], {});
    const objects = renderObjects(environment.settings);
    expect(schemaErrors(objects)).toEqual([]);
    // The agent-sandbox example's Ingress leads to the sandbox-router, which agent-sandbox installs.
    expect(crossObjectErrors(objects, [SANDBOX_ROUTER])).toEqual([]);
  });

  test.each([...readdirSync(EXAMPLES).filter((file) => file.endsWith('.toml')).map((file) => join(EXAMPLES, file)), join(__dirname, '..', 'config.toml')])(
    '%s pairs its runtime image with its openhands_version and knows every section',
    (file) => {
      const [environment] = loadEnvironments([file], {});
      expect(configWarnings(environment.config).filter((warning) => /runtime, but extended\.manifests\.openhands_version|OpenHands section|\[core\] key/.test(warning))).toEqual([]);
    },
  );

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

describe('Argo CD examples', () => {
  test.each(readdirSync(EXAMPLES).filter((file) => file.startsWith('argocd-')))('%s is an Application syncing a synth output folder', (file) => {
    const application = load(readFileSync(join(EXAMPLES, file), 'utf8')) as any;
    expect(application).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', spec: { source: { path: expect.stringMatching(/^dist/) } } });
  });

  test('the agent-sandbox Application syncs what examples/agent-sandbox.toml renders', () => {
    const application = load(readFileSync(join(EXAMPLES, 'argocd-agent-sandbox.yaml'), 'utf8')) as any;
    const [environment] = loadEnvironments([join(EXAMPLES, 'agent-sandbox.toml')], {});
    const kinds = renderObjects(environment.settings).map((object) => object.kind);
    expect(kinds).toEqual(expect.arrayContaining(application.spec.ignoreDifferences.map((rule: { kind: string }) => rule.kind)));
  });
});
