import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
    if (values.out !== undefined) {
      const folder = dirname(values.out);
      if (!existsSync(folder)) throw Object.assign(new Error(`cannot write ${values.out}: the folder ${folder} does not exist`), { code: 'ENOENT' });
      writeFileSync(values.out, configJsonSchema());
    }
    else io.stdout(configJsonSchema());
    return EXIT.ok;
  },
};
