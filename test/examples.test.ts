import { readdirSync } from 'node:fs';
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
