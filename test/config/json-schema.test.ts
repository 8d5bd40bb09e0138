import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { configJsonSchema } from '../../lib/config/json-schema';
import { parseConfig } from '../../lib/config/load';

const IMAGE = '[sandbox]\nruntime_container_image = "ghcr.io/a/runtime:1"\n';

/** Configs, and whether they are valid. Both the JSON Schema (in an editor) and the CLI must agree. */
const TABLE: Array<[name: string, toml: string, valid: boolean]> = [
  ['the minimal config', IMAGE, true],
  ['every example-like value', `${IMAGE}[kubernetes]\nnamespace = "sbx"\npvc_storage_size = "10Gi"\nresource_cpu_request = "500m"\nnode_selector_key = "pool"\nnode_selector_val = "gpu"\n[extended.manifests]\nsessions = ["a", "b"]\npod_labels = { "team.example.com/name" = "ai" }\n`, true],
  ['a missing [sandbox]', '[kubernetes]\nnamespace = "sbx"\n', false],
  ['a [sandbox] without the image', '[sandbox]\nruntime_startup_env_vars = {}\n', false],
  ['an upper-case namespace', `${IMAGE}[kubernetes]\nnamespace = "Sbx"\n`, false],
  ['a namespace of 64 characters', `${IMAGE}[kubernetes]\nnamespace = "${'a'.repeat(64)}"\n`, false],
  ['a quantity with a space', `${IMAGE}[kubernetes]\npvc_storage_size = "10 GB"\n`, false],
  ['a quantity with 4 decimals', `${IMAGE}[kubernetes]\nresource_cpu_request = "0.0001"\n`, false],
  ['an integer where a string is meant', `${IMAGE}[kubernetes]\nresource_cpu_request = 2\n`, false],
  ['a repeated session', `${IMAGE}[extended.manifests]\nsessions = ["a", "a"]\n`, false],
  ['an upper-case session', `${IMAGE}[extended.manifests]\nsessions = ["A"]\n`, false],
  ['a bad label key', `${IMAGE}[extended.manifests]\npod_labels = { "-x" = "y" }\n`, false],
  ['a bad label value', `${IMAGE}[extended.manifests]\npod_labels = { x = "a b" }\n`, false],
  ['a bad env var name', `${IMAGE}[sandbox.runtime_startup_env_vars]\n"1X" = "y"\n`, false],
  ['an upper-case image repository', '[sandbox]\nruntime_container_image = "ghcr.io/A/b:1"\n', false],
  ['a relative mount path', `${IMAGE}[core]\nworkspace_mount_path_in_sandbox = "ws"\n`, false],
  ['a mount path with ..', `${IMAGE}[core]\nworkspace_mount_path_in_sandbox = "/a/../etc"\n`, false],
  ['a mount path with a dotted name', `${IMAGE}[core]\nworkspace_mount_path_in_sandbox = "/a/..b"\n`, true],
  ['a mount path of /', `${IMAGE}[core]\nworkspace_mount_path_in_sandbox = "/"\n`, false],
  ['an unknown [kubernetes] key', `${IMAGE}[kubernetes]\nnamspace = "x"\n`, false],
  ['a user_id beyond int32', `${IMAGE}[extended.manifests]\nuser_id = 2147483648\n`, false],
  ['other OpenHands sections', `${IMAGE}[llm]\nmodel = "x"\n`, true],
  ['every OpenHands section', `${IMAGE}[agent]\nx = 1\n[security]\nx = 1\n[condenser]\ntype = "noop"\n[mcp]\nx = 1\n[model_routing]\nx = 1\n[core]\nmax_iterations = 5\n`, true],
  ['an unknown section OpenHands ignores (a warning)', `${IMAGE}[lm]\nmodel = "x"\n`, true],
  ['another tool\'s table under [extended]', `${IMAGE}[extended.mytool]\nname = "x"\n`, true],
  ['OpenHands\' own [sandbox] keys', `${IMAGE}timeout = 120\nenable_gpu = true\nadditional_networks = ["x"]\n`, true],
  ['an unknown [sandbox] key', `${IMAGE}timeot = 120\n`, false],
  ['a [sandbox] key of a later release', `${IMAGE}additional_networks = ["x"]\n[extended.manifests]\nopenhands_version = "0.54"\n`, false],
  ['a [sandbox] key of that release', `${IMAGE}additional_networks = ["x"]\n[extended.manifests]\nopenhands_version = "0.55.1"\n`, true],
  ['a [sandbox] key of a later patch-less release', `${IMAGE}cuda_visible_devices = "0"\n[extended.manifests]\nopenhands_version = "0.45.0"\n`, false],
  ['a [core] key of a later release', `${IMAGE}[core]\nenable_browser = false\n[extended.manifests]\nopenhands_version = "0.48"\n`, false],
  ['a [kubernetes] key in [sandbox]', `${IMAGE}namespace = "x"\n`, false],
  ['an [extended.manifests] key in [kubernetes]', `${IMAGE}[kubernetes]\ningress_class = "nginx"\n`, false],
  ['a governance key in [extended.manifests]', `${IMAGE}[extended.manifests]\nmax_sessions = 3\n`, false],
  ['a [kubernetes] key in [core]', `${IMAGE}[core]\nnamespace = "x"\n`, false],
  ['a key of ours at the top level', `name = "x"\n${IMAGE}`, false],
  ['a table of ours at the top level', `${IMAGE}[governance]\nmax_sessions = 3\n`, false],
  ['a misspelt section holding keys of ours', `${IMAGE}[kubernets]\nnamespace = "x"\n`, false],
  ['a misspelt [extended.manifests] holding keys of ours', `${IMAGE}[extended.manifest]\nname = "x"\nsessions = []\n`, false],
  ['memory in millibytes', `${IMAGE}[kubernetes]\nresource_memory_limit = "512m"\n`, false],
  ['memory in mebibytes', `${IMAGE}[kubernetes]\nresource_memory_request = "512Mi"\n`, true],
  ['storage in nanobytes', `${IMAGE}[kubernetes]\npvc_storage_size = "10n"\n`, false],
  ['an ephemeral-storage limit in millibytes', `${IMAGE}[extended.manifests.governance]\nephemeral_storage_limit = "10m"\n`, false],
  ['zero CPU', `${IMAGE}[kubernetes]\nresource_cpu_request = "0.000"\n`, false],
  ['a negative memory request', `${IMAGE}[kubernetes]\nresource_memory_request = "-1Gi"\n`, false],
  ['an exponent beyond 1000', `${IMAGE}[kubernetes]\npvc_storage_size = "1e1001"\n`, false],
  ['millicores', `${IMAGE}[kubernetes]\nresource_cpu_request = ".5"\n`, true],
  ['20 CORS origins', `${IMAGE}[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.agent_sandbox]\npermitted_cors_origins = [${Array.from({ length: 20 }, (_, i) => `"https://o${i}.example.com"`).join(', ')}]\n`, true],
  ['a CORS origin listed twice', `${IMAGE}[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.agent_sandbox]\npermitted_cors_origins = ["https://b.example.com", "https://b.example.com"]\n`, false],
  ['21 CORS origins', `${IMAGE}[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.agent_sandbox]\npermitted_cors_origins = [${Array.from({ length: 21 }, (_, i) => `"https://o${i}.example.com"`).join(', ')}]\n`, false],
];

/** What a JSON Schema cannot say: rules across keys, and spelling. The CLI alone refuses these. */
const CLI_ONLY: Array<[name: string, toml: string]> = [
  ['a memory request above the limit', `${IMAGE}[kubernetes]\nresource_memory_request = "3Gi"\nresource_memory_limit = "2Gi"\n`],
  ['a node selector key without a value', `${IMAGE}[kubernetes]\nnode_selector_key = "pool"\n`],
  ['a CORS origin with a path', `${IMAGE}[extended.manifests]\ntarget = "agent-sandbox"\n[extended.manifests.agent_sandbox]\npermitted_cors_origins = ["https://a.example.com/app"]\n`],
  // A JSON Schema cannot measure edit distance: a misspelling alone is the CLI's to catch.
  ['a misspelt section holding no key of ours', `${IMAGE}[kubernets]\nfoo = 1\n`],
  ['a misspelt [extended.manifests] holding no key of ours', `${IMAGE}[extended.Manifests]\nfoo = 1\n`],
  ['a misspelt [core] key of ours', `${IMAGE}[core]\nworkspace_mount_path_in_sanbox = "/w"\n`],
];

function cliAccepts(toml: string): boolean {
  try {
    parseConfig(toml, 'config.toml');
    return true;
  } catch {
    return false;
  }
}

describe('config.schema.json', () => {
  const schema = JSON.parse(configJsonSchema());
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

  test('is what the schema command writes', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'config.schema.json'), 'utf8')).toBe(configJsonSchema());
  });

  test('uses only patterns an editor\'s regex engine can run: no lookaround, no backreferences', () => {
    const patterns = [...configJsonSchema().matchAll(/"pattern": ("(?:[^"\\]|\\.)*")/g)].map((match) => JSON.parse(match[1]) as string);
    expect(patterns.length).toBeGreaterThan(10);
    for (const pattern of patterns) expect(pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
  });

  test.each(TABLE)('agrees with the CLI on %s', (_name, toml, valid) => {
    expect(cliAccepts(toml)).toBe(valid);
    expect(validate(parse(toml))).toBe(valid);
  });

  test.each(CLI_ONLY)('leaves %s to the CLI', (_name, toml) => {
    expect(cliAccepts(toml)).toBe(false);
    expect(validate(parse(toml))).toBe(true);
  });
});
