/** One command-line option, declared once: parsing, per-command checks and --help come from it. */
export interface OptionSpec {
  /** One-letter alias. */
  readonly short?: string;
  /** Whether it takes a value. */
  readonly type: 'string' | 'boolean';
  /** Whether it may be given several times. */
  readonly multiple?: boolean;
  /** The value's placeholder in usage lines. */
  readonly arg?: string;
  /** The values it accepts, when it is a choice. */
  readonly choices?: readonly string[];
  /** Help lines. */
  readonly help: readonly string[];
}

/** Every option of the CLI. */
export const OPTIONS = {
  config: { short: 'c', type: 'string', multiple: true, arg: 'FILE|DIR', help: ['config file, or folder of *.toml files; repeatable (default: config.toml)'] },
  out: { short: 'o', type: 'string', arg: 'DIR', help: ['output folder (default: $CDK8S_OUTDIR, else dist)'] },
  stdout: { type: 'boolean', help: ['synth: print the YAML instead of writing files'] },
  check: { type: 'boolean', help: ['synth: write nothing; exit 1 and list the files that differ when the', 'output folder is not what the configs produce'] },
  diff: { type: 'boolean', help: ['synth --check: also print a diff of each changed file'] },
  force: { type: 'boolean', help: ['synth: overwrite files in the output folder that synth did not write', '(or that were edited since)'] },
  format: { type: 'string', arg: 'FORMAT', choices: ['text', 'markdown', 'json'], help: ['plan: text (default), markdown (for a pull-request comment) or json;', 'preflight, smoke and verify: text (default) or json'] },
  'from-dump': { type: 'string', arg: 'FILE', help: ['preflight: read a saved dump of the cluster (JSON, see the README) instead of', 'connecting'] },
  kubeconfig: { type: 'string', arg: 'FILE', help: ['preflight, smoke: the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)'] },
  context: { type: 'string', arg: 'NAME', help: ['preflight, smoke: the kubeconfig context (default: its current context)'] },
  verbose: { short: 'v', type: 'boolean', help: ['show internal details (stack traces) of unexpected errors'] },
  help: { short: 'h', type: 'boolean', help: ['show this help'] },
} as const satisfies Record<string, OptionSpec>;

/** The name of an option. */
export type OptionName = keyof typeof OPTIONS;

/** Options every command accepts. */
export const GLOBAL_OPTIONS: readonly OptionName[] = ['verbose', 'help'];

/** Parsed option values. */
export interface OptionValues {
  readonly config?: string[];
  readonly out?: string;
  readonly stdout?: boolean;
  readonly check?: boolean;
  readonly diff?: boolean;
  readonly force?: boolean;
  readonly format?: string;
  readonly 'from-dump'?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly verbose?: boolean;
  readonly help?: boolean;
}
