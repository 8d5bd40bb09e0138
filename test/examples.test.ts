import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/config/environments';
import { renderObjects } from '../lib/output/render';
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
