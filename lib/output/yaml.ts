import { dump } from 'js-yaml';
import { KubeObject } from './render';

/**
 * Serializes objects as a multi-document YAML stream. js-yaml quotes every string YAML 1.1 would
 * read as another type (`yes`, `on`, `012`), which matters because Kubernetes' YAML reader is 1.1.
 */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((object) => dump(object, { noRefs: true, lineWidth: -1, sortKeys: false })).join('---\n');
}
