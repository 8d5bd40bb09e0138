import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/errors';
import { ApiResponse, ClusterReader } from './cluster';

/**
 * A saved dump of a cluster, for `preflight --from-dump`: a JSON object whose `paths` maps API
 * paths to what `kubectl get --raw <path>` printed for them, and `null` for a path the server
 * answered 404 Not Found:
 *
 *     { "paths": { "/version": {...}, "/api": {...}, "/apis": {...},
 *                  "/apis/admissionregistration.k8s.io/v1": {...},
 *                  "/apis/storage.k8s.io/v1/storageclasses": {...},
 *                  "/api/v1/namespaces/openhands-sandboxes": null } }
 *
 * A path the dump does not hold is unknown, never assumed absent: preflight reports it with the
 * `kubectl get --raw` command that would fill it in.
 */
export function readDump(file: string, text = readFileSync(file, 'utf8')): ClusterReader {
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [{ key: '(file)', message: `is not JSON: ${(error as Error).message}` }]);
  }
  const paths = parsed?.paths;
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths)) {
    throw new ConfigError(file, [{ key: 'paths', message: 'is missing: a dump is {"paths": {"/version": ..., "/apis": ...}} (see the README, "preflight")' }]);
  }
  return {
    source: `dump ${file}`,
    get: async (path: string): Promise<ApiResponse | undefined> => {
      if (!Object.prototype.hasOwnProperty.call(paths, path)) return undefined;
      const body = paths[path];
      return body === null ? { status: 404, body: { kind: 'Status', reason: 'NotFound', code: 404 } } : { status: 200, body };
    },
  };
}
