import { APP_LABEL, SESSION_ID_PATTERN } from '../openhands/runtime-names';
import { SandboxPodSpec } from '../openhands/sandbox-pod';
import { HARDENED_POD_SECURITY_CONTEXT, RUNTIME_RESTART_POLICY, WORKSPACE_VOLUME } from '../openhands/sandbox-pod-shape';
import { k8s } from '../../imports/k8s';
import { celString as lit, celStrings } from './_admission-types';
import { Cel, celEquals, celExtraKeys, celMap, celMapWithin, PolicyRule, Shape } from './_cel-shape';
import { containerRules } from './_sandbox-container-validations';

/** What the sandbox pods OpenHands creates for this config look like; the policy admits exactly that. */
export interface SandboxPodRules {
  /** The pod every session shares, as the pod construct renders it (with the hardening). */
  readonly spec: SandboxPodSpec;
  /** Labels a pod may carry besides `app` and `session` (standard labels, `pod_labels`), with their values. */
  readonly labels: Record<string, string>;
  /** Annotations a pod may carry, with their values (Sysbox's, the linters', Argo CD's). */
  readonly annotations: Record<string, string>;
  /**
   * Whether a MutatingAdmissionPolicy in the same output hardens the pods OpenHands creates: then
   * the hardened settings are required; else OpenHands' own settings are admitted too.
   */
  readonly mutated: boolean;
}

/** Annotations that appliers write on what they apply (pre-provisioned pods), with any value. */
export const APPLIER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'argocd.argoproj.io/tracking-id'];

/** Labels that appliers set on what they apply, with any value: Argo CD's label tracking (before 3.0) writes its application's name. */
export const APPLIER_LABELS = ['app.kubernetes.io/instance'];

/** The tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
const DEFAULT_TOLERATIONS: k8s.Toleration[] = ['not-ready', 'unreachable'].map((taint) => ({ key: `node.kubernetes.io/${taint}`, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));

/** Pod fields set by API defaulting and built-in admission plugins, with the value they set. */
const DEFAULTED: Record<string, string | number> = {
  restartPolicy: RUNTIME_RESTART_POLICY, terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler',
  priority: 0, preemptionPolicy: 'PreemptLowerPriority',
};

const SELECTOR = 'object.spec.?nodeSelector.orValue({})';
/** The node selector of the RuntimeClass bound as params. */
const CLASS_SELECTOR = 'params.?scheduling.?nodeSelector.orValue({})';

/** The pod name of a session: `openhands-runtime-<sid>`. */
export const POD_NAME_PATTERN = `^openhands-runtime-${SESSION_ID_PATTERN}$`;

/** The pod rules, one per field group, each message naming the config key that would allow the object. */
export function sandboxPodRules(rules: SandboxPodRules): PolicyRule[] {
  const { spec, mutated } = rules;
  const hardening = spec.hardening;
  const runtimeClass = hardening?.runtimeClassName;
  const account = hardening?.serviceAccountName ?? 'default';
  const fields = [
    'containers', 'volumes', 'tolerations', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'enableServiceLinks', 'securityContext',
    ...Object.keys(DEFAULTED),
    ...(spec.imagePullSecret ? ['imagePullSecrets'] : []),
    ...(spec.nodeSelector || runtimeClass ? ['nodeSelector'] : []),
    ...(runtimeClass ? ['runtimeClassName', 'overhead'] : []),
  ];
  const labels = { app: APP_LABEL, ...rules.labels };
  const podContexts: Shape[] = mutated ? [HARDENED_POD_SECURITY_CONTEXT] : [HARDENED_POD_SECURITY_CONTEXT, {}];
  const nodeSelector = spec.nodeSelector ?? {};
  // The RuntimeClass admission plugin also runs after the mutating policy set the class (admission
  // reinvocation) and merges the class's scheduling in: the class, bound as params, allows it.
  const tolerations = [...spec.tolerations ?? [], ...DEFAULT_TOLERATIONS].map((t) => `(${celEquals('t', t as Shape)})`);
  return [
    {
      name: 'sandboxPodName',
      expression: `object.metadata.name.matches(${lit(POD_NAME_PATTERN)}) && object.metadata.?labels.?app.orValue("") == ${lit(APP_LABEL)} && object.metadata.name == "openhands-runtime-" + object.metadata.?labels.?session.orValue("")`,
      message: `only OpenHands sandbox pods (labels app=${APP_LABEL} and session=<sid>, name openhands-runtime-<sid>) may run here: set kubernetes.namespace to a namespace of their own`,
    },
    {
      name: 'podLabels',
      expression: celMapWithin('object.metadata.?labels.orValue({})', labels, ['session', ...APPLIER_LABELS]),
      message: 'pods carry only the labels OpenHands and the config set: change extended.manifests.pod_labels and regenerate the policy',
      messageExpression: `"pod labels " + object.metadata.?labels.orValue({}).filter(k, !(k in ${celStrings(['session', ...APPLIER_LABELS])}) && (!(k in ${celMap(labels)}) || object.metadata.labels[k] != ${celMap(labels)}[k])).join(", ") + " are not allowed: change extended.manifests.pod_labels and regenerate the policy"`,
    },
    {
      name: 'podAnnotations',
      expression: celMapWithin('object.metadata.?annotations.orValue({})', rules.annotations, APPLIER_ANNOTATIONS),
      message: 'pods carry only the annotations the config sets (Sysbox\'s for extended.manifests.runtime_class, the linters\', Argo CD\'s for governance.gitops_annotations): no config key allows others',
      messageExpression: `"pod annotations " + object.metadata.?annotations.orValue({}).filter(k, !(k in ${celStrings(APPLIER_ANNOTATIONS)}) && (!(k in ${celMap(rules.annotations)}) || object.metadata.annotations[k] != ${celMap(rules.annotations)}[k])).join(", ") + " are not allowed (no config key allows them)"`,
    },
    {
      name: 'podFields',
      expression: `object.spec.all(f, f in ${celStrings(fields)})`,
      message: 'the pod may set only the fields OpenHands and API defaulting set (no nodeName, affinity, priority class, scheduler, host namespaces, host aliases, DNS config, resource claims, init or ephemeral containers; no config key allows them)',
      messageExpression: `"pod fields " + ${celExtraKeys('object.spec', fields)} + " are not allowed: OpenHands sets none of them (node_selector_*, tolerations_yaml and extended.manifests.runtime_class are the only scheduling keys)"`,
    },
    {
      name: 'podDefaults',
      expression: Object.entries(DEFAULTED).map(([field, value]) => `object.spec.?${field}.orValue(${JSON.stringify(value)}) == ${JSON.stringify(value)}`).join(' && '),
      message: `restartPolicy, terminationGracePeriodSeconds, dnsPolicy, schedulerName, priority and preemptionPolicy keep OpenHands' values and the API defaults (${Object.values(DEFAULTED).join(', ')}; no config key changes them)`,
    },
    {
      name: 'nodeSelector',
      expression: `${SELECTOR}.all(k, (k in ${celMap(nodeSelector)} && ${SELECTOR}[k] == ${celMap(nodeSelector)}[k])${runtimeClass ? ` || (k in ${CLASS_SELECTOR} && ${SELECTOR}[k] == ${CLASS_SELECTOR}[k])` : ''}) && ${celStrings(Object.keys(nodeSelector))}.all(k, k in ${SELECTOR})`,
      message: `the node selector is exactly ${JSON.stringify(nodeSelector)}${runtimeClass ? ' plus the RuntimeClass\'s' : ''}: change kubernetes.node_selector_key and node_selector_val and regenerate the policy`,
    },
    {
      name: 'tolerations',
      expression: `object.spec.?tolerations.orValue([]).all(t, ${[...tolerations, ...(runtimeClass ? ['params.?scheduling.?tolerations.orValue([]).exists(r, r == t)'] : [])].join(' || ')})`,
      message: `tolerations are exactly kubernetes.tolerations_yaml's (plus DefaultTolerationSeconds'${runtimeClass ? ' and the RuntimeClass\'s' : ''}): change kubernetes.tolerations_yaml and regenerate the policy`,
    },
    {
      name: 'imagePullSecrets',
      expression: celEquals('object.spec.?imagePullSecrets.orValue([])', spec.imagePullSecret ? [{ name: spec.imagePullSecret }] : []),
      message: `image pull secrets are exactly ${spec.imagePullSecret ? `[${spec.imagePullSecret}]` : 'none'}: change kubernetes.image_pull_secret and regenerate the policy`,
    },
    {
      name: 'noTokenVolume',
      expression: '!object.spec.?volumes.orValue([]).exists(v, has(v.projected) || has(v.secret))',
      message: 'a ServiceAccount token volume was mounted: the ServiceAccount the pod runs as needs automountServiceAccountToken: false (governance.default_service_account) because admission plugins mount it before admission policies run',
    },
    {
      name: 'workspaceVolume',
      expression: celEquals('object.spec.?volumes.orValue([])', [{ name: WORKSPACE_VOLUME, persistentVolumeClaim: { claimName: new Cel('object.metadata.name + "-pvc"') } }]),
      message: 'sandbox pods mount only their own workspace claim openhands-runtime-<sid>-pvc (no hostPath, emptyDir, secret or other volumes; no config key allows them)',
    },
    {
      name: 'serviceAccount',
      expression: `object.spec.?serviceAccountName.orValue("default") in ${celStrings(mutated ? [account] : ['default', account])} && object.spec.?serviceAccount.orValue(object.spec.?serviceAccountName.orValue("default")) == object.spec.?serviceAccountName.orValue("default") && !object.spec.?automountServiceAccountToken.orValue(${mutated ? 'true' : 'false'})`,
      message: `sandbox pods run as the ServiceAccount ${mutated ? account : `default or ${account}`} without a token: change extended.manifests.sandbox_service_account${mutated ? '; is the MutatingAdmissionPolicy installed and bound (governance.mutating_policy)?' : ''}`,
      messageExpression: `"ServiceAccount " + object.spec.?serviceAccountName.orValue("default") + " (automountServiceAccountToken " + (object.spec.?automountServiceAccountToken.orValue(true) == true ? "true" : "false") + ") is not allowed: sandbox pods run as ${mutated ? account : `default or ${account}`} without a token (extended.manifests.sandbox_service_account)"`,
    },
    {
      name: 'podSecurity',
      expression: `(${podContexts.map((shape) => `(${celEquals('object.spec.?securityContext.orValue({})', shape)})`).join(' || ')}) && ${mutated ? '!object.spec.?enableServiceLinks.orValue(true)' : 'true'}`
        + (runtimeClass ? ` && object.spec.?runtimeClassName.orValue(${mutated ? '""' : lit(runtimeClass)}) == ${lit(runtimeClass)}` : ''),
      message: `the pod's securityContext is exactly seccomp RuntimeDefault${mutated ? ', with no service links' : ' or none'}${runtimeClass ? `, runtime class ${runtimeClass}` : ''} (no sysctls, SELinux, AppArmor, user or group overrides; no config key allows them)${mutated ? ': is the MutatingAdmissionPolicy installed and bound (governance.mutating_policy, governance.kubernetes_version)?' : ''}`,
    },
    ...containerRules(spec, mutated),
  ];
}
