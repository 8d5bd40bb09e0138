import { z } from 'zod';
import { supportedReleases } from '../openhands/config-keys';
import { formatRelease } from '../openhands/releases';
import { CoreConfig, keysRead, OPENHANDS_ONLY, SandboxConfig } from './openhands-config';
import { missingKeyProblems } from './release';
import { Config } from './schema';
import { keyHomes, minimumKeysOfOurs } from './unknown-keys';

type Node = Record<string, unknown> & { properties?: Record<string, Node> };

/**
 * The JSON Schema of config.toml, generated from the zod schema (descriptions included), for
 * editors with a TOML language server (`#:schema ./config.schema.json`). It refuses what the CLI
 * refuses where JSON Schema can say it: unknown `[sandbox]` and `[kubernetes]` keys, keys a
 * release lacks, keys of ours written in the wrong table and unknown sections holding only keys
 * of ours. Near misses by spelling (`[kubernets]` alone) are the CLI's.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(Config, { io: 'input', unrepresentable: 'any', target: 'draft-07' }) as Node;
  foldDefaultNotes(schema);
  // [sandbox] is read as {} when absent so that its image is reported by key; an editor should ask for it.
  const properties = schema.properties!;
  properties.sandbox.required = ['runtime_container_image'];
  schema.required = [...((schema.required as string[] | undefined) ?? []), 'sandbox'];
  refuseForeignEntries(schema);
  const ordered = { $schema: schema.$schema, title: 'OpenHands config.toml (openhands-k8s)', ...schema, allOf: releaseRules() };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** The open tables' rules of `foreignEntries` that depend on names, not on spelling. */
function refuseForeignEntries(schema: Node): void {
  const homes = [...keyHomes(Config)];
  const namesOutside = (table: string, oursOnly: boolean) => homes
    .filter(([, places]) => places.some((home) => home.table.join('.') !== table && (!oursOnly || (home.ours && home.table.length > 0)))).map(([name]) => name);
  const oursInTables = homes.filter(([, places]) => places.some((home) => home.ours && home.table.length > 0)).map(([name]) => name);
  const foreignTable = (table: string[]) => ({
    not: { type: 'object', minProperties: minimumKeysOfOurs(table), propertyNames: { enum: oursInTables } },
  });
  const declared = (node: Node) => Object.keys(node.properties ?? {});
  const extended = schema.properties!.extended;
  const core = schema.properties!.core;
  schema.propertyNames = { not: { enum: namesOutside('', false).filter((name) => !declared(schema).includes(name)) } };
  schema.additionalProperties = foreignTable([]);
  extended.propertyNames = { not: { enum: namesOutside('extended', true).filter((name) => !declared(extended).includes(name)) } };
  extended.additionalProperties = foreignTable(['extended']);
  core.propertyNames = { not: { enum: namesOutside('core', false).filter((name) => !declared(core).includes(name)) } };
}

/** For each release that lacks keys: with that openhands_version, those keys are refused. */
function releaseRules(): object[] {
  const byKey = new Map<string, string[]>();
  const everything = { core: Object.fromEntries(Object.keys(CoreConfig.shape).map((key) => [key, 0])), sandbox: Object.fromEntries(Object.keys(SandboxConfig.shape).map((key) => [key, 0])) };
  for (const release of supportedReleases()) {
    for (const { path } of missingKeyProblems(everything, release, keysRead(CoreConfig))) {
      const id = path.join('.');
      byKey.set(id, [...(byKey.get(id) ?? []), formatRelease(release)]);
    }
  }
  return [...byKey].map(([id, releases]) => {
    const [table, key] = id.split('.');
    const minors = releases.map((release) => release.split('.')[1]).join('|');
    return {
      if: { properties: { extended: { properties: { manifests: { properties: { openhands_version: { pattern: `^0\\.(${minors})(\\.(0|[1-9][0-9]{0,3}))?$` } }, required: ['openhands_version'] } }, required: ['manifests'] } }, required: ['extended'] },
      then: { properties: { [table]: { not: { required: [key] } } } },
    };
  });
}

/** Editors show only the description: an `x-default` note ("on when hardened") joins it there; markers for the README go. */
function foldDefaultNotes(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record['x-default'] === 'string') {
    record.description = `${record.description ?? ''} Default: ${record['x-default']}.`.trim();
    delete record['x-default'];
  }
  delete record[OPENHANDS_ONLY];
  for (const value of Object.values(record)) foldDefaultNotes(value);
}
