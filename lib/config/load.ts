import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import { KubernetesConfig } from './kubernetes-config';
import { CoreConfig, keysRead } from './openhands-config';
import { Config } from './schema';
import { ConfigError, ConfigProblem } from './errors';
import { describeIssue } from './describe-issue';
import { appEnvironment, applyEnvironment, Environment } from './env-overrides';
import { missingKeyProblems, requestedDeployment, requestedRelease } from './release';
import { checkTomlCompat } from './toml-compat';
import { floatsWhereIntegersAreMeant } from './_float-integers';
import { TomlLines } from './toml-lines';
import { resolveUserId } from './user-id';

export type { Environment } from './env-overrides';

/**
 * Reads, parses and validates a config.toml, applying OpenHands' environment overrides.
 * @throws ConfigError listing every problem, when the file cannot be read or is invalid.
 */
export function loadConfig(file: string, env: Environment = process.env): Config {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EFTYPE' || (error as NodeJS.ErrnoException).code === 'EFBIG') throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(file, [{ key: '(file)', message: `cannot be read: ${reason}` }]);
  }
  return parseConfig(decodeUtf8(bytes, file), file, env);
}

/** Config files larger than this are refused unread. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Reads a regular file, refusing a FIFO, device, socket or folder without blocking on it: the file
 * is opened non-blocking and checked with fstat before anything is read.
 * @throws an error with code EFTYPE (not a regular file) or EFBIG (too large): the machine's fault.
 */
function readRegularFile(file: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const what = stat.isFIFO() ? 'a FIFO' : stat.isDirectory() ? 'a folder' : stat.isSocket() ? 'a socket' : 'a device';
      throw Object.assign(new Error(`${file} is ${what}, not a regular file: --config must name a .toml file or a folder of them`), { code: 'EFTYPE' });
    }
    if (stat.size > MAX_CONFIG_BYTES) throw Object.assign(new Error(`${file} is ${stat.size} bytes, more than a config can be (${MAX_CONFIG_BYTES})`), { code: 'EFBIG' });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Decodes UTF-8 strictly: an invalid byte sequence is a problem at its line, never silently
 * replaced with U+FFFD.
 * @throws ConfigError naming the line.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    throw new ConfigError(file, [{ key: '(file)', line, message: `is not valid UTF-8 at line ${line}: save the file as UTF-8` }]);
  }
}

/** A float as TOML writes it: `1000` read from `1000.0` or `1e3` is shown as `1000.0`, never as an integer. */
function tomlFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Whether a raw config asks for the agent-sandbox target, leniently (a bad value is reported by the schema). */
function targetsAgentSandbox(data: Record<string, unknown>): boolean {
  return (data as { extended?: { manifests?: { target?: unknown } } }).extended?.manifests?.target === 'agent-sandbox';
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
    if (/losslessly/.test(reason)) {
      // Valid TOML (an int64), but beyond what any key here accepts or a double keeps exact.
      throw new ConfigError(file, [{ key: '(number)', line: error.line, message: `the integer at line ${error.line}, column ${error.column} is beyond ${Number.MAX_SAFE_INTEGER}, more than any key here accepts: use a smaller number` }]);
    }
    throw new ConfigError(file, [{ key: '(syntax)', line: error.line, message: `invalid TOML at line ${error.line}, column ${error.column}: ${reason}` }]);
  }
  // OpenHands reads the file with toml 0.10.2: what it rejects makes it ignore the whole file.
  const compat = checkTomlCompat(text.replace(/\r\n?/g, '\n'));
  if (compat.length > 0) throw new ConfigError(file, compat.map(({ line, message }) => ({ key: '(toml 0.10.2)', line, message })));
  const lines = new TomlLines(text);
  const release = requestedRelease(data);
  const missing = missingKeyProblems(data, release, keysRead(CoreConfig)).map(({ path, message }) => ({ key: path.join('.'), line: lines.lineOf(path), message }));
  // OpenHands' overrides (DEBUG, SANDBOX_*, KUBERNETES_*) shape the V0 runtime; the agent-sandbox
  // target's objects come from the file alone, so a shell's DEBUG=express:* cannot change or stop them.
  const app = targetsAgentSandbox(data) ? { env: {}, origins: new Map<string, string>(), problems: [] } : appEnvironment(env, requestedDeployment(data));
  const { overrides, problems: envProblems } = applyEnvironment(data, app, release);
  const problems: ConfigProblem[] = [...app.problems, ...envProblems, ...missing];
  const floats = floatsWhereIntegersAreMeant(text, Config);
  const floatProblems = (): ConfigProblem[] => floats.filter(({ path }) => !problems.some((problem) => problem.key === keyOf(path))).map(({ path, value }) => ({
    key: keyOf(path), line: lines.lineOf(path),
    message: `must be an integer, got the float ${tomlFloat(value)} (write it without a decimal point or exponent)`,
  }));
  const result = Config.safeParse(data);
  if (result.success) {
    // The V0 action server's --user-id; the agent server of target agent-sandbox has none.
    const userId = result.data.extended.manifests.target === 'agent-sandbox' ? undefined : resolveUserId(result.data, env);
    if (userId && 'problem' in userId) problems.push({ ...userId.problem, line: userId.problem.envVar ? undefined : lines.lineOf(userId.problem.key.split('.')) });
    problems.push(...floatProblems());
    if (problems.length === 0) return result.data;
    throw new ConfigError(file, problems);
  }
  const envVarOf = (key: string) => [...overrides].find(([path]) => key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}[`))?.[1];
  problems.push(...result.error.issues.flatMap((issue) => describeIssue(issue, data, Config)).map(({ path, ...problem }): ConfigProblem => {
    const envVar = envVarOf(problem.key);
    return envVar ? { ...problem, envVar } : { ...problem, line: lines.lineOf(path) };
  }));
  problems.push(...floatProblems());
  throw new ConfigError(file, problems);
}

/** A key path as problems name it: `a.b[2]`. */
function keyOf(path: ReadonlyArray<string | number>): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
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
