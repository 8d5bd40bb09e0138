import { CommandSpec } from './command';
import { EXIT, UsageError } from './io';
import { inertJson, inertText } from '../config/inert';

/** `smoke`: after apply, proves with server-side dry runs that OpenHands can still create its objects. */
export const smokeCommand: CommandSpec = {
  name: 'smoke',
  summary: [
    'after apply: with server-side dry runs only (nothing persists), create OpenHands\' own',
    'objects for a fresh random session in the sandbox namespace, check they are admitted',
    'and come back hardened, and that hostile variants are refused by our policies; for',
    'agent-sandbox, the sandbox-server\'s SandboxClaim and hostile variants of it; exit 1',
    'on a failure',
  ],
  args: { format: 'text|json' },
  options: ['config', 'format', 'kubeconfig', 'context'],
  run: async ({ configs, values, io }) => {
    const format = values.format ?? 'text';
    if (format === 'markdown') throw new UsageError('--format markdown applies to plan only; smoke prints text or json');
    const { loadWithWarnings } = await import('./_load');
    const environments = loadWithWarnings(configs, io);
    const { renderEnvironment } = await import('../output/files');
    const { connectKubeconfig } = await import('../check/kubeconfig');
    const client = await connectKubeconfig({ file: values.kubeconfig, context: values.context, env: io.env });
    const { smoke } = await import('../check/smoke');
    const { formatRequirements, isBlocker } = await import('../check/preflight');
    const results = [];
    for (const environment of environments) results.push(...await smoke(environment, renderEnvironment(environment).objects, client, { env: io.env }));
    io.stdout(format === 'json' ? `${inertJson(JSON.stringify({ source: client.source, checks: results }, null, 2))}\n` : inertText(formatRequirements(results, client.source, 'OpenHands can create its objects', 'OpenHands or the governance is broken')));
    return results.some((result) => isBlocker(result.status)) ? EXIT.invalid : EXIT.ok;
  },
};
