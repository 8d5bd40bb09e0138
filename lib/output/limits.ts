import { readFileSync } from 'node:fs';
import { ConfigError, ConfigErrors, ConfigProblem } from '../config/errors';
import { TomlLines } from '../config/toml-lines';
import { RenderedEnvironment } from './files';

/** The API server's limit on the total size of an object's annotations (keys and values). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** etcd's default request limit, which bounds an object's size (approximated by its JSON). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/**
 * Checks what the API server would refuse only across objects, before anything is written: object
 * ids (apiVersion, kind, namespace, name) unique across every config of the run, annotation totals
 * and object sizes.
 * @throws ConfigError (or ConfigErrors) naming the config file and key.
 */
export function checkApiLimits(rendered: readonly RenderedEnvironment[]): void {
  const errors: ConfigError[] = [];
  const owners = new Map<string, string>();
  for (const { environment, objects } of rendered) {
    const problems: ConfigProblem[] = [];
    for (const object of objects) {
      const { namespace, name, annotations } = object.metadata;
      const id = `${object.kind}/${namespace ? `${namespace}/` : ''}${name}`;
      const key = `${object.apiVersion}/${id}`;
      const other = owners.get(key);
      if (other !== undefined) {
        problems.push({ key: 'kubernetes.namespace', value: environment.settings.namespace, message: `makes ${id}, which ${other} makes too: two configs of one run cannot create the same object; give them different namespaces or sessions (or turn off the shared objects in one of them)` });
      } else {
        owners.set(key, environment.file);
      }
      const annotationBytes = Object.entries((annotations ?? {}) as Record<string, string>).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
      if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
        problems.push({ key: 'extended.manifests.ingress_annotations', message: `give ${id} ${annotationBytes} bytes of annotations; the API server allows at most ${MAX_ANNOTATIONS_BYTES}` });
      }
      const size = Buffer.byteLength(JSON.stringify(object));
      if (size > MAX_OBJECT_BYTES) {
        problems.push({ key: '(config)', message: `makes ${id} ${size} bytes large; the API server stores objects up to about ${MAX_OBJECT_BYTES} bytes` });
      }
    }
    if (problems.length > 0) errors.push(new ConfigError(environment.file, withLines(environment.file, dedupe(problems))));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new ConfigErrors(errors);
}

/** One duplicate-id problem per shared object kind is plenty; keep the first few. */
function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.length > 20 ? [...problems.slice(0, 20), { key: '(config)', message: `and ${problems.length - 20} more` }] : problems;
}

/** Adds the line each key is written on, read again from the file (only when there are problems). */
function withLines(file: string, problems: ConfigProblem[]): ConfigProblem[] {
  let lines: TomlLines;
  try {
    lines = new TomlLines(readFileSync(file, 'utf8'));
  } catch {
    return problems;
  }
  return problems.map((problem) => {
    const line = problem.key.startsWith('(') ? undefined : lines.lineOf(problem.key.split('.'));
    return line === undefined ? problem : { ...problem, line };
  });
}
