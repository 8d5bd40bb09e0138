import { request as httpRequest } from 'node:http';
import { request as httpsRequest, RequestOptions as HttpsRequestOptions } from 'node:https';
import { ApiResponse, ClusterClient } from './cluster';

/** Field manager named in dry-run requests (the API server records it in managedFields; nothing persists). */
export const FIELD_MANAGER = 'openhands-k8s';

/** How long one request may take before the run stops with a machine fault. */
const TIMEOUT_MS = 30_000;

/** A fault reaching the API server (not the user's mistake, not ours): exit 3. */
export class ClusterUnreachable extends Error {
  readonly code = 'ECLUSTER';
}

/**
 * A {@link ClusterClient} over HTTP(S) to `server` (a kubeconfig cluster's URL), with the TLS and
 * authentication options the kubeconfig gives (CA, client certificate, bearer token header). It
 * issues GETs and `dryRun=All` POSTs only: there is no way to write through it.
 */
export function httpClusterClient(server: string, options: HttpsRequestOptions, source: string): ClusterClient {
  const base = new URL(server);
  const send = (method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse> => new Promise((resolve, reject) => {
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      ...options,
      method,
      headers: { ...(options.headers as Record<string, string> | undefined), Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) },
      timeout: TIMEOUT_MS,
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON (a proxy's error page): kept as text for the message
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    request.on('timeout', () => request.destroy(new ClusterUnreachable(`${source}: no answer to ${method} ${path} within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => reject(error instanceof ClusterUnreachable ? error : new ClusterUnreachable(`${source}: cannot reach the API server: ${error.message}`)));
    request.end(payload);
  });
  return {
    source,
    get: (path) => send('GET', path),
    dryRunCreate: (path, body) => send('POST', `${path}${path.includes('?') ? '&' : '?'}dryRun=All&fieldManager=${FIELD_MANAGER}`, body),
  };
}
