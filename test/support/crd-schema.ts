/**
 * Validates custom resources against the openAPIV3Schema of their CRD (the pinned copies in
 * `imports/crds/`, or CRDS_DIR), with ajv, mapping the Kubernetes structural-schema dialect:
 * - `nullable` via ajv's OpenAPI support; int32/int64 as range-checked formats; formats ajv does
 *   not know (duration, quantity, ...) accepted;
 * - unknown fields: every object schema with `properties` and no additionalProperties or
 *   x-kubernetes-preserve-unknown-fields is closed, as kubectl's strict field validation would;
 * - x-kubernetes-list-type set/map: uniqueness of items / of the list-map-keys tuple;
 * - x-kubernetes-validations (CEL) are NOT evaluated; `celRules` counts them so nobody assumes so;
 * - metadata: the CRD says only `type: object`; name and namespace are checked as DNS names here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../../lib/output/render';
import { crdPath } from './vendored';

const CRDS = process.env.CRDS_DIR ?? crdPath();
/**
 * The CRD folders the emitted custom resources come from: agent-sandbox's 1.0 line (its v1beta1
 * schemas are v0.5.6's, which test/self-contained.test.ts checks) and Gateway API.
 */
export const CRD_DIRS = [join(CRDS, 'agent-sandbox-v1.0.0'), join(CRDS, 'gateway-api-v1.5.1')];

const K8S_KEYWORDS = ['x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations'];
const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Schema = Record<string, unknown>;

/** One served version of a CRD, compiled on first use (compiling the large schemas takes seconds). */
export interface CrdVersion {
  readonly file: string;
  readonly validate: () => ValidateFunction;
  /** CEL rules in the schema, which are not evaluated. */
  readonly celRules: number;
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const intRange = (min: number, max: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
  ajv.addFormat('int32', intRange(-2147483648, 2147483647));
  ajv.addFormat('int64', intRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  for (const format of ['byte', 'binary', 'double', 'float', 'duration', 'quantity']) ajv.addFormat(format, true);
  ajv.addVocabulary(K8S_KEYWORDS);
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    validate: function listType(kind: string, data: unknown[], parentSchema?: Schema): boolean {
      if (kind === 'atomic') return true;
      const keys = kind === 'map' ? (parentSchema?.['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [] : undefined;
      const seen = new Set<string>();
      for (const item of data) {
        const key = JSON.stringify(keys ? keys.map((name) => (item as Record<string, unknown>)?.[name]) : item);
        if (seen.has(key)) {
          (listType as unknown as { errors: unknown[] }).errors = [{ keyword: 'x-kubernetes-list-type', message: `duplicate ${kind} entry ${key}`, params: { kind } }];
          return false;
        }
        seen.add(key);
      }
      return true;
    },
  });
  return ajv;
}

/** Closes object schemas (unknown-field detection) and counts CEL rules; returns a deep copy. */
function prepare(schema: unknown, stats: { cel: number }, isRoot = true): unknown {
  if (Array.isArray(schema)) return schema.map((item) => prepare(item, stats, false));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema)
        .map(([name, child]) => [name, isRoot && name === 'metadata' ? child : prepare(child, stats, false)]));
    } else if (key === 'x-kubernetes-validations') {
      stats.cel += (value as unknown[]).length;
      out[key] = value;
    } else if (key === 'default' || key === 'example' || key === 'enum') {
      out[key] = value;
    } else {
      out[key] = prepare(value, stats, false);
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

let cache: Map<string, CrdVersion> | undefined;

/** Every served version of every CRD in {@link CRD_DIRS}, by `group/version/Kind`, read once. */
export function loadCrds(): Map<string, CrdVersion> {
  if (cache) return cache;
  const ajv = makeAjv();
  cache = new Map();
  for (const dir of CRD_DIRS) {
    for (const file of readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort()) {
      for (const document of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const crd = document.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          if (!version.served || !version.schema?.openAPIV3Schema) continue;
          const stats = { cel: 0 };
          const schema = prepare(version.schema.openAPIV3Schema, stats) as Schema;
          let compiled: ValidateFunction | undefined;
          const validate = () => (compiled ??= ajv.compile(schema));
          cache.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { file, validate, celRules: stats.cel });
        }
      }
    }
  }
  return cache;
}

/** Whether a CRD is loaded for the object's apiVersion and kind. */
export function hasCrd(object: KubeObject): boolean {
  return loadCrds().has(gvk(object));
}

/** The schema errors of a custom resource (`/path: message`); throws when no CRD is loaded for it. */
export function crdErrors(object: KubeObject): string[] {
  const entry = loadCrds().get(gvk(object));
  if (!entry) throw new Error(`no CRD loaded for ${object.apiVersion} ${object.kind}`);
  const errors: string[] = [];
  const { name, namespace } = object.metadata;
  if (!name || !DNS1123_SUBDOMAIN.test(name)) errors.push(`/metadata/name: "${name}" is not a DNS-1123 subdomain`);
  if (namespace !== undefined && !DNS1123_LABEL.test(namespace)) errors.push(`/metadata/namespace: "${namespace}" is not a DNS-1123 label`);
  const plain = JSON.parse(JSON.stringify(object));
  const validate = entry.validate();
  if (!validate(plain)) {
    for (const error of validate.errors ?? []) {
      const extra = error.keyword === 'additionalProperties' ? ` (unknown field "${(error.params as { additionalProperty: string }).additionalProperty}")` : '';
      errors.push(`${error.instancePath || '/'}: ${error.message}${extra}`);
    }
  }
  return errors;
}

function gvk(object: KubeObject): string {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return `${group}/${version}/${object.kind}`;
}
