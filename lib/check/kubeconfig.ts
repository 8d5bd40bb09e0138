import { ConfigError } from '../config/errors';
import { Environment } from '../config/load';
import { ClusterClient } from './cluster';
import { httpClusterClient } from './http-client';

/** Which kubeconfig and context to use. */
export interface KubeconfigOptions {
  /**
   * The kubeconfig file.
   * @default - $KUBECONFIG, else ~/.kube/config (or the in-cluster service account), as kubectl
   */
  readonly file?: string;
  /**
   * The context.
   * @default - the kubeconfig's current context
   */
  readonly context?: string;
  readonly env: Environment;
}

/**
 * Connects through the user's kubeconfig with the official client library, which understands
 * every way a kubeconfig authenticates (certificates, tokens, exec and OIDC plugins). It is loaded
 * here only, when preflight or smoke runs: it costs more start-up than synth takes in total.
 */
export async function connectKubeconfig(options: KubeconfigOptions): Promise<ClusterClient> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KubeConfig } = require('@kubernetes/client-node') as typeof import('@kubernetes/client-node');
  const config = new KubeConfig();
  const file = options.file ?? (options.env.KUBECONFIG || undefined);
  const where = file ?? 'the default kubeconfig';
  try {
    if (file) config.loadFromFile(file);
    else config.loadFromDefault();
  } catch (error) {
    throw new ConfigError(file ?? '~/.kube/config', [{ key: '(file)', message: `is not a readable kubeconfig: ${(error as Error).message}` }]);
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((context) => context.name);
      throw new ConfigError(where, [{ key: 'contexts', value: options.context, message: `has no such context${known.length > 0 ? `; it has ${known.join(', ')}` : ''}` }]);
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new ConfigError(where, [{ key: 'current-context', message: 'names no cluster: give --context, or run kubectl config use-context' }]);
  const requestOptions: Record<string, any> = {};
  try {
    await config.applyToHTTPSOptions(requestOptions);
  } catch (error) {
    // The client refuses, say, an http:// server without insecure-skip-tls-verify, or an exec plugin that fails.
    throw new ConfigError(where, [{ key: `context ${config.getCurrentContext()}`, message: `cannot be used: ${(error as Error).message}` }]);
  }
  return httpClusterClient(cluster.server, requestOptions, `context ${config.getCurrentContext()} (${cluster.server})`);
}
