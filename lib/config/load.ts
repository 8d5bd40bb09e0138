import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import { KubernetesConfig } from './kubernetes-config';
import { Config } from './schema';
import { ConfigError, ConfigProblem } from './errors';
import { describeIssue } from './describe-issue';
import { appEnvironment, applyEnvironment, Environment } from './env-overrides';
import { missingKeyProblems, requestedDeployment, requestedRelease } from './release';
import { checkTomlCompat } from './toml-compat';
import { TomlLines } from './toml-lines';
import { resolveUserId } from './user-id';

export type { Environment } from './env-overrides';

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
 * Parses and validates config.toml text as OpenHands would load it with this environment;
 * `file` names it in error messages.
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
  // OpenHands reads the file with toml 0.10.2: what it rejects makes it ignore the whole file.
  const compat = checkTomlCompat(text.replace(/\r\n?/g, '\n'));
  if (compat.length > 0) throw new ConfigError(file, compat.map(({ line, message }) => ({ key: '(toml 0.10.2)', line, message })));
  const lines = new TomlLines(text);
  const release = requestedRelease(data);
  const missing = missingKeyProblems(data, release).map(({ path, message }) => ({ key: path.join('.'), line: lines.lineOf(path), message }));
  const app = appEnvironment(env, requestedDeployment(data));
  const { overrides, problems: envProblems } = applyEnvironment(data, app, release);
  const problems: ConfigProblem[] = [...app.problems, ...envProblems, ...missing];
  const result = Config.safeParse(data);
  if (result.success) {
    const userId = resolveUserId(result.data, env);
    if ('problem' in userId) problems.push({ ...userId.problem, line: userId.problem.envVar ? undefined : lines.lineOf(userId.problem.key.split('.')) });
    if (problems.length === 0) return result.data;
    throw new ConfigError(file, problems);
  }
  const envVarOf = (key: string) => [...overrides].find(([path]) => key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}[`))?.[1];
  problems.push(...result.error.issues.flatMap((issue) => describeIssue(issue, data, Config)).map(({ path, ...problem }): ConfigProblem => {
    const envVar = envVarOf(problem.key);
    return envVar ? { ...problem, envVar } : { ...problem, line: lines.lineOf(path) };
  }));
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
