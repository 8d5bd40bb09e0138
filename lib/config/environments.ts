import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { checkDns1123Label } from '../kube/names';
import { Config } from './schema';
import { ConfigError, ConfigErrors, showFile } from './errors';
import { Environment, loadConfig } from './load';
import { withLines } from './toml-lines';
import { resolveEnvironment } from './resolve';
import { EnvironmentSettings } from './settings';

/** One config file and what it becomes: a chart and an output file named after it. */
export interface LoadedEnvironment {
  /** Environment name: `[extended.manifests] name`, else the file name without extension. */
  readonly name: string;
  /** The config file it was read from. */
  readonly file: string;
  /** The validated configuration. */
  readonly config: Config;
  /** The configuration resolved into what the chart builds. */
  readonly settings: EnvironmentSettings;
}

/**
 * Expands folders among the given paths into the `.toml` files they hold, sorted by name; a file
 * given twice (`-c envs -c envs/prod.toml`) counts once, where it first appears. Paths are
 * compared lexically, so a link under another name stays a config of its own (and collides by name).
 */
function expandConfigPaths(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return expandFolders(paths).filter((file) => {
    const path = resolve(file);
    if (seen.has(path)) return false;
    seen.add(path);
    return true;
  });
}

function expandFolders(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      return [path]; // reported as unreadable by loadConfig
    }
    if (!isFolder) return [path];
    return readdirSync(path).filter((entry) => entry.endsWith('.toml')).sort().map((entry) => join(path, entry));
  });
}

/**
 * Loads every config; all problems of all files are collected before anything is thrown, and two
 * configs that would write the same output file are an error.
 * @throws ConfigError for one invalid file, ConfigErrors for several.
 */
export function loadEnvironments(paths: readonly string[], env: Environment): LoadedEnvironment[] {
  const files = expandConfigPaths(paths);
  if (files.length === 0) throw new ConfigError(paths.join(', '), [{ key: '(file)', message: 'holds no .toml config files' }]);
  const loaded: LoadedEnvironment[] = [];
  const errors: ConfigError[] = [];
  for (const file of files) {
    try {
      const config = loadConfig(file, env);
      const name = config.extended.manifests.name ?? defaultName(file);
      const problem = checkDns1123Label(name);
      if (problem) {
        throw new ConfigError(file, [{ key: 'extended.manifests.name', value: name, message: `is unset, and the name taken from the file name ${problem}, as the app.kubernetes.io/instance label needs: set [extended.manifests] name` }]);
      }
      loaded.push({ name, file, config, settings: resolveEnvironment(config, name, env) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      errors.push(error);
    }
  }
  const byName = new Map<string, string>();
  for (const { name, file } of loaded) {
    const other = byName.get(name);
    if (other) {
      errors.push(new ConfigError(file, withLines(file, [{ key: 'extended.manifests.name', value: name, message: `collides with ${showFile(other)}: both would write ${name}.k8s.yaml; give one of them another [extended.manifests] name` }])));
    }
    byName.set(name, file);
  }
  errors.push(...sharedNamespaceErrors(loaded));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ConfigErrors(errors);
  return loaded;
}

/**
 * One app server per agent-sandbox namespace: the sandbox-server counts (and pauses) every claim
 * it labels in its namespace, whoever made it, so two app servers there would pause each other's
 * sandboxes, and their quotas and policies would collide.
 */
function sharedNamespaceErrors(loaded: readonly LoadedEnvironment[]): ConfigError[] {
  const byNamespace = new Map<string, LoadedEnvironment>();
  const errors: ConfigError[] = [];
  for (const environment of loaded) {
    const namespace = environment.config.kubernetes.namespace;
    const other = byNamespace.get(namespace);
    const agentSandbox = (e: LoadedEnvironment) => e.config.extended.manifests.target === 'agent-sandbox';
    if (other && (agentSandbox(environment) || agentSandbox(other))) {
      errors.push(new ConfigError(environment.file, withLines(environment.file, [{ key: 'kubernetes.namespace', value: namespace, message: `is also the sandbox namespace of ${showFile(other.file)}: an agent-sandbox app server counts and pauses every sandbox in its namespace, so each needs a namespace of its own` }])));
    }
    if (!other) byNamespace.set(namespace, environment);
  }
  return errors;
}

function defaultName(file: string): string {
  const stem = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem || 'config';
}
