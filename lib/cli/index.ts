import { parseArgs } from 'node:util';
import { isUserError } from '../config/errors';
import { closest } from '../config/unknown-keys';
import { COMMANDS } from './commands';
import { helpText } from './help';
import { CliIo, EXIT, processIo, UsageError } from './io';
import { GLOBAL_OPTIONS, OPTIONS, OptionName, OptionValues } from './options';

export { EXIT } from './io';
export type { CliIo } from './io';

/** File-system error codes that mean the machine refused, not that the program is wrong. */
const SYSTEM_ERRORS = new Set(['ECLUSTER', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR', 'ENOENT', 'EEXIST', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'ELOOP', 'ENAMETOOLONG', 'EXDEV', 'EFTYPE', 'EFBIG']);

/** Runs the CLI with `args` (without the node and script paths) and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  let verbose = args.includes('--verbose') || args.includes('-v');
  try {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: OPTIONS });
    const options = values as OptionValues;
    verbose = options.verbose ?? false;
    const [name, ...extra] = positionals;
    if (options.help || name === 'help') {
      io.stdout(helpText(COMMANDS));
      return EXIT.ok;
    }
    if (!name) throw new UsageError('no command given');
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"${commandHint(name)}`);
    const operands = command.operand ? 1 : 0;
    if (extra.length > operands) throw new UsageError(`unexpected argument "${extra[operands]}"`);
    checkOptions(options, command.options, command.conflicts ?? []);
    if (options.out === '') throw new UsageError('--out must not be empty');
    return await command.run({
      values: options,
      io,
      configs: options.config ?? ['config.toml'],
      outDir: options.out ?? (io.env.CDK8S_OUTDIR || 'dist'),
      operand: extra[0],
    });
  } catch (error) {
    return report(error, io, verbose);
  }
}

/** Refuses options the command does not take, combinations it forbids and values outside a choice. */
function checkOptions(values: OptionValues, allowed: readonly OptionName[], conflicts: ReadonlyArray<readonly [OptionName, OptionName]>): void {
  for (const name of Object.keys(values) as OptionName[]) {
    if (!allowed.includes(name) && !GLOBAL_OPTIONS.includes(name)) throw new UsageError(`--${name} does not apply to this command`);
    const choices: readonly string[] | undefined = (OPTIONS[name] as { choices?: readonly string[] }).choices;
    const value = values[name];
    if (choices && typeof value === 'string' && !choices.includes(value)) {
      throw new UsageError(`--${name} must be ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}, not "${value}"`);
    }
  }
  for (const [a, b] of conflicts) {
    if (values[a] !== undefined && values[b] !== undefined) throw new UsageError(`--${a} and --${b} cannot be combined`);
  }
}

/** " (did you mean --out?)" for a misspelt or lengthened option (`--outdir`, `--out-dir`, `--conifg`). */
function optionHint(option: string): string {
  if (!option.startsWith('--')) return '';
  const name = option.slice(2).split('=')[0];
  const names = Object.keys(OPTIONS);
  // A third of the letters may be wrong, so that "--foo" is not taken for "--out".
  const meant = closest(name, names, Math.max(1, Math.floor(name.length / 3)))
    ?? names.filter((known) => known.length >= 3 && name.startsWith(known)).sort((a, b) => b.length - a.length)[0];
  return meant ? ` (did you mean --${meant}?)` : '';
}

/** " (did you mean synth?)" for a misspelt command. */
function commandHint(name: string): string {
  const meant = closest(name, COMMANDS.map((command) => command.name), 2);
  return meant ? ` (did you mean ${meant}?)` : '';
}

/** Prints an error the way its kind deserves and returns its exit code. */
function report(error: unknown, io: CliIo, verbose: boolean): number {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    // Node's own sentence for an unknown option explains positionals starting with "-", which no command takes.
    const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'([^']+)'/.exec((error as Error).message)?.[1];
    const message = unknown ? `unknown option "${unknown}"${optionHint(unknown)}` : (error as Error).message;
    io.stderr(`openhands-k8s: ${message}\nRun "openhands-k8s --help" for usage.\n`);
    return EXIT.usage;
  }
  if (isUserError(error)) {
    io.stderr(`${error.message}\n`);
    return EXIT.invalid;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code && SYSTEM_ERRORS.has(code)) {
    io.stderr(`openhands-k8s: ${(error as Error).message}\n`);
    return EXIT.system;
  }
  io.stderr(`openhands-k8s: internal error: ${(error as Error).message}\n${verbose ? `${(error as Error).stack}\n` : 'Run again with --verbose for details.\n'}`);
  return EXIT.internal;
}
