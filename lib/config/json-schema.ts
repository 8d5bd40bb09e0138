import { z } from 'zod';
import { Config } from './schema';

/**
 * The JSON Schema of config.toml, generated from the zod schema (descriptions included), for
 * editors with a TOML language server (`#:schema ./config.schema.json`).
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(Config, { io: 'input', unrepresentable: 'any', target: 'draft-07' }) as Record<string, unknown>;
  foldDefaultNotes(schema);
  // OpenHands sections other than those read here are OpenHands' own: leave them open.
  // [sandbox] is read as {} when absent so that its image is reported by key; an editor should ask for it.
  const properties = schema.properties as Record<string, { required?: string[] }>;
  properties.sandbox.required = ['runtime_container_image'];
  schema.required = [...((schema.required as string[] | undefined) ?? []), 'sandbox'];
  const ordered = { $schema: schema.$schema, title: 'OpenHands config.toml (openhands-k8s)', ...schema, additionalProperties: true };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Editors show only the description: an `x-default` note ("on when hardened") joins it there. */
function foldDefaultNotes(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record['x-default'] === 'string') {
    record.description = `${record.description ?? ''} Default: ${record['x-default']}.`.trim();
    delete record['x-default'];
  }
  for (const value of Object.values(record)) foldDefaultNotes(value);
}
