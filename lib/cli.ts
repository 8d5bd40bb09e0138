import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isUserError } from './config-error';
import { configWarnings } from './config-warnings';
import { LoadedEnvironment, loadEnvironments } from './environments';
import { Environment } from './load-config';

/** Exit codes: success, invalid configuration (or stale output with --check), usage error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Where the CLI writes; tests capture it. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Environment;
  /** Whether stderr is a terminal (progress indicator, colour). */
  readonly isTty: boolean;
}

const HELP = `openhands-k8s: Kubernetes manifests for OpenHands runtime sandboxes, from OpenHands' config.toml

Usage:
  openhands-k8s synth    [--config FILE|DIR]... [--out DIR] [--stdout] [--check]
  openhands-k8s validate [--config FILE|DIR]...
  openhands-k8s plan     [--config FILE|DIR]... [--out DIR] [--format text|markdown|json]
  openhands-k8s schema   [--out FILE]
  openhands-k8s --help

Commands:
  synth     validate every config, render all objects in memory, then replace the output files
            (<name>.k8s.yaml per config and a kustomization.yaml) atomically
  validate  check every config and report all problems at once; writes nothing
  plan      show what each config creates (sessions, objects, resource totals, hosts) and what
            changes against the output folder; writes nothing
  schema    print the JSON Schema of config.toml (or write it with --out)

Options:
  -c, --config FILE|DIR  config file, or folder of *.toml files; repeatable (default: config.toml)
  -o, --out DIR          output folder (default: $CDK8S_OUTDIR, else dist)
      --stdout           synth: print the YAML instead of writing files
      --check            synth: write nothing; exit 1 and list the files that differ when the
                         output folder is not what the configs produce
      --format FORMAT    plan: text (default), markdown (for a pull-request comment) or json
  -v, --verbose          show internal details (stack traces) of unexpected errors
  -h, --help             show this help

Environment: KUBERNETES_<FIELD> and SANDBOX_RUNTIME_CONTAINER_IMAGE override config.toml, as in
OpenHands. NO_COLOR turns colour off.

Exit codes: 0 success, 1 invalid configuration (or stale output with --check), 2 usage error.
`;

class UsageError extends Error {}

/** Runs the CLI with `args` (without the node and script paths) and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  let verbose = args.includes('--verbose') || args.includes('-v');
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c', multiple: true },
        out: { type: 'string', short: 'o' },
        stdout: { type: 'boolean' },
        check: { type: 'boolean' },
        format: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    verbose = values.verbose ?? false;
    const [command, ...extra] = positionals;
    if (values.help || command === 'help') {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (!command) throw new UsageError('no command given');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const configs = values.config ?? ['config.toml'];
    const outDir = values.out ?? (io.env.CDK8S_OUTDIR || 'dist');
    switch (command) {
      case 'synth':
        if (values.stdout && values.check) throw new UsageError('--stdout and --check cannot be combined');
        if (values.format) throw new UsageError('--format belongs to plan');
        return await synth(load(configs, io), outDir, { stdout: values.stdout ?? false, check: values.check ?? false }, io);
      case 'validate':
        rejectOptions(values, ['out', 'stdout', 'check', 'format']);
        return validate(load(configs, io), io);
      case 'plan': {
        rejectOptions(values, ['stdout', 'check']);
        const format = values.format ?? 'text';
        if (format !== 'text' && format !== 'markdown' && format !== 'json') throw new UsageError(`--format must be text, markdown or json, not "${format}"`);
        return await plan(load(configs, io), outDir, format, io);
      }
      case 'schema': {
        rejectOptions(values, ['config', 'stdout', 'check', 'format']);
        const { configJsonSchema } = await import('./json-schema');
        if (values.out) writeFileSync(values.out, configJsonSchema());
        else io.stdout(configJsonSchema());
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`openhands-k8s: ${(error as Error).message}\nRun "openhands-k8s --help" for usage.\n`);
      return EXIT.usage;
    }
    if (isUserError(error)) {
      io.stderr(`${error.message}\n`);
      return EXIT.invalid;
    }
    io.stderr(`openhands-k8s: unexpected error: ${(error as Error).message}\n${verbose ? `${(error as Error).stack}\n` : 'Run again with --verbose for details.\n'}`);
    return EXIT.invalid;
  }
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: Boolean(process.stderr.isTTY),
  };
}

function rejectOptions(values: Record<string, unknown>, names: string[]): void {
  const given = names.find((name) => values[name] !== undefined);
  if (given) throw new UsageError(`--${given} does not apply to this command`);
}

function load(configs: string[], io: CliIo): LoadedEnvironment[] {
  const environments = loadEnvironments(configs, io.env);
  for (const { file, config } of environments) {
    for (const warning of configWarnings(config)) io.stderr(`${file}: warning: ${warning}\n`);
  }
  return environments;
}

function validate(environments: LoadedEnvironment[], io: CliIo): number {
  for (const { file, name, config } of environments) {
    io.stdout(`${file}: valid (${name}: ${config.extended.manifests.sessions.length} session(s), namespace ${config.kubernetes.namespace})\n`);
  }
  return EXIT.ok;
}

async function synth(environments: LoadedEnvironment[], outDir: string, options: { stdout: boolean; check: boolean }, io: CliIo): Promise<number> {
  const { renderEnvironment, outputFiles } = await import('./output-files');
  const { writeOutput, diffOutput } = await import('./write-output');
  const report = options.stdout ? io.stderr : io.stdout;
  const progress = startProgress(io, environments.length);
  const rendered = environments.map((environment, index) => {
    const started = process.hrtime.bigint();
    const result = renderEnvironment(environment);
    progress.tick(index + 1);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const files = [...result.files.keys()];
    const where = files.length === 1 ? files[0] : `${environment.name}/ (${files.length} files)`;
    return { result, line: `${environment.name}: ${result.objects.length} objects, ${environment.config.extended.manifests.sessions.length} session(s) -> ${where} (${ms.toFixed(0)} ms)\n` };
  });
  progress.stop();
  const files = outputFiles(rendered.map(({ result }) => result));
  if (options.stdout) {
    io.stdout(rendered.map(({ result }) => [...result.files.values()].join('---\n')).join('---\n'));
    return EXIT.ok;
  }
  if (options.check) {
    const diff = diffOutput(outDir, files);
    const differing = [...diff.changed.map((f) => `changed: ${f}`), ...diff.missing.map((f) => `missing: ${f}`), ...diff.stale.map((f) => `stale: ${f}`)];
    if (differing.length === 0) {
      io.stdout(`${outDir}/ is up to date (${files.size} files)\n`);
      return EXIT.ok;
    }
    io.stderr(`${outDir}/ is not what the config produces; run "openhands-k8s synth" and commit the result:\n${differing.map((line) => `  ${line}\n`).join('')}`);
    return EXIT.invalid;
  }
  for (const { line } of rendered) report(line);
  const result = writeOutput(outDir, files);
  report(`${outDir}/: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed\n`);
  return EXIT.ok;
}

async function plan(environments: LoadedEnvironment[], outDir: string, format: 'text' | 'markdown' | 'json', io: CliIo): Promise<number> {
  const { renderEnvironment } = await import('./output-files');
  const { planEnvironments, formatPlan } = await import('./plan');
  io.stdout(formatPlan(planEnvironments(environments.map(renderEnvironment), outDir), format));
  return EXIT.ok;
}

/** A spinner on a terminal for runs longer than a second; nothing when stderr is not a TTY. */
function startProgress(io: CliIo, total: number): { tick: (done: number) => void; stop: () => void } {
  if (!io.isTty) return { tick: () => undefined, stop: () => undefined };
  const color = !io.env.NO_COLOR;
  const startedAt = Date.now();
  let shown = false;
  return {
    tick: (done) => {
      if (Date.now() - startedAt < 1000) return;
      shown = true;
      const text = `synthesizing ${done}/${total} charts`;
      io.stderr(`\r${color ? `\x1b[2m${text}\x1b[0m` : text}`);
    },
    stop: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}
