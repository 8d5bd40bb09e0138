import type { k8s } from '../../imports/k8s';

/** An Ingress rule sending every path of `host` to one Service port. */
export function singleServiceRule(host: string, serviceName: string, port: number): k8s.IngressRule {
  return {
    host,
    http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: serviceName, port: { number: port } } } }] },
  };
}
