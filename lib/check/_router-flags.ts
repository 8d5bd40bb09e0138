/** Where a sandbox-router container takes its `--path-routing-prefix` from, as far as its pod spec says. */
export type RouterPrefixSource =
  /** Known: the value the router runs with (from its flags, or from its ConfigMap, which wins). */
  | { readonly kind: 'value'; readonly prefix: string; readonly from: string }
  /** Not set anywhere preflight can see. */
  | { readonly kind: 'absent' }
  /** Maybe set where preflight cannot look (a config file in the pod, a variable from a Secret). */
  | { readonly kind: 'hidden'; readonly where: string };

/** What {@link routerPrefixSource} needs of a container (a pod spec as read from the cluster). */
export interface RouterContainer {
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
}

const FLAG = 'path-routing-prefix';

/**
 * The value of a Go `flag` on an argument list: `-name=v`, `--name=v`, `-name v` or `--name v`,
 * the last one winning, nothing after a `--`. `null`: the flag has no value (the router refuses
 * to start); undefined: not given.
 */
export function flagValue(argv: readonly string[], name: string): string | null | undefined {
  let value: string | null | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i];
    if (token === '--') break;
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(token);
    if (!match || match[1] !== name) continue;
    if (match[2] !== undefined) value = match[2];
    else if (i + 1 < argv.length) value = argv[(i += 1)];
    else value = null;
  }
  return value;
}

/** Kubernetes' `$(VAR)` expansion in command and args, from the container's literal env (`$$` escapes). */
function expand(text: string, env: ReadonlyMap<string, string | undefined>, hidden: Set<string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name?: string) => {
    if (name === undefined) return '$';
    if (!env.has(name)) return match;
    const value = env.get(name);
    if (value === undefined) hidden.add(name);
    return value ?? match;
  });
}

/**
 * The path-routing prefix a sandbox-router container runs with (the Go router of agent-sandbox
 * 1.0, `sandbox-router/config`): its `--path-routing-prefix` flag, overridden by the
 * `path-routing-prefix` key of the ConfigMap named by `--config-configmap-name` (or
 * `SANDBOX_ROUTER_CONFIG_CONFIGMAP_NAME`), which `configMap` reads; a YAML file named by `--config`
 * (or `SANDBOX_ROUTER_CONFIG`) may set it where preflight cannot read. The router has no
 * environment variable for the prefix itself.
 */
export async function routerPrefixSource(container: RouterContainer, configMap: (name: string) => Promise<Readonly<Record<string, string>> | null | undefined>): Promise<RouterPrefixSource> {
  const env = new Map((container.env ?? []).map((entry) => [entry.name, entry.valueFrom === undefined ? entry.value ?? '' : undefined] as const));
  const hidden = new Set<string>();
  const argv = [...(container.command ?? []), ...(container.args ?? [])].map((arg) => expand(arg, env, hidden));
  const mapName = flagValue(argv, 'config-configmap-name') ?? env.get('SANDBOX_ROUTER_CONFIG_CONFIGMAP_NAME');
  if (mapName === undefined && env.has('SANDBOX_ROUTER_CONFIG_CONFIGMAP_NAME')) return { kind: 'hidden', where: 'the ConfigMap SANDBOX_ROUTER_CONFIG_CONFIGMAP_NAME names (set from elsewhere)' };
  if (mapName) {
    const data = await configMap(mapName);
    if (data === undefined) return { kind: 'hidden', where: `ConfigMap ${mapName} (not known)` };
    if (data !== null && typeof data[FLAG] === 'string') return { kind: 'value', prefix: data[FLAG], from: `ConfigMap ${mapName}` };
  }
  const flag = flagValue(argv, FLAG);
  if (typeof flag === 'string') {
    return /\$\([A-Za-z_]/.test(flag) && hidden.size > 0 ? { kind: 'hidden', where: `variable ${[...hidden].join(', ')}` } : { kind: 'value', prefix: flag, from: `--${FLAG}` };
  }
  const file = flagValue(argv, 'config') ?? env.get('SANDBOX_ROUTER_CONFIG');
  if (file) return { kind: 'hidden', where: `config file ${file}` };
  return { kind: 'absent' };
}
