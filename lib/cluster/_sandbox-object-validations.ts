import { APP_LABEL, SESSION_ID_PATTERN } from '../openhands/runtime-names';
import { SESSION_SERVICE_PORTS } from '../openhands/sandbox-pod-shape';
import { celString as lit, celStrings, NamedExpression } from './_admission-types';
import { Cel, celEquals, celExtraKeys, celMapWithin, Defaulted, PolicyRule } from './_cel-shape';
import { APPLIER_ANNOTATIONS, APPLIER_LABELS } from './_sandbox-pod-validations';

/** What the Services, Ingresses and claims OpenHands creates for this config look like. */
export interface SandboxObjectRules {
  /** `kubernetes.namespace`. */
  readonly namespace: string;
  /** `kubernetes.ingress_domain`. */
  readonly ingressDomain: string;
  /**
   * `extended.manifests.ingress_class`, when the mutating policy gives it to OpenHands' Ingresses.
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
  /** Labels each kind may carry besides `app` and `session`, with their values (standard labels, `*_labels`). */
  readonly labels: { readonly service: Record<string, string>; readonly codeService: Record<string, string>; readonly ingress: Record<string, string>; readonly pvc: Record<string, string> };
  /** Annotations each kind may carry, with their values (`ingress_annotations`, the linters', Argo CD's). */
  readonly annotations: { readonly ingress: Record<string, string>; readonly other: Record<string, string> };
}

const PREFIX = 'openhands-runtime-';
const NAME = 'object.metadata.name';

/** The `sessionId` variable: the session id in the object's name, or "" when the name is no session object's. */
export function sessionIdVariable(suffix: string): NamedExpression {
  const pattern = `^${PREFIX}${SESSION_ID_PATTERN}${suffix}$`;
  const end = suffix.startsWith('(') ? `(${NAME}.endsWith("-svc-code") ? 9 : 4)` : String(suffix.length);
  return { name: 'sessionId', expression: `${NAME}.matches(${lit(pattern)}) ? ${NAME}.substring(${PREFIX.length}, size(${NAME}) - ${end}) : ""` };
}

/** Labels (`app`, `session` of its own session and the given ones) and annotations within the allowed. */
export function metadataRules(kind: string, labels: string, annotations: Record<string, string>, labelKey: string): PolicyRule[] {
  const seen = (field: string) => `object.metadata.?${field}.orValue({})`;
  return [
    {
      name: `${kind}Labels`,
      expression: `${seen('labels')}.?session.orValue(variables.sessionId) == variables.sessionId && ${seen('labels')}.all(k, k in ${celStrings(['session', ...APPLIER_LABELS])} || (k in ${labels} && ${seen('labels')}[k] == ${labels}[k]))`,
      message: `${kind} labels are only those OpenHands and the config set, session=<sid> of its own name: ${labelKey}`,
    },
    {
      name: `${kind}Annotations`,
      expression: celMapWithin(seen('annotations'), annotations, APPLIER_ANNOTATIONS),
      message: `${kind} annotations are only those the config sets (no config key allows others)`,
      messageExpression: `"${kind} annotations " + ${celExtraKeys(seen('annotations'), [...Object.keys(annotations), ...APPLIER_ANNOTATIONS])} + " are not allowed (or have another value than the config sets)"`,
    },
  ];
}

/** A CEL map literal of the allowed labels, with `app` and `session` (checked against the name separately). */
export const labelMap = (labels: Record<string, string>) => `{${Object.entries({ app: APP_LABEL, session: '', ...labels }).map(([k, v]) => `${lit(k)}: ${lit(v)}`).join(', ')}}`;

const SERVICE_FIELDS = ['type', 'selector', 'ports', 'clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'sessionAffinity', 'internalTrafficPolicy'];

/** Services: exactly OpenHands' two ClusterIP Services of a session, selecting that session's pod. */
export function sandboxServiceRules(rules: SandboxObjectRules): { helpers: NamedExpression[]; rules: PolicyRule[] } {
  const port = (p: typeof SESSION_SERVICE_PORTS.service | typeof SESSION_SERVICE_PORTS.codeService) => [{ name: p.portName, port: p.port, targetPort: p.targetPort, protocol: new Defaulted('TCP') }];
  const isCode = `${NAME}.endsWith("-svc-code")`;
  // OpenHands creates both Services even when headless (the VS Code one then points at nothing).
  return {
    helpers: [sessionIdVariable('(-svc|-svc-code)')],
    rules: [
      {
        name: 'serviceName',
        expression: 'variables.sessionId != ""',
        message: `only sandbox Services (openhands-runtime-<sid>-svc and -svc-code) may be created in ${rules.namespace}: set kubernetes.namespace to a namespace of their own`,
      },
      {
        name: 'serviceFields',
        expression: `object.spec.all(f, f in ${celStrings(SERVICE_FIELDS)})`,
        message: 'sandbox Services set only the fields OpenHands sets (no externalIPs, externalName, load balancer or traffic policy fields; no config key allows them)',
        messageExpression: `"Service fields " + ${celExtraKeys('object.spec', SERVICE_FIELDS)} + " are not allowed (no config key allows them)"`,
      },
      {
        name: 'serviceClusterIP',
        expression: 'object.spec.?type.orValue("ClusterIP") == "ClusterIP" && object.spec.?clusterIP.orValue("") != "None" && object.spec.?sessionAffinity.orValue("None") == "None" && object.spec.?internalTrafficPolicy.orValue("Cluster") == "Cluster"',
        message: 'sandbox Services are ClusterIP only, not headless (no NodePort, LoadBalancer or ExternalName; no config key allows them)',
        messageExpression: '"Service type " + object.spec.?type.orValue("ClusterIP") + " is not allowed: sandbox Services are ClusterIP only (no config key allows others)"',
      },
      {
        name: 'serviceSelector',
        expression: celEquals('object.spec.?selector.orValue({})', { app: APP_LABEL, session: new Cel('variables.sessionId') }),
        message: `a sandbox Service selects exactly its own session's pod (app=${APP_LABEL}, session=<sid> of its name; no config key changes it)`,
      },
      {
        name: 'servicePorts',
        expression: `${isCode} ? (${celEquals('object.spec.?ports.orValue([])', port(SESSION_SERVICE_PORTS.codeService))}) : (${celEquals('object.spec.?ports.orValue([])', port(SESSION_SERVICE_PORTS.service))})`,
        message: `sandbox Services have OpenHands' one port (-svc: ${SESSION_SERVICE_PORTS.service.port} to http, -svc-code: ${SESSION_SERVICE_PORTS.codeService.port} to vscode; no nodePort or appProtocol; no config key changes them)`,
      },
      ...metadataRules('service', `(${isCode} ? ${labelMap(rules.labels.codeService)} : ${labelMap(rules.labels.service)})`, rules.annotations.other, 'no config key adds Service labels'),
    ],
  };
}

/** Who binds a pending claim to its volume (an UPDATE setting `volumeName`): the PersistentVolume controller. */
export const VOLUME_BINDERS = ['system:serviceaccount:kube-system:persistent-volume-binder', 'system:kube-controller-manager'];
const CLAIM_FIELDS = ['accessModes', 'resources', 'storageClassName', 'volumeMode', 'volumeName'];

/** Workspace claims: named for a session, at most the configured size, the configured class, no chosen volume. */
export function sandboxPvcRules(rules: SandboxObjectRules): { helpers: NamedExpression[]; rules: PolicyRule[] } {
  const size = rules.pvcStorageSize;
  const created = (check: string) => `request.operation != "CREATE" || (${check})`;
  const [labels, annotations] = metadataRules('claim', labelMap(rules.labels.pvc), rules.annotations.other, 'change extended.manifests.pvc_labels and regenerate the policy');
  const result: PolicyRule[] = [
    {
      name: 'claimName',
      expression: 'variables.sessionId != ""',
      message: `only sandbox workspaces (openhands-runtime-<sid>-pvc) may be claimed in ${rules.namespace}: set kubernetes.namespace to a namespace of their own`,
    },
    {
      name: 'claimFields',
      expression: `object.spec.all(f, f in ${celStrings(CLAIM_FIELDS)}) && object.spec.?resources.orValue({}).all(k, k == "requests") && object.spec.?resources.?requests.orValue({}).all(k, k == "storage")`,
      message: 'sandbox workspaces set only the fields OpenHands sets (no selector, data source, volume attributes class or limits; no config key allows them)',
      messageExpression: `"claim fields " + ${celExtraKeys('object.spec', CLAIM_FIELDS)} + " are not allowed (no config key allows them)"`,
    },
    {
      name: 'claimAccess',
      expression: `${celEquals('object.spec.?accessModes.orValue([])', ['ReadWriteOnce'])} && object.spec.?volumeMode.orValue("Filesystem") == "Filesystem"`,
      message: 'sandbox workspaces are ReadWriteOnce file systems, as OpenHands creates them (no config key changes it)',
    },
    {
      name: 'claimSize',
      expression: `"storage" in object.spec.?resources.?requests.orValue({}) && quantity(object.spec.resources.requests.storage).compareTo(quantity(${lit(size)})) <= 0`,
      message: `sandbox workspaces are at most ${size}: change kubernetes.pvc_storage_size and regenerate the policy`,
      messageExpression: `"workspace size " + object.spec.?resources.?requests.?storage.orValue("<unset>") + " is above ${size}: change kubernetes.pvc_storage_size and regenerate the policy"`,
    },
    {
      // The PersistentVolume controller sets volumeName when it binds a pending claim: only it may.
      name: 'claimVolume',
      expression: `request.operation == "CREATE" ? !has(object.spec.volumeName) : (oldObject.?spec.?volumeName.orValue("") == object.spec.?volumeName.orValue("") || (oldObject.?spec.?volumeName.orValue("") == "" && request.userInfo.username in ${celStrings(VOLUME_BINDERS)}))`,
      message: 'sandbox workspaces may not name a PersistentVolume: only the PersistentVolume controller binds them, once (no config key allows it)',
    },
    { ...labels, expression: created(labels.expression) },
    { ...annotations, expression: created(annotations.expression) },
  ];
  if (rules.pvcStorageClass !== undefined) {
    result.push({
      name: 'claimStorageClass',
      expression: `object.spec.?storageClassName.orValue("") == ${lit(rules.pvcStorageClass)}`,
      message: `sandbox workspaces use the storage class "${rules.pvcStorageClass}": change kubernetes.pvc_storage_class`,
      messageExpression: `"storage class " + object.spec.?storageClassName.orValue("<unset>") + " is not allowed: kubernetes.pvc_storage_class is \\"${rules.pvcStorageClass}\\""`,
    });
  }
  return { helpers: [sessionIdVariable('-pvc')], rules: result };
}
