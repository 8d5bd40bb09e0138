import { CommandSpec } from './command';
import { EXIT_MEANINGS } from './io';
import { OPTIONS, OptionName, OptionSpec } from './options';

const PROGRAM = 'openhands-k8s';

/** `[--config FILE|DIR]...`, `[--stdout]`: one option as a usage line shows it. */
function usageOf(name: OptionName, command: CommandSpec): string {
  const option: OptionSpec = OPTIONS[name];
  const arg = command.args?.[name] ?? option.choices?.join('|') ?? option.arg;
  return `[--${name}${arg ? ` ${arg}` : ''}]${option.multiple ? '...' : ''}`;
}

/** The whole `--help` text, generated from the command and option tables. */
export function helpText(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const usage = [
    ...commands.map((command) => `  ${PROGRAM} ${command.name.padEnd(width)} ${[...command.options.map((name) => usageOf(name, command)), ...(command.operand ? [`[${command.operand}]`] : [])].join(' ')}`.trimEnd()),
    `  ${PROGRAM} --help`,
  ];
  const summaries = commands.flatMap((command) => command.summary.map((line, index) => `  ${(index === 0 ? command.name : '').padEnd(width + 2)}${line}`));
  const names = Object.keys(OPTIONS) as OptionName[];
  const heads = names.map((name) => {
    const option: OptionSpec = OPTIONS[name];
    return `${option.short ? `-${option.short}, ` : '    '}--${name}${option.arg ? ` ${option.arg}` : ''}`;
  });
  const headWidth = Math.max(...heads.map((head) => head.length)) + 2;
  const options = names.flatMap((name, i) => OPTIONS[name].help.map((line, index) => `  ${(index === 0 ? heads[i] : '').padEnd(headWidth)}${line}`));
  const exits = EXIT_MEANINGS.map(([code, meaning]) => `${code} ${meaning}`).join(', ');
  return [
    `${PROGRAM}: Kubernetes manifests for OpenHands runtime sandboxes, from OpenHands' config.toml`,
    '',
    'Usage:',
    ...usage,
    '',
    'Commands:',
    ...summaries,
    '',
    'Options:',
    ...options,
    '',
    'Environment: KUBERNETES_<FIELD> and SANDBOX_RUNTIME_CONTAINER_IMAGE override config.toml, as in',
    'OpenHands (target openhands-runtime only). NO_COLOR turns colour off.',
    '',
    ...wrap(`Exit codes: ${exits}.`, 100),
    '',
  ].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}
