import { CliIo } from './io';
import { OptionName, OptionValues } from './options';

/** What a command runs with: its parsed options and the process it talks to. */
export interface CommandContext {
  readonly values: OptionValues;
  readonly io: CliIo;
  /** Config files or folders (`--config`, default `config.toml`). */
  readonly configs: string[];
  /** Output folder (`--out`, else `$CDK8S_OUTDIR`, else `dist`). */
  readonly outDir: string;
  /** The command's operand (see {@link CommandSpec.operand}), when given. */
  readonly operand?: string;
}

/** One command of the CLI, declared once: usage, help and option checks are generated from it. */
export interface CommandSpec {
  /** The command word. */
  readonly name: string;
  /** Help lines describing what it does. */
  readonly summary: readonly string[];
  /** Options it accepts besides --verbose and --help. */
  readonly options: readonly OptionName[];
  /**
   * Placeholders that differ from the option's own in this command's usage line.
   * @default - the option's own placeholder
   */
  readonly args?: Partial<Record<OptionName, string>>;
  /**
   * Pairs of its options that cannot be given together.
   * @default - none
   */
  readonly conflicts?: ReadonlyArray<readonly [OptionName, OptionName]>;
  /**
   * The one operand it takes after its options, as its usage line shows it (`[FILE|-]`).
   * @default - none: an operand is a usage error
   */
  readonly operand?: string;
  /** Runs it and returns the exit code. */
  readonly run: (context: CommandContext) => Promise<number>;
}
