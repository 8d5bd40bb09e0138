import { writeFileSync } from 'node:fs';
import { CommandSpec } from './command';
import { EXIT } from './io';

/** `schema`: the JSON Schema of config.toml. */
export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: ['print the JSON Schema of config.toml (or write it with --out)'],
  options: ['out'],
  args: { out: 'FILE' },
  run: async ({ values, io }) => {
    const { configJsonSchema } = await import('../config/json-schema');
    if (values.out !== undefined) writeFileSync(values.out, configJsonSchema());
    else io.stdout(configJsonSchema());
    return EXIT.ok;
  },
};
