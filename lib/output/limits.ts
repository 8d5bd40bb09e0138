import { ConfigError, ConfigErrors, ConfigProblem, showFile } from '../config/errors';
import { withLines } from '../config/toml-lines';
import { LoadedEnvironment } from '../config/environments';
import { MAX_ANNOTATIONS_BYTES } from '../kube/names';
import { summaryOf, ObjectSummary } from './document';
import { RenderedEnvironment } from './files';
import { renderDocuments } from './render';
import { StringTable } from './_string-table';

export { MAX_ANNOTATIONS_BYTES } from '../kube/names';
/** etcd's default request limit, which bounds an object's size (approximated by its JSON). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/**
 * Checks what the API server would refuse only across objects, before anything is written: object
 * ids (apiVersion, kind, namespace, name) unique across every config of the run, annotation totals
 * and object sizes. Objects are fed batch by batch as they are rendered, so nothing needs to keep
 * them: the checker holds each object's name, as bytes.
 */
export class ApiLimits {
  /**
   * Every object id, by apiVersion, kind and namespace, then by name in a {@link StringTable}
   * (500,000 objects cost their names' bytes, outside the heap), with the config file that made it
   * (an index into `files`).
   */
  private readonly owners = new Map<string, { readonly names: StringTable; readonly files: number[] }>();
  private readonly files: string[] = [];
  private readonly problems = new Map<LoadedEnvironment, ConfigProblem[]>();
  /** Per environment, the objects each other config makes too (one problem per pair of configs and namespace key). */
  private readonly shared = new Map<LoadedEnvironment, Map<string, SharedObject[]>>();

  /** Checks one batch of an environment's objects, by their summaries. */
  add(environment: LoadedEnvironment, objects: readonly ObjectSummary[]): void {
    const problems = this.problems.get(environment) ?? [];
    let file = this.files.indexOf(environment.file);
    if (file === -1) file = this.files.push(environment.file) - 1;
    for (const object of objects) {
      const { namespace, name, annotationBytes, jsonBytes: size } = object;
      const id = () => `${object.kind}/${namespace ? `${namespace}/` : ''}${name}`;
      const scope = `${object.apiVersion}/${object.kind}/${namespace ?? ''}`;
      let owned = this.owners.get(scope);
      if (owned === undefined) this.owners.set(scope, (owned = { names: new StringTable(), files: [] }));
      const known = owned.names.size;
      const at = owned.names.add(name);
      if (at < known) {
        const other = this.files[owned.files[at]];
        const byOther = this.shared.get(environment) ?? new Map<string, SharedObject[]>();
        const shared = byOther.get(other);
        if (shared) shared.push({ id: id(), namespace });
        else byOther.set(other, [{ id: id(), namespace }]);
        this.shared.set(environment, byOther);
      } else {
        owned.files.push(file);
      }
      if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
        problems.push({ key: 'extended.manifests.ingress_annotations', message: `give ${id()} ${annotationBytes} bytes of annotations; the API server allows at most ${MAX_ANNOTATIONS_BYTES}` });
      }
      if (size > MAX_OBJECT_BYTES) {
        problems.push({ key: '(config)', message: `makes ${id()} ${size} bytes large; the API server stores objects up to about ${MAX_OBJECT_BYTES} bytes` });
      }
    }
    if (problems.length > 0) this.problems.set(environment, problems);
  }

  /**
   * Reports what the batches broke.
   * @throws ConfigError (or ConfigErrors) naming the config file and key.
   */
  finish(): void {
    for (const [environment, byOther] of this.shared) {
      const problems = this.problems.get(environment) ?? [];
      for (const [other, objects] of byOther) problems.unshift(...sharedProblems(environment, other, objects));
      this.problems.set(environment, problems);
    }
    const errors = [...this.problems].map(([environment, problems]) => new ConfigError(environment.file, withLines(environment.file, dedupe(problems))));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new ConfigErrors(errors);
  }
}

/**
 * {@link ApiLimits} over environments rendered with their objects kept (plan).
 * @throws ConfigError (or ConfigErrors) naming the config file and key.
 */
export function checkApiLimits(rendered: readonly RenderedEnvironment[]): void {
  const limits = new ApiLimits();
  for (const { environment, objects } of rendered) limits.add(environment, objects.map(summaryOf));
  limits.finish();
}

/** An object id two configs of one run both make, with its namespace. */
interface SharedObject {
  readonly id: string;
  readonly namespace?: string;
}

/**
 * The config key that places objects in `namespace`: the app server's namespace (agent-sandbox's
 * ConfigMap and account live there) or, for the sandbox namespace and cluster-scoped objects
 * (named after it), `kubernetes.namespace`.
 */
function namespaceKey(environment: LoadedEnvironment, namespace: string | undefined): { key: string; value: string } {
  const appServer = environment.config.extended.manifests.app_server.namespace;
  return namespace !== undefined && namespace === appServer && namespace !== environment.settings.namespace
    ? { key: 'extended.manifests.app_server.namespace', value: appServer }
    : { key: 'kubernetes.namespace', value: environment.settings.namespace };
}

/**
 * Two configs of one run making the same objects, said once per config key that placed them: the
 * objects, then the two ways out (configs of one cluster need other namespaces or sessions;
 * configs of different clusters, such as `envs/staging.toml` and `envs/prod.toml` sharing a
 * namespace, go to one output folder each).
 */
function sharedProblems(environment: LoadedEnvironment, other: string, objects: readonly SharedObject[]): ConfigProblem[] {
  const byKey = new Map<string, { value: string; ids: string[] }>();
  for (const { id, namespace } of objects) {
    const { key, value } = namespaceKey(environment, namespace);
    const entry = byKey.get(key) ?? { value, ids: [] };
    entry.ids.push(id);
    byKey.set(key, entry);
  }
  return [...byKey].map(([key, { value, ids }]) => {
    const shown = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
    const where = key === 'kubernetes.namespace' ? 'different namespaces or sessions' : 'one app server namespace each';
    return {
      key,
      value,
      message: `makes ${shown}, which ${showFile(other)} makes too: two configs of one run cannot create the same object. `
        + `For different clusters, synthesize each into an output folder of its own (openhands-k8s synth -c ${showFile(other)} -o dist/<cluster>, then -c ${showFile(environment.file)} -o dist/<other cluster>); `
        + `for one cluster, give them ${where} (or turn off the shared objects in one of them)`,
    };
  });
}

/**
 * Renders every environment as synth does, batch by batch and nothing kept, and checks them with
 * {@link ApiLimits}: `validate` runs the very checks synth runs before writing.
 * @throws ConfigError (or ConfigErrors) naming the config file and key.
 */
export function checkEnvironmentLimits(environments: readonly LoadedEnvironment[]): void {
  const limits = new ApiLimits();
  for (const environment of environments) {
    for (const batch of renderDocuments(environment.settings)) limits.add(environment, batch);
  }
  limits.finish();
}

/** One duplicate-id problem per shared object kind is plenty; keep the first few. */
function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.length > 20 ? [...problems.slice(0, 20), { key: '(config)', message: `and ${problems.length - 20} more` }] : problems;
}
