import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import { KubernetesConfig } from './kubernetes-config';
import { Config } from './schema';
import { ConfigError, ConfigProblem } from './errors';
import { describeIssue } from './describe-issue';
import { TomlLines } from './toml-lines';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads, parses and validates a config.toml, applying OpenHands' environment overrides.
 * @throws ConfigError listing every problem, when the file cannot be read or is invalid.
 */
export function loadConfig(file: string, env: Environment = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(file, [{ key: '(file)', message: `cannot be read: ${reason}` }]);
  }
  return parseConfig(text, file, env);
}

/**
 * Parses and validates config.toml text; `file` names it in error messages.
 * @throws ConfigError listing every problem.
 */
export function parseConfig(text: string, file: string, env: Environment = {}): Config {
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n')[0];
    throw new ConfigError(file, [{ key: '(syntax)', line: error.line, message: `invalid TOML at line ${error.line}, column ${error.column}: ${reason}` }]);
  }
  const overrides = applyEnvironment(data, env);
  const result = Config.safeParse(data);
  if (result.success) return result.data;
  const lines = new TomlLines(text);
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, data, Config)).map(({ path, ...problem }): ConfigProblem => {
    const envVar = overrides.get(problem.key);
    return envVar ? { ...problem, envVar } : { ...problem, line: lines.lineOf(path) };
  });
  throw new ConfigError(file, problems);
}

/**
 * OpenHands' `KubernetesConfig.from_toml_section`: validates the `[kubernetes]` table alone.
 * @throws Error whose message starts with `Invalid kubernetes configuration:`.
 */
export function fromTomlSection(data: unknown): { kubernetes: KubernetesConfig } {
  const result = KubernetesConfig.safeParse(data);
  if (result.success) return { kubernetes: result.data };
  throw new Error(`Invalid kubernetes configuration: ${z.prettifyError(result.error)}`);
}

/**
 * Applies `KUBERNETES_<FIELD>` and `SANDBOX_RUNTIME_CONTAINER_IMAGE` over the file's values, as
 * OpenHands does (empty values are ignored), and returns which key each variable replaced.
 */
function applyEnvironment(data: Record<string, unknown>, env: Environment): Map<string, string> {
  const overrides = new Map<string, string>();
  const set = (section: string, key: string, envVar: string, value: unknown) => {
    const table = (data[section] ??= {});
    if (typeof table !== 'object' || table === null || Array.isArray(table)) return;
    (table as Record<string, unknown>)[key] = value;
    overrides.set(`${section}.${key}`, envVar);
  };
  for (const key of Object.keys(KubernetesConfig.shape)) {
    const envVar = `KUBERNETES_${key.toUpperCase()}`;
    const value = env[envVar];
    if (!value) continue;
    set('kubernetes', key, envVar, key === 'privileged' ? ['true', '1'].includes(value.toLowerCase()) : value);
  }
  const image = env.SANDBOX_RUNTIME_CONTAINER_IMAGE;
  if (image) set('sandbox', 'runtime_container_image', 'SANDBOX_RUNTIME_CONTAINER_IMAGE', image);
  return overrides;
}
