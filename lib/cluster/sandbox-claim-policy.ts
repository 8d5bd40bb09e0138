import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  celString, NamedExpression, namespaceSelector, resourceRule, ValidatingAdmissionPolicyBindingSpec, ValidatingAdmissionPolicySpec, Validation,
} from './_admission-types';
import { SandboxClaimRules, sandboxClaimValidations, sandboxClaimVariables, sandboxPatchValidations } from './_sandbox-claim-validations';
import { VALIDATING_POLICY_API_VERSION, validatingPolicyName } from './sandbox-validating-policy';

export type { SandboxClaimRules } from './_sandbox-claim-validations';

/** A policy spec with named variables (`spec.variables`, GA with the policy in 1.30). */
export type ClaimPolicySpec = ValidatingAdmissionPolicySpec & { readonly variables?: readonly NamedExpression[] };

/** Props of {@link SandboxClaimPolicy}. */
export interface SandboxClaimPolicyProps {
  /** Namespace of the sandboxes, which the policies and bindings are limited to. */
  readonly namespace: string;
  /** Labels of the policies and bindings. */
  readonly labels: Record<string, string>;
  /** What the sandbox-server's claims look like. */
  readonly claims: SandboxClaimRules;
  /** The app server's ServiceAccount, whose Sandbox patches are checked. */
  readonly appServer: { readonly name: string; readonly namespace: string };
  /** What a binding does with a refused object. */
  readonly validationAction: 'Deny' | 'Warn' | 'Audit';
}

/**
 * The agent-sandbox target's ValidatingAdmissionPolicies, with a binding each, limited to the
 * sandbox namespace: SandboxClaims as the sandbox-server creates them for this config (anyone's:
 * the namespace holds sandboxes only), and the app server's updates of Sandboxes, which may only
 * pause and resume them (the controller's own updates are not matched).
 */
export class SandboxClaimPolicy extends Construct {
  /** The policy specs by kind, for tests and tools that evaluate them. */
  public readonly specs: Record<string, ClaimPolicySpec> = {};

  constructor(scope: Construct, id: string, props: SandboxClaimPolicyProps) {
    super(scope, id);
    const username = `system:serviceaccount:${props.appServer.namespace}:${props.appServer.name}`;
    const kinds: Array<[kind: string, group: string, resource: string, operation: 'CREATE' | 'UPDATE', variables: NamedExpression[], validations: Validation[], appServerOnly: boolean]> = [
      ['sandboxclaims', 'extensions.agents.x-k8s.io', 'sandboxclaims', 'CREATE', sandboxClaimVariables(props.claims), sandboxClaimValidations(props.claims), false],
      ['sandboxes', 'agents.x-k8s.io', 'sandboxes', 'UPDATE', [], sandboxPatchValidations(), true],
    ];
    for (const [kind, group, resource, operation, variables, validations, appServerOnly] of kinds) {
      const name = validatingPolicyName(props.namespace, kind);
      const metadata = { name, labels: props.labels };
      const selector = namespaceSelector(props.namespace);
      const spec: ClaimPolicySpec = {
        failurePolicy: 'Fail',
        matchConstraints: { namespaceSelector: selector, resourceRules: [resourceRule(group, resource, [operation])] },
        ...(appServerOnly && { matchConditions: [{ name: 'app-server', expression: `request.userInfo.username == ${celString(username)}` }] }),
        ...(variables.length > 0 && { variables }),
        validations,
      };
      this.specs[kind] = spec;
      new ApiObject(this, kind, { apiVersion: VALIDATING_POLICY_API_VERSION, kind: 'ValidatingAdmissionPolicy', metadata, spec });
      const binding: ValidatingAdmissionPolicyBindingSpec = {
        policyName: name,
        validationActions: [props.validationAction],
        matchResources: { namespaceSelector: selector },
      };
      new ApiObject(this, `${kind}-binding`, { apiVersion: VALIDATING_POLICY_API_VERSION, kind: 'ValidatingAdmissionPolicyBinding', metadata, spec: binding });
    }
  }
}
