import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
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

/** Keys whose TOML value must be an integer, not a float such as `1000.0`. */
const INTEGER_KEYS: ReadonlyArray<readonly string[]> = [['extended', 'manifests', 'user_id']];

/** smol-toml reads `1000.0` as 1000; parsed again with integers as BigInt, a float stays a number. */
function floatsWhereIntegersAreMeant(text: string): Array<{ path: string[]; value: number }> {
  const exact = parse(text, { integersAsBigInt: true }) as Record<string, unknown>;
  return INTEGER_KEYS.flatMap((path) => {
    const value = path.reduce<unknown>((node, part) => (node !== null && typeof node === 'object' && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined), exact);
    return typeof value === 'number' ? [{ path: [...path], value }] : [];
  });
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
  const floats = floatsWhereIntegersAreMeant(text);
  const result = Config.safeParse(data);
  if (result.success && floats.length === 0) return result.data;
  const lines = new TomlLines(text);
  const problems = (result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, data, Config))).map(({ path, ...problem }): ConfigProblem => {
    const envVar = overrides.get(problem.key);
    return envVar ? { ...problem, envVar } : { ...problem, line: lines.lineOf(path) };
  });
  for (const { path, value } of floats) {
    const key = path.join('.');
    if (!problems.some((problem) => problem.key === key)) {
      problems.push({ key, line: lines.lineOf(path), value: Number.isFinite(value) ? value : undefined, message: `must be an integer, got a float${Number.isFinite(value) ? '' : ` ${Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf'}`} (write it without a decimal point or exponent)` });
    }
  }
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
