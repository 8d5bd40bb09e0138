import { singleServiceRule } from '../kube/ingress-rule';
import { EXTERNAL_DNS_HOSTNAME, VSCODE_PORT } from '../openhands/runtime-names';
import { celString as lit, celStrings, NamedExpression } from './_admission-types';
import { Cel, celEquals, celExtraKeys, celMapWithin, PolicyRule, withCel } from './_cel-shape';
import { labelMap, metadataRules, SandboxObjectRules, sessionIdVariable } from './_sandbox-object-validations';
import { APPLIER_ANNOTATIONS } from './_sandbox-pod-validations';

const INGRESS_FIELDS = ['rules', 'tls', 'ingressClassName'];
const HOST = new Cel('variables.host');

/**
 * Ingresses: exactly OpenHands' one rule for `<sid>.<ingress_domain>` (the session id of the
 * Ingress's own name) to that session's VS Code Service, the configured class, TLS and annotations.
 * OpenHands creates it even when headless (pointing at nothing), so it is admitted then too.
 */
export function sandboxIngressRules(rules: SandboxObjectRules): { helpers: NamedExpression[]; rules: PolicyRule[] } {
  const domain = rules.ingressDomain;
  // The same function renders pre-provisioned Ingresses' rule; placeholders become the session's values.
  const rule = withCel(singleServiceRule('\u0000host', '\u0000service', VSCODE_PORT), {
    '\u0000host': HOST, '\u0000service': new Cel('"openhands-runtime-" + variables.sessionId + "-svc-code"'),
  });
  const seen = 'object.metadata.?annotations.orValue({})';
  const allowed = { ...rules.annotations.other, ...rules.annotations.ingress };
  const [labels, annotationRule] = metadataRules('ingress', labelMap(rules.labels.ingress), allowed, 'change extended.manifests.ingress_labels and regenerate the policy');
  const result: PolicyRule[] = [
    {
      name: 'ingressName',
      expression: 'variables.sessionId != ""',
      message: `only sandbox Ingresses (openhands-runtime-<sid>-ingress-code) may be created in ${rules.namespace}: set kubernetes.namespace to a namespace of their own`,
    },
    {
      name: 'ingressFields',
      expression: `object.spec.all(f, f in ${celStrings(INGRESS_FIELDS)})`,
      message: 'sandbox Ingresses set only rules, tls and the class (no defaultBackend; no config key allows it)',
      messageExpression: `"Ingress fields " + ${celExtraKeys('object.spec', INGRESS_FIELDS)} + " are not allowed (no config key allows them)"`,
    },
    {
      name: 'ingressRoute',
      expression: celEquals('object.spec.?rules.orValue([])', [rule]),
      message: `a sandbox Ingress has one rule: host <sid>.${domain} for the session id of its own name (no wildcard), path / to its own openhands-runtime-<sid>-svc-code port ${VSCODE_PORT}: change kubernetes.ingress_domain and regenerate the policy`,
      messageExpression: `"ingress host " + object.spec.?rules.orValue([]).map(r, r.?host.orValue("<none>")).join(", ") + " or its backend is not allowed: the rule is " + variables.host + " to openhands-runtime-<sid>-svc-code:${VSCODE_PORT} (kubernetes.ingress_domain)"`,
    },
    rules.ingressTlsSecret ? {
      name: 'ingressTls',
      expression: celEquals('object.spec.?tls.orValue([])', [{ hosts: [HOST], secretName: rules.ingressTlsSecret }]),
      message: `sandbox Ingresses use the TLS secret ${rules.ingressTlsSecret} for their own host: change kubernetes.ingress_tls_secret and regenerate the policy`,
    } : {
      name: 'ingressTls',
      expression: 'size(object.spec.?tls.orValue([])) == 0',
      message: 'kubernetes.ingress_tls_secret is unset, so sandbox Ingresses may not set tls: set it and regenerate the policy',
    },
    {
      // external-dns publishes whatever its annotation names: only the Ingress's own host.
      name: 'externalDnsHost',
      expression: `!(${lit(EXTERNAL_DNS_HOSTNAME)} in ${seen}) || ${seen}[${lit(EXTERNAL_DNS_HOSTNAME)}] == variables.host`,
      message: `the ${EXTERNAL_DNS_HOSTNAME} annotation names only the Ingress's own host <sid>.${domain}: change kubernetes.ingress_domain and regenerate the policy`,
    },
    labels,
    {
      ...annotationRule,
      expression: celMapWithin(seen, allowed, [EXTERNAL_DNS_HOSTNAME, ...APPLIER_ANNOTATIONS]),
      message: 'ingress annotations are only those OpenHands and the config set (external-dns\' for its own host, extended.manifests.ingress_annotations): change ingress_annotations and regenerate the policy',
      messageExpression: `"ingress annotations " + ${celExtraKeys(seen, [...Object.keys(allowed), EXTERNAL_DNS_HOSTNAME, ...APPLIER_ANNOTATIONS])} + " are not allowed (or have another value): change extended.manifests.ingress_annotations and regenerate the policy"`,
    },
  ];
  if (rules.ingressClassName) {
    result.push({
      name: 'ingressClass',
      expression: `object.spec.?ingressClassName.orValue("") == ${lit(rules.ingressClassName)}`,
      message: `sandbox Ingresses use the class ${rules.ingressClassName}: change extended.manifests.ingress_class`,
      messageExpression: `"ingress class " + object.spec.?ingressClassName.orValue("<none>") + " is not allowed: extended.manifests.ingress_class is ${rules.ingressClassName}"`,
    });
  }
  const helpers = [sessionIdVariable('-ingress-code'), { name: 'host', expression: `variables.sessionId + ${lit(`.${domain}`)}` }];
  return { helpers, rules: result };
}
