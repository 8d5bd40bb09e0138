import { readFileSync } from 'node:fs';
import { CommandSpec } from './command';
import { EXIT, UsageError } from './io';

/** `verify`: checks a final YAML stream (after an overlay) for coherence with what governs it. */
export const verifyCommand: CommandSpec = {
  name: 'verify',
  summary: [
    'check a final YAML stream (FILE, or - for standard input, e.g. kubectl kustomize',
    'overlays/prod | openhands-k8s verify -; default: the output folder\'s files) for',
    'coherence: policies select the sandboxes\' namespace, selectors match the labels',
    'OpenHands\' pods carry, pods and claims fit the LimitRange, quota and policy limits',
  ],
  args: { format: 'text|json' },
  options: ['out', 'format'],
  operand: 'FILE|-',
  run: async ({ operand, outDir, values, io }) => {
    const format = values.format ?? 'text';
    if (format === 'markdown') throw new UsageError('--format markdown applies to plan only; verify prints text or json');
    const { parseStream } = await import('../check/stream');
    const { verifyObjects, formatProblems } = await import('../check/verify');
    let text: string;
    let source: string;
    if (operand === '-') {
      if (!io.readStdin) throw new UsageError('no standard input to read');
      text = await io.readStdin();
      source = '(standard input)';
    } else if (operand !== undefined) {
      text = readFileSync(operand, 'utf8');
      source = operand;
    } else {
      const { outputStreamText } = await import('../check/output-stream');
      text = outputStreamText(outDir);
      source = `${outDir}/`;
    }
    const result = verifyObjects(parseStream(text, source));
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatProblems(result));
    return result.problems.some((problem) => problem.severity === 'error') ? EXIT.invalid : EXIT.ok;
  },
};
