import { showFile } from '../config/errors';
import { environmentSummary } from '../config/settings';
import { CommandSpec } from './command';
import { EXIT } from './io';

/** `validate`: checks every config, reports every problem, writes nothing. */
export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: ['check every config (rendered as synth renders it, so objects two configs would both', 'create are refused too) and report all problems at once; writes nothing'],
  options: ['config'],
  run: async ({ configs, io }) => {
    const { loadWithWarnings } = await import('./_load');
    const environments = loadWithWarnings(configs, io);
    // What synth refuses only once rendered (two configs making one object, sizes): the same checker.
    const { checkEnvironmentLimits } = await import('../output/limits');
    checkEnvironmentLimits(environments);
    for (const { file, name, settings } of environments) {
      io.stdout(`${showFile(file)}: valid (${name}: ${environmentSummary(settings)}, namespace ${settings.namespace})\n`);
    }
    return EXIT.ok;
  },
};
