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
];

/** What a JSON Schema cannot say: rules across keys. The CLI alone refuses these. */
const CLI_ONLY: Array<[name: string, toml: string]> = [
  ['a memory request above the limit', `${IMAGE}[kubernetes]\nresource_memory_request = "3Gi"\nresource_memory_limit = "2Gi"\n`],
  ['a node selector key without a value', `${IMAGE}[kubernetes]\nnode_selector_key = "pool"\n`],
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

  test.each(CLI_ONLY)('leaves %s to the CLI (a rule across keys)', (_name, toml) => {
    expect(cliAccepts(toml)).toBe(false);
    expect(validate(parse(toml))).toBe(true);
  });
});
