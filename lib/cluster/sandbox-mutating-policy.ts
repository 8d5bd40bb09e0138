import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { APP_LABEL } from '../openhands/runtime-names';
import { SANDBOX_CAPABILITIES } from '../openhands/sandbox-pod';
import {
  celString as lit, celStrings, JsonPatchMutation, MutatingAdmissionPolicyBindingSpec, MutatingAdmissionPolicySpec, namespaceSelector, resourceRule,
} from './_admission-types';

/** Props of {@link SandboxMutatingPolicy}. */
export interface SandboxMutatingPolicyProps {
  /** Namespace of the sandboxes, which the policy and binding are limited to. */
  readonly namespace: string;
  /** Labels of the policy and binding. */
  readonly labels: Record<string, string>;
  /** `v1` from Kubernetes 1.36, `v1beta1` on 1.34 and 1.35 (feature gate and runtime-config needed). */
  readonly apiVersion: 'v1' | 'v1beta1';
  /** ServiceAccount the pods are switched to. */
  readonly serviceAccountName: string;
  /**
   * RuntimeClass the pods get.
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /** Whether the container gets `allowPrivilegeEscalation: false` (not privileged, root agent). */
  readonly noPrivilegeEscalation: boolean;
  /** The container's ephemeral-storage limit. */
  readonly ephemeralStorageLimit: string;
  /**
   * Annotations every pod gets (such as Sysbox's user-namespace mode).
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Labels every pod gets besides OpenHands' `app` and `session` (standard and extra labels).
   * @default - none
   */
  readonly podLabels?: Record<string, string>;
  /**
   * IngressClass the sandbox Ingresses get (OpenHands sets none), by a second policy.
   * @default - the cluster's default class
   */
  readonly ingressClassName?: string;
  /**
   * Annotations the sandbox Ingresses get (cert-manager, timeouts), by the same second policy.
   * @default - none
   */
  readonly ingressAnnotations?: Record<string, string>;
  /**
   * Labels the sandbox Ingresses get, by the same second policy.
   * @default - none
   */
  readonly ingressLabels?: Record<string, string>;
}

/** The policy's name; policies are cluster-scoped, so the namespace is part of it. */
export const mutatingPolicyName = (namespace: string): string => `openhands-sandbox-${namespace}-harden`;

const patch = (path: string, value: string) => `JSONPatch{op: "add", path: ${path}, value: ${value}}`;
const list = (ops: readonly string[]) => `[\n  ${ops.join(',\n  ')}\n]`;
/** Skips the whole patch (the API server drops a patch whose `test` fails) unless container 0 is `runtime`. */
const RUNTIME_ONLY = 'JSONPatch{op: "test", path: "/spec/containers/0/name", value: "runtime"}';
const C0 = 'object.spec.containers[0]';

/**
 * The JSON patches that give a pod OpenHands creates the hardened profile's settings. Every op is
 * an `add` on an object member (replace when present), so reinvocation changes nothing.
 */
export function sandboxMutations(props: Omit<SandboxMutatingPolicyProps, 'namespace' | 'labels' | 'apiVersion' | 'ingressClassName' | 'ingressAnnotations' | 'ingressLabels'>): JsonPatchMutation[] {
  const podOps = [
    patch('"/spec/automountServiceAccountToken"', 'false'),
    patch('"/spec/enableServiceLinks"', 'false'),
    patch('"/spec/serviceAccountName"', lit(props.serviceAccountName)),
    ...(props.runtimeClassName ? [patch('"/spec/runtimeClassName"', lit(props.runtimeClassName))] : []),
  ];
  const seccomp = 'Object.spec.securityContext.seccompProfile{type: "RuntimeDefault"}';
  const pod = `${list(podOps)} + (has(object.spec.securityContext)
  ? [${patch('"/spec/securityContext/seccompProfile"', seccomp)}]
  : [${patch('"/spec/securityContext"', `Object.spec.securityContext{seccompProfile: ${seccomp}}`)}])`;

  const containerOps = [
    ...(props.noPrivilegeEscalation ? [patch('"/spec/containers/0/securityContext/allowPrivilegeEscalation"', 'false')] : []),
    patch('"/spec/containers/0/securityContext/capabilities"',
      `Object.spec.containers.securityContext.capabilities{drop: ["ALL"], add: ${celStrings(SANDBOX_CAPABILITIES)}}`),
  ];
  // A privileged container keeps OpenHands' securityContext: the API server refuses
  // allowPrivilegeEscalation: false on it, and dropping capabilities would not confine it.
  const container = `${C0}.?securityContext.?privileged.orValue(false) ? [] : [${RUNTIME_ONLY}] +
(${C0}.?securityContext.hasValue() ? [] : [${patch('"/spec/containers/0/securityContext"', 'Object.spec.containers.securityContext{privileged: false}')}]) +
${list(containerOps)}`;

  const limit = lit(props.ephemeralStorageLimit);
  const storage = `[${RUNTIME_ONLY}] +
(${C0}.?resources.hasValue() ? [] : [${patch('"/spec/containers/0/resources"', 'Object.spec.containers.resources{}')}]) +
(${C0}.?resources.?limits.hasValue() ? [] : [${patch('"/spec/containers/0/resources/limits"', `{"ephemeral-storage": ${limit}}`)}]) +
[${patch('"/spec/containers/0/resources/limits/ephemeral-storage"', limit)}]`;

  const mutations = [pod, container, storage];
  const labels = Object.entries(props.podLabels ?? {});
  // The objectSelector matched app=openhands-runtime, so metadata.labels exists.
  if (labels.length > 0) mutations.push(list(labels.map(([key, value]) => patch(`"/metadata/labels/" + jsonpatch.escapeKey(${lit(key)})`, lit(value)))));
  const annotations = metadataPatch('annotations', props.podAnnotations);
  if (annotations) mutations.push(annotations);
  return mutations.map((expression) => ({ patchType: 'JSONPatch', jsonPatch: { expression } }));
}

/**
 * The JSON patches that give an Ingress OpenHands creates the configured class, annotations and
 * labels, as pre-provisioned sessions' Ingresses have them; empty when none is configured.
 */
export function ingressMutations(props: Pick<SandboxMutatingPolicyProps, 'ingressClassName' | 'ingressAnnotations' | 'ingressLabels'>): JsonPatchMutation[] {
  const expressions = [
    ...(props.ingressClassName ? [`[${patch('"/spec/ingressClassName"', lit(props.ingressClassName))}]`] : []),
    metadataPatch('annotations', props.ingressAnnotations),
    metadataPatch('labels', props.ingressLabels),
  ].filter((expression): expression is string => expression !== undefined);
  return expressions.map((expression) => ({ patchType: 'JSONPatch', jsonPatch: { expression } }));
}

/** Adds entries to `metadata.<field>`, creating the map when the object has none; undefined when there are none. */
function metadataPatch(field: 'labels' | 'annotations', entries: Record<string, string> = {}): string | undefined {
  const pairs = Object.entries(entries);
  if (pairs.length === 0) return undefined;
  const each = pairs.map(([key, value]) => patch(`"/metadata/${field}/" + jsonpatch.escapeKey(${lit(key)})`, lit(value)));
  const whole = `{${pairs.map(([key, value]) => `${lit(key)}: ${lit(value)}`).join(', ')}}`;
  return `has(object.metadata.${field}) ? ${list(each)} : [${patch(`"/metadata/${field}"`, whole)}]`;
}

/**
 * A MutatingAdmissionPolicy and its binding, limited to the sandbox namespace and to pods labelled
 * `app=openhands-runtime`: the pods OpenHands creates at run time get what the hardened profile
 * writes into pre-provisioned pods (seccomp, capabilities, no token, no service links, the runtime
 * class, the ephemeral-storage limit). JSONPatch, because capabilities lists are atomic and an
 * ApplyConfiguration may not change atomic lists.
 */
export class SandboxMutatingPolicy extends Construct {
  /** The policy spec, for tests and tools that evaluate it. */
  public readonly spec: MutatingAdmissionPolicySpec;
  /** The Ingress policy's spec, when an ingress class, annotations or labels are set. */
  public readonly ingressSpec?: MutatingAdmissionPolicySpec;

  constructor(scope: Construct, id: string, props: SandboxMutatingPolicyProps) {
    super(scope, id);
    const apiVersion = `admissionregistration.k8s.io/${props.apiVersion}`;
    const name = mutatingPolicyName(props.namespace);
    const selector = namespaceSelector(props.namespace);
    this.spec = {
      failurePolicy: 'Fail',
      reinvocationPolicy: 'IfNeeded',
      matchConstraints: {
        namespaceSelector: selector,
        objectSelector: { matchLabels: { app: APP_LABEL } },
        resourceRules: [resourceRule('', 'pods', ['CREATE'])],
      },
      matchConditions: [{ name: 'single-runtime-container', expression: 'size(object.spec.containers) == 1' }],
      mutations: sandboxMutations(props),
    };
    const metadata = { name, labels: props.labels };
    new ApiObject(this, 'Resource', { apiVersion, kind: 'MutatingAdmissionPolicy', metadata, spec: this.spec });
    const binding: MutatingAdmissionPolicyBindingSpec = { policyName: name, matchResources: { namespaceSelector: selector } };
    new ApiObject(this, 'Binding', { apiVersion, kind: 'MutatingAdmissionPolicyBinding', metadata, spec: binding });
    const ingressMutationList = ingressMutations(props);
    if (ingressMutationList.length === 0) return;
    this.ingressSpec = {
      failurePolicy: 'Fail',
      reinvocationPolicy: 'IfNeeded',
      matchConstraints: { namespaceSelector: selector, resourceRules: [resourceRule('networking.k8s.io', 'ingresses', ['CREATE'])] },
      matchConditions: [{ name: 'sandbox-ingress', expression: 'object.metadata.name.startsWith("openhands-runtime-")' }],
      mutations: ingressMutationList,
    };
    const ingressMetadata = { name: `${name}-ingress`, labels: props.labels };
    new ApiObject(this, 'Ingress', { apiVersion, kind: 'MutatingAdmissionPolicy', metadata: ingressMetadata, spec: this.ingressSpec });
    new ApiObject(this, 'IngressBinding', { apiVersion, kind: 'MutatingAdmissionPolicyBinding', metadata: ingressMetadata, spec: { ...binding, policyName: ingressMetadata.name } });
  }
}
