import type { k8s } from '../../imports/k8s';

/**
 * An Ingress rule sending every path of `host` under `path` (element-wise Prefix match; every
 * path by default) to one Service port.
 */
export function singleServiceRule(host: string, serviceName: string, port: number, path = '/'): k8s.IngressRule {
  return {
    host,
    http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: serviceName, port: { number: port } } } }] },
  };
}
