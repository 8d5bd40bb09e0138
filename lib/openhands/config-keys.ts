import { formatRelease, isOlder, NEWEST_RELEASE, OLDEST_RELEASE, parseRelease, Release } from './releases';

/**
 * The sections and keys OpenHands' config loader knows, release by release, as read from
 * `openhands/core/config/` (`utils.py` `known_sections`, the fields of `SandboxConfig`,
 * `KubernetesConfig` and `OpenHandsConfig`) at the tags 0.45.0 to 0.62.0; patch releases have
 * the keys of their `.0`. What OpenHands does with a key it lacks differs by table:
 * `[sandbox]` and `[kubernetes]` are pydantic models with `extra='forbid'`, so an unknown key stops
 * OpenHands at start-up; an unknown `[core]` key or top-level section is logged and ignored.
 */
export type OpenhandsTable = 'sections' | 'core' | 'sandbox' | 'kubernetes';

/** When a key exists: from `since` (inclusive) until `until` (the first release without it). */
export interface KeyLifetime {
  /** @default - the oldest supported release */
  readonly since?: string;
  /** @default - still there in the newest release */
  readonly until?: string;
}

const words = (text: string) => text.trim().split(/\s+/);

/** Every key of each table in any supported release, with the releases that changed it. */
const TABLES: Record<OpenhandsTable, { readonly keys: readonly string[]; readonly changes: Readonly<Record<string, KeyLifetime>> }> = {
  sections: {
    keys: words('core extended agent llm security sandbox condenser mcp kubernetes model_routing'),
    changes: { model_routing: { since: '0.56' } },
  },
  sandbox: {
    keys: words(`remote_runtime_api_url local_runtime_url keep_runtime_alive pause_closed_runtimes rm_all_containers api_key
      base_container_image runtime_container_image user_id timeout remote_runtime_init_timeout remote_runtime_api_timeout
      remote_runtime_enable_retries remote_runtime_class enable_auto_lint use_host_network additional_networks
      runtime_binding_address runtime_extra_build_args initialize_plugins force_rebuild_runtime runtime_extra_deps
      runtime_startup_env_vars browsergym_eval_env platform close_delay remote_runtime_resource_factor enable_gpu
      docker_runtime_kwargs selected_repo trusted_dirs vscode_port volumes cuda_visible_devices`),
    changes: { cuda_visible_devices: { since: '0.46' }, additional_networks: { since: '0.55' } },
  },
  kubernetes: {
    keys: words(`namespace ingress_domain pvc_storage_size pvc_storage_class resource_cpu_request resource_memory_request
      resource_memory_limit image_pull_secret ingress_tls_secret node_selector_key node_selector_val tolerations_yaml privileged`),
    changes: {},
  },
  // OpenHandsConfig's fields but its sub-configs (llms, agents, sandbox, security, extended,
  // kubernetes, mcp, cli), which are sections of their own.
  core: {
    keys: words(`cache_dir cli_multiline_input client_wait_timeout conversation_max_age_seconds daytona_api_key daytona_api_url
      daytona_target debug default_agent disable_color e2b_api_key enable_browser enable_default_condenser file_store
      file_store_path file_store_web_hook_batch file_store_web_hook_headers file_store_web_hook_url
      file_uploads_allowed_extensions file_uploads_max_file_size_mb file_uploads_restrict_file_types git_user_email
      git_user_name init_git_in_empty_workspace jwt_secret max_budget_per_task max_concurrent_conversations max_iterations
      mcp_host modal_api_token_id modal_api_token_secret replay_trajectory_path run_as_openhands runloop_api_key runtime
      save_screenshots_in_trajectory save_trajectory_path search_api_key workspace_base workspace_mount_path
      workspace_mount_path_in_sandbox workspace_mount_rewrite`),
    changes: {
      ...Object.fromEntries(words('daytona_api_key daytona_api_url daytona_target e2b_api_key modal_api_token_id modal_api_token_secret runloop_api_key')
        .map((key) => [key, { until: '0.47' }])),
      enable_browser: { since: '0.49' },
      init_git_in_empty_workspace: { since: '0.49' },
      file_store_web_hook_batch: { since: '0.52' },
      git_user_email: { since: '0.52' },
      git_user_name: { since: '0.52' },
      client_wait_timeout: { since: '0.60' },
    },
  },
};

/** Every key a table has in some supported release. */
export function everyOpenhandsKey(table: OpenhandsTable): readonly string[] {
  return TABLES[table].keys;
}

/** When a key of a table exists, or undefined when no supported release has it. */
export function keyLifetime(table: OpenhandsTable, key: string): KeyLifetime | undefined {
  if (!TABLES[table].keys.includes(key)) return undefined;
  return TABLES[table].changes[key] ?? {};
}

/** Whether a release has the key (releases after the newest have the newest's keys). */
export function hasKey(table: OpenhandsTable, key: string, release: Release): boolean {
  const lifetime = keyLifetime(table, key);
  if (!lifetime) return false;
  const newest = parseRelease(NEWEST_RELEASE)!;
  const effective = isOlder(newest, release) ? newest : release;
  if (lifetime.since && isOlder(effective, parseRelease(lifetime.since)!)) return false;
  return !(lifetime.until && !isOlder(effective, parseRelease(lifetime.until)!));
}

/** The keys a release has in a table. */
export function openhandsKeys(table: OpenhandsTable, release: Release): string[] {
  return TABLES[table].keys.filter((key) => hasKey(table, key, release));
}

/** Every supported release (`0.45` to the newest), oldest first. */
export function supportedReleases(): Release[] {
  const oldest = parseRelease(OLDEST_RELEASE)!;
  const newest = parseRelease(NEWEST_RELEASE)!;
  const releases: Release[] = [];
  for (let minor = oldest.minor; minor <= newest.minor; minor++) releases.push({ major: oldest.major, minor });
  return releases;
}

/** Why a release lacks a key that other releases have, as a sentence's end: "added in 0.55". */
export function lifetimeNote(table: OpenhandsTable, key: string, release: Release): string | undefined {
  const lifetime = keyLifetime(table, key);
  if (!lifetime || hasKey(table, key, release)) return undefined;
  if (lifetime.since && isOlder(release, parseRelease(lifetime.since)!)) return `added in ${lifetime.since}`;
  return lifetime.until ? `removed in ${lifetime.until}, last in ${formatRelease({ ...parseRelease(lifetime.until)!, minor: parseRelease(lifetime.until)!.minor - 1 })}` : undefined;
}
