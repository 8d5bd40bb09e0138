import { celString as lit, Validation } from './_admission-types';

/** What the Services, Ingresses and claims OpenHands creates for this config look like. */
export interface SandboxObjectRules {
  /** `kubernetes.namespace`. */
  readonly namespace: string;
  /** `kubernetes.ingress_domain`. */
  readonly ingressDomain: string;
  /**
   * `extended.manifests.ingress_class`.
   * @default - any class (the DefaultIngressClass admission plugin fills it in before policies run)
   */
  readonly ingressClassName?: string;
  /**
   * `kubernetes.ingress_tls_secret`.
   * @default - no TLS allowed
   */
  readonly ingressTlsSecret?: string;
  /** `kubernetes.pvc_storage_size`. */
  readonly pvcStorageSize: string;
  /**
   * `kubernetes.pvc_storage_class`; `""` is a class of its own (no dynamic provisioning).
   * @default - any class (the DefaultStorageClass admission plugin fills it in before policies run)
   */
  readonly pvcStorageClass?: string;
}

const sandboxName = 'object.metadata.name.startsWith("openhands-runtime-")';

/** Services: ClusterIP only, no external IPs, selecting sandbox pods. */
export function sandboxServiceValidations(rules: SandboxObjectRules): Validation[] {
  return [
    {
      expression: 'object.spec.?type.orValue("ClusterIP") == "ClusterIP"',
      message: 'sandbox Services are ClusterIP only (no NodePort, LoadBalancer or ExternalName; no config key allows them)',
      messageExpression: '"Service type " + object.spec.type + " is not allowed: sandbox Services are ClusterIP only (no config key allows others)"',
    },
    {
      expression: 'size(object.spec.?externalIPs.orValue([])) == 0',
      message: 'sandbox Services may not set externalIPs (no config key allows them)',
    },
    {
      expression: `${sandboxName} && object.spec.?selector.?app.orValue("") == "openhands-runtime"`,
      message: `only sandbox Services (openhands-runtime-<sid>-svc*, selecting app=openhands-runtime) may be created in ${rules.namespace}: set kubernetes.namespace to a namespace of their own`,
    },
  ];
}

/** Ingresses: one host `<sid>.<ingress_domain>`, the configured class and TLS. */
export function sandboxIngressValidations(rules: SandboxObjectRules): Validation[] {
  const suffix = `.${rules.ingressDomain}`;
  const v: Validation[] = [
    {
      expression: `size(object.spec.?rules.orValue([])) > 0 && object.spec.rules.all(r, r.?host.orValue("").endsWith(${lit(suffix)}) && !r.host.substring(0, size(r.host) - ${suffix.length}).contains(".") && size(r.host) > ${suffix.length})`,
      message: `sandbox ingress hosts are <sid>${suffix}: change kubernetes.ingress_domain and regenerate the policy`,
      messageExpression: `"ingress host " + object.spec.?rules.orValue([]).map(r, r.?host.orValue("<none>")).join(", ") + " is not <sid>${suffix}: change kubernetes.ingress_domain and regenerate the policy"`,
    },
    {
      expression: '!has(object.spec.defaultBackend)',
      message: 'sandbox Ingresses may not set a defaultBackend (no config key allows it)',
    },
    {
      expression: 'object.spec.?rules.orValue([]).all(r, r.?http.?paths.orValue([]).all(p, p.?backend.?service.?name.orValue("").startsWith("openhands-runtime-")))',
      message: 'sandbox Ingresses route only to sandbox Services (openhands-runtime-<sid>-svc-code)',
    },
    {
      expression: '!has(object.metadata.annotations) || object.metadata.annotations.all(k, !k.endsWith("-snippet"))',
      message: 'sandbox Ingresses may not carry *-snippet annotations: they inject configuration into the shared ingress controller (no config key allows them)',
    },
  ];
  if (rules.ingressClassName) {
    v.push({
      expression: `object.spec.?ingressClassName.orValue("") == ${lit(rules.ingressClassName)}`,
      message: `sandbox Ingresses use the class ${rules.ingressClassName}: change extended.manifests.ingress_class`,
      messageExpression: `"ingress class " + object.spec.?ingressClassName.orValue("<none>") + " is not allowed: extended.manifests.ingress_class is ${rules.ingressClassName}"`,
    });
  }
  v.push(rules.ingressTlsSecret ? {
    expression: `size(object.spec.?tls.orValue([])) > 0 && object.spec.tls.all(t, t.?secretName.orValue("") == ${lit(rules.ingressTlsSecret)})`,
    message: `sandbox Ingresses use the TLS secret ${rules.ingressTlsSecret}: change kubernetes.ingress_tls_secret and regenerate the policy`,
  } : {
    expression: 'size(object.spec.?tls.orValue([])) == 0',
    message: 'kubernetes.ingress_tls_secret is unset, so sandbox Ingresses may not set tls: set it and regenerate the policy',
  });
  return v;
}

/** Workspace claims: named for a session, at most the configured size, the configured class. */
export function sandboxPvcValidations(rules: SandboxObjectRules): Validation[] {
  const size = rules.pvcStorageSize;
  const v: Validation[] = [
    {
      expression: `${sandboxName} && object.metadata.name.endsWith("-pvc")`,
      message: `only sandbox workspaces (openhands-runtime-<sid>-pvc) may be claimed in ${rules.namespace}: set kubernetes.namespace to a namespace of their own`,
    },
    {
      expression: `"storage" in object.spec.?resources.?requests.orValue({}) && quantity(object.spec.resources.requests.storage).compareTo(quantity(${lit(size)})) <= 0`,
      message: `sandbox workspaces are at most ${size}: change kubernetes.pvc_storage_size and regenerate the policy`,
      messageExpression: `"workspace size " + object.spec.?resources.?requests.?storage.orValue("<unset>") + " is above ${size}: change kubernetes.pvc_storage_size and regenerate the policy"`,
    },
    {
      expression: 'object.spec.accessModes.all(m, m == "ReadWriteOnce")',
      message: 'sandbox workspaces are ReadWriteOnce (as OpenHands creates them)',
    },
    {
      // Only on CREATE: the PersistentVolume controller sets volumeName when it binds the claim (an UPDATE).
      expression: 'request.operation != "CREATE" || (!has(object.spec.volumeName) && !has(object.spec.dataSource) && !has(object.spec.dataSourceRef) && !has(object.spec.selector))',
      message: 'sandbox workspaces may not bind a chosen PersistentVolume or copy a data source (no config key allows it)',
    },
  ];
  if (rules.pvcStorageClass !== undefined) {
    v.push({
      expression: `object.spec.?storageClassName.orValue("") == ${lit(rules.pvcStorageClass)}`,
      message: `sandbox workspaces use the storage class "${rules.pvcStorageClass}": change kubernetes.pvc_storage_class`,
      messageExpression: `"storage class " + object.spec.?storageClassName.orValue("<unset>") + " is not allowed: kubernetes.pvc_storage_class is \\"${rules.pvcStorageClass}\\""`,
    });
  }
  return v;
}
