// Copied from the issue-10 prototype (/tmp/proto10/harness.ts); see the notes below.
// Offline test harness for Kubernetes admission-policy CEL (ValidatingAdmissionPolicy,
// MutatingAdmissionPolicy). Engine: @marcbachmann/cel-js 8.0.0, configured to mirror the
// kube-apiserver CEL environment (k8s.io/apiserver/pkg/cel/environment/base.go):
//   - HomogeneousAggregateLiterals: ON (cel-js default; K8s sets cel.HomogeneousAggregateLiterals()),
//     so `{"a": 1, "b": "x"}` is an error here as it is in the API server;
//   - OptionalTypes (`.?field`, `orValue`) ON (K8s 1.28+);
//   - cross-type numeric comparisons (`1 < 2.5`) work (K8s 1.28+);
//   - JSON integers are passed as CEL int (BigInt), as the API server types them from the schema.
// Added here because cel-js lacks them: Kubernetes quantity library (exact, see Quantity below),
// sets.contains/intersects/equivalent, jsonpatch.escapeKey, lists.range (ext.Lists v3, K8s 1.34+),
// RE2-ish `matches` is cel-js' JS RegExp (inline flags like (?i) are NOT supported: avoid them).
// Message construction (`JSONPatch{...}`, `Object.spec{...}`) is not in cel-js' grammar: the
// harness rewrites it into calls before parsing (rewriteMessages), keeping the K8s checks that
// matter: JSONPatch fields are op/path/from/value, and nested Object.* type names must equal the
// parent type name + "." + field name (K8s CheckTypeNamesMatchFieldPathNames).
// NOT modelled: full OpenAPI type-checking of field names (the API server rejects
// `object.spec.hostnetwork` at policy creation; here it is a runtime "No such key"), CEL cost
// limits, `authorizer`, cel.bind (not in the K8s env, but cel-js accepts it: don't use it).
import { Environment } from '@marcbachmann/cel-js';

// ---------------------------------------------------------------- JSON <-> CEL values
export function toCel(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCel);
  if (v && typeof v === 'object') {
    if (v instanceof Quantity || (v as any)[MSG]) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  }
  return v;
}
export function fromCel(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, fromCel(x)]));
  if (Array.isArray(v)) return v.map(fromCel);
  if (v instanceof Quantity) throw new Error('a Quantity cannot be serialized to JSON');
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromCel(x)]));
  return v;
}

// ---------------------------------------------------------------- Kubernetes Quantity
// Faithful to k8s.io/apimachinery resource.ParseQuantity for comparisons: exact rational value
// (BigInt), suffixes Ki..Ei (2^10n), n u m "" k M G T P E (10^3n), exponents e<int>/E<int>;
// `k` lower case only; values more precise than 1n (1e-9) are rounded up (away from zero).
// Overloads as in k8s.io/apiserver/pkg/cel/library/quantity.go.
const BIN: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QRE = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;
const NANO = 1_000_000_000n;
export class Quantity {
  // value = nanos / 1e9, exactly (after rounding up to nano precision)
  constructor(readonly nanos: bigint) {}
  static parse(s: string): Quantity {
    const m = QRE.exec(s);
    if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(s)}`);
    const [, sign, num, suf = ''] = m;
    const [ip, fp = ''] = num.split('.');
    let n = BigInt((ip || '0') + fp); // numerator
    let d = 10n ** BigInt(fp.length); // denominator
    if (suf in BIN) n *= BIN[suf];
    else {
      const e = /^[eE]/.test(suf) ? Number(suf.slice(1)) : DEC[suf];
      if (e >= 0) n *= 10n ** BigInt(e); else d *= 10n ** BigInt(-e);
    }
    let nanos = (n * NANO) / d;
    if ((n * NANO) % d !== 0n) nanos += 1n; // round up (away from zero) to nano precision
    return new Quantity(sign === '-' ? -nanos : nanos);
  }
  cmp(o: Quantity): bigint { return this.nanos < o.nanos ? -1n : this.nanos > o.nanos ? 1n : 0n; }
  isInteger(): boolean {
    if (this.nanos % NANO !== 0n) return false;
    const v = this.nanos / NANO;
    return v >= -(1n << 63n) && v < 1n << 63n;
  }
}

// ---------------------------------------------------------------- message construction rewrite
const MSG = Symbol('celMessageType');
const RESERVED = new Set(['in', 'true', 'false', 'null', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
/** index just past the string literal starting at i (handles r/b prefixes, triple quotes, escapes) */
function skipString(s: string, i: number): number {
  const q = s[i];
  const triple = s.startsWith(q.repeat(3), i);
  const raw = /[rR]/.test(s[i - 1] ?? '') || /[rR]/.test(s[i - 2] ?? '') && /[bB]/.test(s[i - 1] ?? '');
  let j = i + (triple ? 3 : 1);
  while (j < s.length) {
    if (!raw && s[j] === '\\') { j += 2; continue; }
    if (triple ? s.startsWith(q.repeat(3), j) : s[j] === q) return j + (triple ? 3 : 1);
    j++;
  }
  throw new Error('unterminated string literal');
}
/** split s at top-level occurrences of ch (outside strings and brackets) */
function splitTop(s: string, ch: string, max = Infinity): string[] {
  const out: string[] = []; let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipString(s, i) - 1; continue; }
    if ('([{'.includes(c)) depth++; else if (')]}'.includes(c)) depth--;
    else if (c === ch && depth === 0 && out.length < max - 1) { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start)); return out;
}
/** Rewrites `A.b{f: x, ?g: y}` into `__msg_set(__msg_set(__msg_new("A.b"), "f", x), ...)`. */
export function rewriteMessages(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'") { const j = skipString(src, i); out += src.slice(i, j); i = j - 1; continue; }
    const m = /^\.?[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*\s*\{/.exec(src.slice(i));
    const prev = out.replace(/\s+$/, '').slice(-1);
    if (m && !/[A-Za-z0-9_.]/.test(src[i - 1] ?? '') && prev !== '.' && !RESERVED.has(m[0].replace(/[\s{.]/g, ''))) {
      const name = m[0].slice(0, -1).replace(/\s+/g, '').replace(/^\./, '');
      // find matching brace
      let depth = 0, j = i + m[0].length - 1;
      for (; j < src.length; j++) {
        const d = src[j];
        if (d === '"' || d === "'") { j = skipString(src, j) - 1; continue; }
        if (d === '{') depth++; else if (d === '}' && --depth === 0) break;
      }
      const body = src.slice(i + m[0].length, j);
      const inits = splitTop(body, ',').map((x) => x.trim()).filter(Boolean);
      let expr = `__msg_new(${JSON.stringify(name)})`;
      for (const init of inits) {
        const [k, v] = splitTop(init, ':', 2);
        if (v === undefined) throw new Error(`bad field initializer in ${name}{...}: ${init}`);
        const key = k.trim();
        const optional = key.startsWith('?');
        expr = `__msg_set${optional ? '_opt' : ''}(${expr}, ${JSON.stringify(key.replace(/^\?/, '').trim())}, ${rewriteMessages(v.trim())})`;
      }
      out += expr; i = j; continue;
    }
    out += c;
  }
  return out;
}
function msgNew(type: string) {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, MSG, { value: type, enumerable: false });
  return o;
}
function msgSet(o: any, field: string, v: any) {
  const type: string = o[MSG];
  if (type === 'JSONPatch') {
    if (!['op', 'path', 'from', 'value'].includes(field)) throw new Error(`JSONPatch has no field ${field}`);
    if (field !== 'value' && typeof v !== 'string') throw new Error(`JSONPatch.${field} must be a string`);
  } else if (type === 'Object' || type.startsWith('Object.')) {
    const check = (x: any) => {
      if (x && typeof x === 'object' && x[MSG] && x[MSG] !== `${type}.${field}`)
        throw new Error(`type mismatch: ${x[MSG]} used for field ${type}.${field}`);
    };
    Array.isArray(v) ? v.forEach(check) : check(v);
  } else throw new Error(`unknown type: ${type}`);
  if (o[field] !== undefined) throw new Error(`duplicate field ${field} in ${type}{...}`);
  const n = msgNew(type); Object.assign(n, o); n[field] = v; return n;
}

// ---------------------------------------------------------------- environment
class NsSets {} class NsJsonpatch {} class NsLists {}
function eq(a: unknown, b: unknown): boolean { return JSON.stringify(fromCel(a)) === JSON.stringify(fromCel(b)); }
function makeEnv() {
  const env = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true });
  env.registerType('Quantity', Quantity);
  env.registerOperator('Quantity == Quantity', (a: Quantity, b: Quantity) => a.nanos === b.nanos);
  env.registerFunction('quantity(string): Quantity', (s: string) => Quantity.parse(s));
  env.registerFunction('isQuantity(string): bool', (s: string) => { try { Quantity.parse(s); return true; } catch { return false; } });
  env.registerFunction('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) < 0n);
  env.registerFunction('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) > 0n);
  env.registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => a.cmp(b));
  env.registerFunction('Quantity.sign(): int', (a: Quantity) => a.cmp(new Quantity(0n)));
  env.registerFunction('Quantity.isInteger(): bool', (a: Quantity) => a.isInteger());
  env.registerFunction('Quantity.asInteger(): int', (a: Quantity) => { if (!a.isInteger()) throw new Error('cannot convert value to integer'); return a.nanos / NANO; });
  env.registerFunction('Quantity.asApproximateFloat(): double', (a: Quantity) => Number(a.nanos) / 1e9);
  env.registerFunction('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => new Quantity(a.nanos + b.nanos));
  env.registerFunction('Quantity.add(int): Quantity', (a: Quantity, b: bigint) => new Quantity(a.nanos + b * NANO));
  env.registerFunction('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => new Quantity(a.nanos - b.nanos));
  env.registerFunction('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) => new Quantity(a.nanos - b * NANO));
  // namespaced functions: cel-js parses `sets.contains(...)` as a receiver call on a constant
  env.registerType('NsSets', NsSets).registerConstant('sets', 'NsSets', new NsSets());
  env.registerFunction('NsSets.contains(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => eq(x, y))));
  env.registerFunction('NsSets.intersects(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) => b.some((x) => a.some((y) => eq(x, y))));
  env.registerFunction('NsSets.equivalent(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => eq(x, y))) && a.every((x) => b.some((y) => eq(x, y))));
  env.registerType('NsJsonpatch', NsJsonpatch).registerConstant('jsonpatch', 'NsJsonpatch', new NsJsonpatch());
  env.registerFunction('NsJsonpatch.escapeKey(string): string', (_: unknown, k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1'));
  env.registerType('NsLists', NsLists).registerConstant('lists', 'NsLists', new NsLists());
  env.registerFunction('NsLists.range(int): list<int>', (_: unknown, n: bigint) => Array.from({ length: Number(n) }, (_x, i) => BigInt(i)));
  env.registerFunction('__msg_new(string): dyn', msgNew);
  env.registerFunction('__msg_set(dyn, string, dyn): dyn', msgSet);
  env.registerFunction('__msg_set_opt(dyn, string, dyn): dyn', (o: any, f: string, v: any) => (v === undefined || v === null ? o : msgSet(o, f, v)));
  return env;
}
const ENV = makeEnv();

export interface Vars {
  object?: unknown; oldObject?: unknown; request?: unknown; namespaceObject?: unknown; params?: unknown;
  variables?: Record<string, unknown>;
}
/** Evaluates one expression with the admission variables (values are JSON; converted to CEL). */
export function evaluate(expr: string, vars: Vars): unknown {
  const ctx: Record<string, unknown> = {
    object: toCel(vars.object ?? null), oldObject: toCel(vars.oldObject ?? null),
    request: toCel(vars.request ?? { operation: 'CREATE' }), namespaceObject: toCel(vars.namespaceObject ?? null),
    params: toCel(vars.params ?? null), variables: vars.variables ?? {},
  };
  return ENV.evaluate(rewriteMessages(expr), ctx);
}
export function evalVariables(defs: { name: string; expression: string }[] | undefined, vars: Vars) {
  // K8s evaluates variables lazily; eager evaluation differs only when a variable errors but is unused.
  const out: Record<string, unknown> = {};
  for (const d of defs ?? []) out[d.name] = evaluate(d.expression, { ...vars, variables: out });
  return out;
}

export interface Validation { expression: string; message?: string; messageExpression?: string; reason?: string }
export interface ValidatingPolicySpec {
  failurePolicy?: 'Fail' | 'Ignore';
  matchConstraints?: unknown;
  matchConditions?: { name: string; expression: string }[];
  variables?: { name: string; expression: string }[];
  validations: Validation[];
}
export type Decision = { admitted: true; skipped?: string } | { admitted: false; message: string; reason: string };

/** Evaluates a boolean validation expression alone. */
export function evaluateValidation(expr: string, vars: Vars): boolean {
  const r = evaluate(expr, vars);
  if (typeof r !== 'boolean') throw new Error(`validation expression must return bool, got ${typeof r}`);
  return r;
}

/**
 * Runs a ValidatingAdmissionPolicy spec the way the API server does once matchConstraints matched:
 * matchConditions (false -> skip; error -> failurePolicy), variables, then every validation; the
 * first failing validation's message is returned (K8s reports all failures; the first decides reason).
 */
export function runValidatingPolicy(spec: ValidatingPolicySpec, vars: Vars, options: { strictMessages?: boolean } = {}): Decision {
  const fail = spec.failurePolicy ?? 'Fail';
  for (const mc of spec.matchConditions ?? []) {
    try { if (!evaluateValidation(mc.expression, vars)) return { admitted: true, skipped: mc.name }; }
    catch (e) { if (fail === 'Ignore') return { admitted: true, skipped: `error in ${mc.name}` }; return { admitted: false, reason: 'InternalError', message: `matchCondition ${mc.name}: ${(e as Error).message}` }; }
  }
  let variables: Record<string, unknown>;
  try { variables = evalVariables(spec.variables, vars); }
  catch (e) { return fail === 'Ignore' ? { admitted: true, skipped: 'variable error' } : { admitted: false, reason: 'InternalError', message: (e as Error).message }; }
  const withVars = { ...vars, variables };
  const failures: { message: string; reason: string }[] = [];
  for (const v of spec.validations) {
    let ok: boolean;
    try { ok = evaluateValidation(v.expression, withVars); }
    catch (e) { if (fail === 'Ignore') continue; failures.push({ reason: 'InternalError', message: `expression '${v.expression}' resulted in error: ${(e as Error).message}` }); continue; }
    if (ok) continue;
    let message = v.message || `failed expression: ${v.expression.trim()}`;
    if (v.messageExpression) {
      try {
        const m = evaluate(v.messageExpression, withVars);
        if (typeof m === 'string' && m.trim() !== '' && !/[\r\n]/.test(m)) message = m;
        else if (options.strictMessages) throw new Error(`messageExpression of '${v.expression}' gave ${JSON.stringify(m)}, not a one-line string`);
      } catch (e) {
        // K8s logs and falls back to message; tests that want every messageExpression to work ask for strictMessages.
        if (options.strictMessages) throw e;
      }
    }
    failures.push({ message, reason: v.reason ?? 'Invalid' });
  }
  return failures.length ? { admitted: false, ...failures[0], message: failures.map((f) => f.message).join('; ') } : { admitted: true };
}

// ---------------------------------------------------------------- mutations
export interface Mutation {
  patchType: 'JSONPatch' | 'ApplyConfiguration';
  jsonPatch?: { expression: string };
  applyConfiguration?: { expression: string };
}
export interface MutatingPolicySpec {
  matchConditions?: { name: string; expression: string }[];
  variables?: { name: string; expression: string }[];
  mutations: Mutation[];
  reinvocationPolicy?: 'Never' | 'IfNeeded';
  failurePolicy?: 'Fail' | 'Ignore';
}
type Json = any;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

// RFC 6901 / 6902
function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`JSON pointer must start with /: ${p}`);
  return p.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function resolveParent(doc: Json, tokens: string[]) {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) { const i = Number(t); if (!/^(0|[1-9]\d*)$/.test(t) || i >= cur.length) throw new Error(`index ${t} out of range`); cur = cur[i]; }
    else if (cur && typeof cur === 'object' && t in cur) cur = cur[t];
    else throw new Error(`path component ${JSON.stringify(t)} does not exist`);
  }
  return cur;
}
function getAt(doc: Json, path: string) {
  const tk = parsePointer(path); if (!tk.length) return doc;
  const par = resolveParent(doc, tk); const last = tk[tk.length - 1];
  if (Array.isArray(par) ? !(Number(last) < par.length) : !(par && last in par)) throw new Error(`path ${path} does not exist`);
  return par[last];
}
function removeAt(doc: Json, path: string) {
  const tk = parsePointer(path); const par = resolveParent(doc, tk); const last = tk[tk.length - 1];
  getAt(doc, path);
  if (Array.isArray(par)) par.splice(Number(last), 1); else delete par[last];
}
function addAt(doc: Json, path: string, value: Json): Json {
  const tk = parsePointer(path); if (!tk.length) return value;
  const par = resolveParent(doc, tk); const last = tk[tk.length - 1];
  if (Array.isArray(par)) {
    const i = last === '-' ? par.length : Number(last);
    if (!/^(0|[1-9]\d*|-)$/.test(last) || i > par.length) throw new Error(`index ${last} out of range`);
    par.splice(i, 0, value);
  } else if (par && typeof par === 'object') par[last] = value;
  else throw new Error(`cannot add at ${path}`);
  return doc;
}
export class JsonPatchTestFailed extends Error {}
/** RFC 6902 application (all-or-nothing, like evanphx/json-patch as used by the API server). */
export function applyJsonPatch(doc: Json, ops: { op: string; path: string; from?: string; value?: Json }[]): Json {
  let d = clone(doc);
  for (const o of ops) {
    switch (o.op) {
      case 'add': d = addAt(d, o.path, clone(o.value)); break;
      case 'remove': removeAt(d, o.path); break;
      case 'replace': getAt(d, o.path); removeAt(d, o.path); d = addAt(d, o.path, clone(o.value)); break;
      case 'move': { const v = getAt(d, o.from!); removeAt(d, o.from!); d = addAt(d, o.path, v); break; }
      case 'copy': d = addAt(d, o.path, clone(getAt(d, o.from!))); break;
      case 'test': if (JSON.stringify(canon(getAt(d, o.path))) !== JSON.stringify(canon(o.value))) throw new JsonPatchTestFailed(`test failed at ${o.path}`); break;
      default: throw new Error(`unknown JSON patch op ${o.op}`);
    }
  }
  return d;
}
function canon(v: Json): Json {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
  return v;
}

// Server-side-apply merge, restricted to the Pod fields listed here (structured-merge-diff semantics):
// structs and granular maps merge per key, map-lists merge per key, and any atomic list / struct in the
// apply configuration is rejected, as the API server does ("may not mutate atomic arrays, maps or structs").
const LIST_KEYS: Record<string, string[] | 'atomic'> = {
  'spec.containers': ['name'], 'spec.initContainers': ['name'], 'spec.ephemeralContainers': ['name'],
  'spec.containers[].env': ['name'], 'spec.containers[].ports': ['containerPort', 'protocol'],
  'spec.containers[].volumeMounts': ['mountPath'], 'spec.volumes': ['name'], 'spec.imagePullSecrets': ['name'],
  'spec.containers[].securityContext.capabilities.add': 'atomic', 'spec.containers[].securityContext.capabilities.drop': 'atomic',
  'spec.containers[].command': 'atomic', 'spec.containers[].args': 'atomic', 'spec.tolerations': 'atomic',
};
export function applyConfigurationMerge(live: Json, cfg: Json, path = ''): Json {
  if (Array.isArray(cfg)) {
    const lt = LIST_KEYS[path];
    if (lt === undefined) throw new Error(`harness: list type of ${path} unknown (add it to LIST_KEYS)`);
    if (lt === 'atomic') throw new Error(`may not mutate atomic arrays, maps or structs: .${path}`);
    const out = Array.isArray(live) ? clone(live) : [];
    const keyOf = (x: Json) => JSON.stringify(lt.map((k) => x[k] ?? (k === 'protocol' ? 'TCP' : undefined)));
    for (const item of cfg) {
      const i = out.findIndex((x: Json) => keyOf(x) === keyOf(item));
      if (i >= 0) out[i] = applyConfigurationMerge(out[i], item, `${path}[]`); else out.push(applyConfigurationMerge(undefined, item, `${path}[]`));
    }
    return out;
  }
  if (cfg && typeof cfg === 'object') {
    const out = live && typeof live === 'object' ? clone(live) : {};
    for (const [k, v] of Object.entries(cfg)) out[k] = applyConfigurationMerge(out[k], v, path ? `${path}.${k}` : k);
    return out;
  }
  return cfg;
}

export interface MutationResult { object: Json; patches: Json[][]; skipped?: string }
/** Applies every mutation of a MutatingAdmissionPolicy once, in order (one invocation). */
export function applyMutatingPolicy(spec: MutatingPolicySpec, obj: Json, vars: Omit<Vars, 'object'> = {}): MutationResult {
  for (const mc of spec.matchConditions ?? []) if (!evaluateValidation(mc.expression, { ...vars, object: obj })) return { object: obj, patches: [], skipped: mc.name };
  let cur = clone(obj); const patches: Json[][] = [];
  for (const m of spec.mutations) {
    const variables = evalVariables(spec.variables, { ...vars, object: cur });
    cur = applyMutation(m, cur, { ...vars, variables }, patches);
  }
  return { object: cur, patches };
}
export function applyMutation(m: Mutation, obj: Json, vars: Omit<Vars, 'object'> = {}, log: Json[][] = []): Json {
  if (m.patchType === 'JSONPatch') {
    const r = evaluate(m.jsonPatch!.expression, { ...vars, object: obj });
    if (!Array.isArray(r)) throw new Error('JSONPatch expression must return a list');
    const ops = r.map((p: any) => {
      if (!p || p[MSG] !== 'JSONPatch') throw new Error('JSONPatch expression must return list(JSONPatch)');
      const o = fromCel(p) as any; return o;
    });
    log.push(ops);
    try { return applyJsonPatch(obj, ops); }
    catch (e) { if (e instanceof JsonPatchTestFailed) return obj; throw new Error(`JSON Patch: ${(e as Error).message}`); }
  }
  const r: any = evaluate(m.applyConfiguration!.expression, { ...vars, object: obj });
  if (!r || r[MSG] !== 'Object') throw new Error('ApplyConfiguration expression must return an Object{...}');
  const cfg = fromCel(r); log.push([cfg]);
  return applyConfigurationMerge(obj, cfg);
}
/** Reinvocation check: applying the policy to its own output must change nothing. */
export function isIdempotent(spec: MutatingPolicySpec, obj: Json, vars: Omit<Vars, 'object'> = {}): boolean {
  const once = applyMutatingPolicy(spec, obj, vars).object;
  const twice = applyMutatingPolicy(spec, once, vars).object;
  return JSON.stringify(canon(once)) === JSON.stringify(canon(twice));
}
