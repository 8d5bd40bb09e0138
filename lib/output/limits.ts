import { ConfigError, ConfigErrors, ConfigProblem, showFile } from '../config/errors';
import { withLines } from '../config/toml-lines';
import { LoadedEnvironment } from '../config/environments';
import { MAX_ANNOTATIONS_BYTES } from '../kube/names';
import { summaryOf, ObjectSummary } from './document';
import { RenderedEnvironment } from './files';

export { MAX_ANNOTATIONS_BYTES } from '../kube/names';
/** etcd's default request limit, which bounds an object's size (approximated by its JSON). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/**
 * Checks what the API server would refuse only across objects, before anything is written: object
 * ids (apiVersion, kind, namespace, name) unique across every config of the run, annotation totals
 * and object sizes. Objects are fed batch by batch as they are rendered, so nothing needs to keep
 * them: the checker holds one short id per object.
 */
export class ApiLimits {
  private readonly owners = new Map<string, string>();
  private readonly problems = new Map<LoadedEnvironment, ConfigProblem[]>();
  /** Per environment, the ids each other config makes too (one problem per pair of configs). */
  private readonly shared = new Map<LoadedEnvironment, Map<string, string[]>>();

  /** Checks one batch of an environment's objects, by their summaries. */
  add(environment: LoadedEnvironment, objects: readonly ObjectSummary[]): void {
    const problems = this.problems.get(environment) ?? [];
    for (const object of objects) {
      const { namespace, name, annotationBytes, jsonBytes: size } = object;
      const id = `${object.kind}/${namespace ? `${namespace}/` : ''}${name}`;
      const key = `${object.apiVersion}/${id}`;
      const other = this.owners.get(key);
      if (other !== undefined) {
        const byOther = this.shared.get(environment) ?? new Map<string, string[]>();
        byOther.set(other, [...(byOther.get(other) ?? []), id]);
        this.shared.set(environment, byOther);
      } else {
        this.owners.set(key, environment.file);
      }
      if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
        problems.push({ key: 'extended.manifests.ingress_annotations', message: `give ${id} ${annotationBytes} bytes of annotations; the API server allows at most ${MAX_ANNOTATIONS_BYTES}` });
      }
      if (size > MAX_OBJECT_BYTES) {
        problems.push({ key: '(config)', message: `makes ${id} ${size} bytes large; the API server stores objects up to about ${MAX_OBJECT_BYTES} bytes` });
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
      for (const [other, ids] of byOther) problems.unshift(sharedProblem(environment, other, ids));
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

/**
 * Two configs of one run making the same objects, said once: the objects, then the two ways out
 * (configs of one cluster need other namespaces or sessions; configs of different clusters, such
 * as `envs/staging.toml` and `envs/prod.toml` sharing a namespace, go to one output folder each).
 */
function sharedProblem(environment: LoadedEnvironment, other: string, ids: readonly string[]): ConfigProblem {
  const shown = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
  return {
    key: 'kubernetes.namespace',
    value: environment.settings.namespace,
    message: `makes ${shown}, which ${showFile(other)} makes too: two configs of one run cannot create the same object. `
      + `For different clusters, synthesize each into an output folder of its own (openhands-k8s synth -c ${showFile(other)} -o dist/<cluster>, then -c ${showFile(environment.file)} -o dist/<other cluster>); `
      + 'for one cluster, give them different namespaces or sessions (or turn off the shared objects in one of them)',
  };
}

/** One duplicate-id problem per shared object kind is plenty; keep the first few. */
function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.length > 20 ? [...problems.slice(0, 20), { key: '(config)', message: `and ${problems.length - 20} more` }] : problems;
}
