import { CommandSpec } from './command';
import { EXIT } from './io';

/** `plan`: what each config creates and what changes against the output folder. */
export const planCommand: CommandSpec = {
  name: 'plan',
  summary: [
    'show what each config creates (sessions, objects, resource totals, hosts, what the',
    'quota admits), what changes against the output folder, and the kubectl delete commands',
    'for what a change leaves in the cluster; writes nothing',
  ],
  options: ['config', 'out', 'format'],
  run: async ({ configs, outDir, values, io }) => {
    const { loadWithWarnings } = await import('./_load');
    const environments = loadWithWarnings(configs, io);
    const { renderEnvironment } = await import('../output/files');
    const { planEnvironments } = await import('../output/plan');
    const { formatPlan } = await import('../output/plan-format');
    const format = (values.format ?? 'text') as 'text' | 'markdown' | 'json';
    const { checkApiLimits } = await import('../output/limits');
    const rendered = environments.map((environment) => renderEnvironment(environment, { outDir }));
    checkApiLimits(rendered);
    io.stdout(formatPlan(planEnvironments(rendered, outDir), format));
    return EXIT.ok;
  },
};
