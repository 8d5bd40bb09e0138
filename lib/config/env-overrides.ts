import { Release, releaseFeatures } from '../openhands/releases';
import { ConfigProblem } from './errors';
import { KubernetesConfig } from './kubernetes-config';
import { parseDictLiteral } from './python-literal';
import { OpenhandsDeployment } from './release';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How OpenHands' `load_from_env` converts a variable: by the field's annotation. */
export type EnvType = 'bool' | 'int' | 'str' | 'dict';

/** One variable OpenHands' `load_from_env` reads into a field that shapes the pod. */
export interface EnvOverride {
  /** `(prefix + field).upper()`: the bare name for `[core]`, `SANDBOX_`/`KUBERNETES_` for the sections. */
  readonly envVar: string;
  /** Section and key of the field. */
  readonly path: readonly [section: 'core' | 'sandbox' | 'kubernetes', key: string];
  readonly type: EnvType;
  /** The field exists from this release on (before it, OpenHands never looks at the variable). */
  readonly since?: 'enableBrowser' | 'gitUserKeys';
}

const core = (key: string, type: EnvType, since?: EnvOverride['since']): EnvOverride => ({ envVar: key.toUpperCase(), path: ['core', key], type, since });
const section = (name: 'sandbox' | 'kubernetes', key: string, type: EnvType): EnvOverride => ({ envVar: `${name}_${key}`.toUpperCase(), path: [name, key], type });

/** Every variable OpenHands honours for a field that shapes the pod: the single table of them. */
export const ENV_OVERRIDES: readonly EnvOverride[] = [
  core('debug', 'bool'),
  core('enable_browser', 'bool', 'enableBrowser'),
  core('run_as_openhands', 'bool'),
  core('workspace_mount_path_in_sandbox', 'str'),
  core('default_agent', 'str'),
  core('git_user_name', 'str', 'gitUserKeys'),
  core('git_user_email', 'str', 'gitUserKeys'),
  section('sandbox', 'runtime_container_image', 'str'),
  section('sandbox', 'user_id', 'int'),
  section('sandbox', 'volumes', 'str'),
  section('sandbox', 'browsergym_eval_env', 'str'),
  section('sandbox', 'runtime_startup_env_vars', 'dict'),
  ...Object.keys(KubernetesConfig.shape).map((key) => section('kubernetes', key, key === 'privileged' ? 'bool' : 'str')),
];

/** The variables the official app image sets (containers/app/Dockerfile), before its entrypoint runs. */
const IMAGE_DEFAULTS: Readonly<Record<string, string>> = { RUN_AS_OPENHANDS: 'true', SANDBOX_USER_ID: '0' };

/** The app server's environment, the variables' origins when not the user's, and why it cannot start. */
export interface AppEnvironment {
  readonly env: Environment;
  readonly origins: ReadonlyMap<string, string>;
  readonly problems: ConfigProblem[];
}

/**
 * The environment OpenHands runs with: the given one for `source`; for `image`, the image's
 * variables under the given ones, then its entrypoint (`SANDBOX_USER_ID` 0 exports
 * `RUN_AS_OPENHANDS=false`; `NO_SETUP=true` skips it).
 */
export function appEnvironment(given: Environment, deployment: OpenhandsDeployment): AppEnvironment {
  if (deployment === 'source') return { env: given, origins: new Map(), problems: [] };
  const env: Record<string, string | undefined> = { ...given };
  const origins = new Map<string, string>();
  for (const [name, value] of Object.entries(IMAGE_DEFAULTS)) {
    if (env[name] === undefined) { env[name] = value; origins.set(name, `${name}=${value} of the official app image`); }
  }
  if (env.NO_SETUP === 'true') return { env, origins, problems: [] };
  const uid = env.SANDBOX_USER_ID ?? '';
  const where = { key: 'sandbox.user_id', envVar: 'SANDBOX_USER_ID', value: uid };
  if (uid.trim() === '') return { env, origins, problems: [{ ...where, message: 'is empty: the official app image\'s entrypoint exits with "SANDBOX_USER_ID is not set"' }] };
  // Not an integer: the override itself reports it (once), as OpenHands would ignore it.
  if (!/^\s*[+-]?[0-9_]+\s*$/.test(uid)) return { env, origins, problems: [] };
  if (/^\s*[+-]?0+\s*$/.test(uid)) {
    env.RUN_AS_OPENHANDS = 'false';
    origins.set('RUN_AS_OPENHANDS', 'RUN_AS_OPENHANDS=false of the official app image\'s entrypoint');
    return { env, origins, problems: [] };
  }
  return { env, origins, problems: [{ ...where, message: 'is not 0: the official app image\'s entrypoint then creates a user and reads /var/run/docker.sock, which a Kubernetes pod lacks, and exits; set NO_SETUP=true or openhands_deployment = "source"' }] };
}

/** What `load_from_env` did: which key each variable replaced, and the variables it cannot use. */
export interface AppliedEnvironment {
  readonly overrides: Map<string, string>;
  readonly problems: ConfigProblem[];
}

/**
 * Applies OpenHands' environment overrides over the file's values (`load_from_env`): empty values
 * are ignored, fields the release lacks are never read, values are converted as OpenHands does,
 * and a value OpenHands would misread or drop is a problem naming the variable.
 */
export function applyEnvironment(data: Record<string, unknown>, app: AppEnvironment, release: Release): AppliedEnvironment {
  const features = releaseFeatures(release);
  const overrides = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const { envVar, path: [name, key], type, since } of ENV_OVERRIDES) {
    const text = app.env[envVar];
    if (!text || (since && !features[since])) continue;
    const label = app.origins.get(envVar) ?? envVar;
    const converted = convert(envVar, type, text);
    if ('problem' in converted) {
      problems.push({ key: `${name}.${key}`, envVar: label, value: text, message: converted.problem });
      continue;
    }
    const table = (data[name] ??= {});
    if (typeof table !== 'object' || table === null || Array.isArray(table)) continue;
    (table as Record<string, unknown>)[key] = converted.value;
    overrides.set(`${name}.${key}`, label);
  }
  return { overrides, problems };
}

function convert(envVar: string, type: EnvType, text: string): { value: unknown } | { problem: string } {
  switch (type) {
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return { value: true };
      if (lower === 'false' || lower === '0') return { value: false };
      // OpenHands' logger reads DEBUG on its own and also takes "yes": the pod then gets DEBUG=true.
      if (envVar === 'DEBUG' && lower === 'yes') return { value: true };
      return { problem: `is not true, false, ${envVar === 'DEBUG' ? 'yes, ' : ''}1 or 0 (in any case): OpenHands would silently read it as false` };
    }
    case 'int':
      // Python's int(): surrounding whitespace, a sign and single underscores between digits.
      return /^\s*[+-]?[0-9]+(_[0-9]+)*\s*$/.test(text)
        ? { value: Number(text.trim().replace(/_/g, '')) }
        : { problem: 'is not an integer: OpenHands logs "Error setting env var" and ignores it' };
    case 'dict': {
      const result = parseDictLiteral(text);
      return 'error' in result ? { problem: result.error } : { value: result.value };
    }
    default:
      return { value: text };
  }
}
