import { showFile } from '../config/errors';
import { environmentSummary } from '../config/settings';
import { CommandSpec } from './command';
import { EXIT } from './io';

/** `validate`: checks every config, reports every problem, writes nothing. */
export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: ['check every config and report all problems at once; writes nothing'],
  options: ['config'],
  run: async ({ configs, io }) => {
    const { loadWithWarnings } = await import('./_load');
    for (const { file, name, settings } of loadWithWarnings(configs, io)) {
      io.stdout(`${showFile(file)}: valid (${name}: ${environmentSummary(settings)}, namespace ${settings.namespace})\n`);
    }
    return EXIT.ok;
  },
};
