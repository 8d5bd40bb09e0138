import { CommandSpec } from './command';
import { EXIT, UsageError } from './io';

/** `preflight`: before apply, checks every requirement of the output against the cluster (read-only). */
export const preflightCommand: CommandSpec = {
  name: 'preflight',
  summary: [
    'before apply: check every requirement of the output against the cluster, read-only',
    '(through the kubeconfig, or a saved dump with --from-dump): server version, APIs',
    'served, storage/runtime/ingress classes, Pod Security admission, objects under our',
    'names with another owner; one line each; exit 1 on a blocker',
  ],
  args: { format: 'text|json' },
  options: ['config', 'format', 'from-dump', 'kubeconfig', 'context'],
  conflicts: [['from-dump', 'kubeconfig'], ['from-dump', 'context']],
  run: async ({ configs, values, io }) => {
    const format = values.format ?? 'text';
    if (format === 'markdown') throw new UsageError('--format markdown applies to plan only; preflight prints text or json');
    const { loadWithWarnings } = await import('./_load');
    const environments = loadWithWarnings(configs, io);
    const { renderEnvironment } = await import('../output/files');
    const inputs = environments.map((environment) => ({ environment, objects: renderEnvironment(environment).objects }));
    const reader = values['from-dump']
      ? (await import('../check/dump')).readDump(values['from-dump'])
      : await (await import('../check/kubeconfig')).connectKubeconfig({ file: values.kubeconfig, context: values.context, env: io.env });
    const { preflight, formatRequirements, isBlocker } = await import('../check/preflight');
    const results = await preflight(inputs, reader);
    io.stdout(format === 'json' ? `${JSON.stringify({ source: reader.source, requirements: results }, null, 2)}\n` : formatRequirements(results, reader.source));
    return results.some((result) => isBlocker(result.status)) ? EXIT.invalid : EXIT.ok;
  },
};
