import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  NamedExpression, namespaceSelector, resourceRule, ValidatingAdmissionPolicyBindingSpec, ValidatingAdmissionPolicySpec,
} from './_admission-types';
import { compileRules, PolicyRule } from './_cel-shape';
import { sandboxIngressRules } from './_sandbox-ingress-validations';
import { sandboxPvcRules, sandboxServiceRules, SandboxObjectRules } from './_sandbox-object-validations';
import { sandboxPodRules, SandboxPodRules } from './_sandbox-pod-validations';

export type { SandboxObjectRules } from './_sandbox-object-validations';
export type { SandboxPodRules } from './_sandbox-pod-validations';
export type { PolicyRule } from './_cel-shape';

/** API version of the ValidatingAdmissionPolicy (GA in Kubernetes 1.30). */
export const VALIDATING_POLICY_API_VERSION = 'admissionregistration.k8s.io/v1';

/**
 * The pod subresources whose writes change a pod, each sent as the whole Pod: `kubectl debug`'s
 * ephemeral containers and in-place resize (1.33+). `pods/binding` (the scheduler's Binding),
 * `pods/eviction` and `pods/status` carry other objects or only status and are not matched.
 */
export const POD_RESOURCES = ['pods', 'pods/ephemeralcontainers', 'pods/resize'];

/** Props of {@link SandboxValidatingPolicy}. */
export interface SandboxValidatingPolicyProps {
  /** Namespace of the sandboxes, which the policies and bindings are limited to. */
  readonly namespace: string;
  /** Labels of the policies and bindings. */
  readonly labels: Record<string, string>;
  /** What the sandbox pods look like. */
  readonly pod: SandboxPodRules;
  /** What the other sandbox objects look like. */
  readonly objects: SandboxObjectRules;
  /** What a binding does with a refused object. */
  readonly validationAction: 'Deny' | 'Warn' | 'Audit';
}

/** The policy name for one kind of object; policies are cluster-scoped, so the namespace is part of it. */
export const validatingPolicyName = (namespace: string, kind: string): string => `openhands-sandbox-${namespace}-${kind}`;

/** One policy: the kind, what it matches and its rules. */
interface PolicyPlan {
  readonly kind: string;
  readonly group: string;
  readonly resources: readonly string[];
  readonly helpers: readonly NamedExpression[];
  readonly rules: readonly PolicyRule[];
  /** The RuntimeClass bound as params, whose scheduling pods may carry. */
  readonly runtimeClass?: string;
}

/**
 * ValidatingAdmissionPolicies, one per kind (pods, services, ingresses, claims) with a binding
 * each, both limited to the sandbox namespace. Each is an allow-list: it states what OpenHands'
 * objects for this config look like, field by field, after the mutating policy ran, and refuses
 * anything else; each rule is a named variable, and its message names the rule and the config key.
 */
export class SandboxValidatingPolicy extends Construct {
  /** The policy specs by kind, for tests and tools that evaluate them. */
  public readonly specs: Record<string, ValidatingAdmissionPolicySpec> = {};
  /** The rules by kind, for tools that list them (`plan`). */
  public readonly rules: Record<string, readonly PolicyRule[]> = {};

  constructor(scope: Construct, id: string, props: SandboxValidatingPolicyProps) {
    super(scope, id);
    const plans: PolicyPlan[] = [
      { kind: 'pods', group: '', resources: POD_RESOURCES, helpers: [], rules: sandboxPodRules(props.pod), runtimeClass: props.pod.spec.hardening?.runtimeClassName },
      { kind: 'services', group: '', resources: ['services'], ...sandboxServiceRules(props.objects) },
      { kind: 'ingresses', group: 'networking.k8s.io', resources: ['ingresses'], ...sandboxIngressRules(props.objects) },
      { kind: 'pvcs', group: '', resources: ['persistentvolumeclaims'], ...sandboxPvcRules(props.objects) },
    ];
    for (const plan of plans) {
      const name = validatingPolicyName(props.namespace, plan.kind);
      const metadata = { name, labels: props.labels };
      const selector = namespaceSelector(props.namespace);
      const spec: ValidatingAdmissionPolicySpec = {
        failurePolicy: 'Fail',
        ...(plan.runtimeClass && { paramKind: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass' } }),
        matchConstraints: { namespaceSelector: selector, resourceRules: [resourceRule(plan.group, plan.resources, ['CREATE', 'UPDATE'])] },
        ...compileRules(plan.rules, plan.helpers),
      };
      this.specs[plan.kind] = spec;
      this.rules[plan.kind] = plan.rules;
      new ApiObject(this, plan.kind, { apiVersion: VALIDATING_POLICY_API_VERSION, kind: 'ValidatingAdmissionPolicy', metadata, spec });
      const binding: ValidatingAdmissionPolicyBindingSpec = {
        policyName: name,
        ...(plan.runtimeClass && { paramRef: { name: plan.runtimeClass, parameterNotFoundAction: 'Deny' } }),
        validationActions: [props.validationAction],
        matchResources: { namespaceSelector: selector },
      };
      new ApiObject(this, `${plan.kind}-binding`, { apiVersion: VALIDATING_POLICY_API_VERSION, kind: 'ValidatingAdmissionPolicyBinding', metadata, spec: binding });
    }
  }
}
