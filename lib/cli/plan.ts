import { CommandSpec } from './command';
import { EXIT } from './io';
import type { LoadedEnvironment } from '../config/environments';
import type { EnvironmentPlan } from '../output/plan';

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
    const { formatPlan } = await import('../output/plan-format');
    const format = (values.format ?? 'text') as 'text' | 'markdown' | 'json';
    io.stdout(formatPlan(await checkedPlans(environments, outDir), format));
    return EXIT.ok;
  },
};

/**
 * Every environment's plan, rendered batch by batch as synth renders, the API limits checked and
 * the output folder compared as the batches come. The checker's ids are dropped before the plan
 * is printed.
 */
async function checkedPlans(environments: readonly LoadedEnvironment[], outDir: string): Promise<EnvironmentPlan[]> {
  const { planEnvironments } = await import('../output/plan');
  const { ApiLimits } = await import('../output/limits');
  const limits = new ApiLimits();
  let plans: EnvironmentPlan[];
  try {
    plans = planEnvironments(environments, outDir, (environment, objects) => limits.add(environment, objects));
  } catch (error) {
    limits.finish(); // a config's problems come first, as they would without the output folder
    throw error;
  }
  limits.finish();
  return plans;
}
