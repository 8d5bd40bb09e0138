import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  namespaceSelector, resourceRule, Validation, ValidatingAdmissionPolicyBindingSpec, ValidatingAdmissionPolicySpec,
} from './_admission-types';
import { sandboxIngressValidations, sandboxPvcValidations, sandboxServiceValidations, SandboxObjectRules } from './_sandbox-object-validations';
import { sandboxPodValidations, SandboxPodRules } from './_sandbox-pod-validations';

export type { SandboxObjectRules } from './_sandbox-object-validations';
export type { SandboxPodRules } from './_sandbox-pod-validations';

/** API version of the ValidatingAdmissionPolicy (GA in Kubernetes 1.30). */
export const VALIDATING_POLICY_API_VERSION = 'admissionregistration.k8s.io/v1';

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

/**
 * ValidatingAdmissionPolicies, one per kind (pods, services, ingresses, claims) with a binding
 * each, both limited to the sandbox namespace: they admit exactly what OpenHands creates for this
 * config, and each refusal names the config key that would allow the object.
 */
export class SandboxValidatingPolicy extends Construct {
  /** The policy specs by kind, for tests and tools that evaluate them. */
  public readonly specs: Record<string, ValidatingAdmissionPolicySpec> = {};

  constructor(scope: Construct, id: string, props: SandboxValidatingPolicyProps) {
    super(scope, id);
    const kinds: Array<[kind: string, group: string, resources: string | readonly string[], validations: Validation[]]> = [
      // `kubectl debug` adds an ephemeral container through its own subresource, an UPDATE of it.
      ['pods', '', ['pods', 'pods/ephemeralcontainers'], sandboxPodValidations(props.pod)],
      ['services', '', 'services', sandboxServiceValidations(props.objects)],
      ['ingresses', 'networking.k8s.io', 'ingresses', sandboxIngressValidations(props.objects)],
      ['pvcs', '', 'persistentvolumeclaims', sandboxPvcValidations(props.objects)],
    ];
    for (const [kind, group, resources, validations] of kinds) {
      const name = validatingPolicyName(props.namespace, kind);
      const metadata = { name, labels: props.labels };
      const selector = namespaceSelector(props.namespace);
      const spec: ValidatingAdmissionPolicySpec = {
        failurePolicy: 'Fail',
        matchConstraints: { namespaceSelector: selector, resourceRules: [resourceRule(group, resources, ['CREATE', 'UPDATE'])] },
        validations,
      };
      this.specs[kind] = spec;
      new ApiObject(this, kind, { apiVersion: VALIDATING_POLICY_API_VERSION, kind: 'ValidatingAdmissionPolicy', metadata, spec });
      const binding: ValidatingAdmissionPolicyBindingSpec = {
        policyName: name,
        validationActions: props.validationAction === 'Deny' ? ['Deny'] : [props.validationAction],
        matchResources: { namespaceSelector: selector },
      };
      new ApiObject(this, `${kind}-binding`, { apiVersion: VALIDATING_POLICY_API_VERSION, kind: 'ValidatingAdmissionPolicyBinding', metadata, spec: binding });
    }
  }
}
