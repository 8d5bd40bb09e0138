/**
 * The admission policy shapes, from kubernetes/api `admissionregistration/v1/types.go` (identical
 * fields in v1beta1 for the mutating policy): cdk8s-plus-28's imports predate them, and
 * kubernetes-models 4.5.1 has no MutatingAdmissionPolicy. JSON field names as the API takes them.
 */

/** `NamedRuleWithOperations`: which requests a policy matches. */
export interface AdmissionRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  readonly operations: ReadonlyArray<'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT' | '*'>;
  readonly scope?: 'Cluster' | 'Namespaced' | '*';
}

/** A label selector, `matchLabels` only. */
export interface LabelSelector {
  readonly matchLabels: Record<string, string>;
}

/** `MatchResources`. */
export interface MatchResources {
  readonly namespaceSelector?: LabelSelector;
  readonly objectSelector?: LabelSelector;
  readonly resourceRules?: readonly AdmissionRule[];
}

/** `MatchCondition` and `Variable` share this shape. */
export interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

/** `Validation`: a CEL check, its fixed message (no line breaks) and the message built in CEL. */
export interface Validation {
  readonly expression: string;
  readonly message: string;
  readonly messageExpression?: string;
  readonly reason?: 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';
}

/** `ValidatingAdmissionPolicySpec`: config values are written into the expressions; params only name a RuntimeClass. */
export interface ValidatingAdmissionPolicySpec {
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** The kind of the object bound as `params` (a RuntimeClass, whose scheduling pods may carry). */
  readonly paramKind?: { readonly apiVersion: string; readonly kind: string };
  readonly matchConstraints: MatchResources;
  readonly matchConditions?: readonly NamedExpression[];
  /** Named CEL values, `variables.<name>`, evaluated lazily: one per rule. */
  readonly variables?: readonly NamedExpression[];
  readonly validations: readonly Validation[];
}

/** `ValidatingAdmissionPolicyBindingSpec`. */
export interface ValidatingAdmissionPolicyBindingSpec {
  readonly policyName: string;
  /** The cluster-scoped object bound as `params`; refused when it does not exist. */
  readonly paramRef?: { readonly name: string; readonly parameterNotFoundAction: 'Deny' | 'Allow' };
  readonly validationActions: ReadonlyArray<'Deny' | 'Warn' | 'Audit'>;
  readonly matchResources?: MatchResources;
}

/** `Mutation` with `patchType: JSONPatch`: the expression returns `list(JSONPatch)`. */
export interface JsonPatchMutation {
  readonly patchType: 'JSONPatch';
  readonly jsonPatch: { readonly expression: string };
}

/** `MutatingAdmissionPolicySpec`. */
export interface MutatingAdmissionPolicySpec {
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly reinvocationPolicy: 'Never' | 'IfNeeded';
  readonly matchConstraints: MatchResources;
  readonly matchConditions?: readonly NamedExpression[];
  readonly mutations: readonly JsonPatchMutation[];
}

/** `MutatingAdmissionPolicyBindingSpec`. */
export interface MutatingAdmissionPolicyBindingSpec {
  readonly policyName: string;
  readonly matchResources?: MatchResources;
}

/** A CEL string literal. */
export const celString = (text: string): string => JSON.stringify(text);

/** A CEL list of string literals. */
export const celStrings = (texts: readonly string[]): string => `[${texts.map(celString).join(', ')}]`;

/** Selects one namespace by the label the API server sets on every namespace (1.21+). */
export const namespaceSelector = (namespace: string): LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': namespace } });

/** A rule for namespaced resources (and subresources, like `pods/ephemeralcontainers`) of one group, any version. */
export const resourceRule = (apiGroup: string, resource: string | readonly string[], operations: AdmissionRule['operations']): AdmissionRule => ({
  apiGroups: [apiGroup], apiVersions: ['*'], resources: typeof resource === 'string' ? [resource] : [...resource], operations, scope: 'Namespaced',
});
