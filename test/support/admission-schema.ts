/**
 * JSON Schema of MutatingAdmissionPolicy(Binding) at admissionregistration.k8s.io/v1 and v1beta1,
 * written from kubernetes/api `admissionregistration/v1/types.go` (MutatingAdmissionPolicySpec,
 * Mutation, JSONPatch, ApplyConfiguration, MatchResources, NamedRuleWithOperations,
 * MatchCondition, Variable, ParamKind, ParamRef, MutatingAdmissionPolicyBindingSpec; the v1beta1
 * types have the same fields) and the validation in `pkg/apis/admissionregistration/validation`:
 * kubernetes-models 4.5.1 has no MutatingAdmissionPolicy at all. Strict: unknown fields fail.
 */
import Ajv from 'ajv';

const str = { type: 'string', minLength: 1 };
const strings = { type: 'array', items: { type: 'string' } };
const selector = {
  type: 'object', additionalProperties: false,
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: { type: 'array', items: { type: 'object', required: ['key', 'operator'], properties: { key: str, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: strings }, additionalProperties: false } },
  },
};
const rule = {
  type: 'object', additionalProperties: false, required: ['apiGroups', 'apiVersions', 'resources', 'operations'],
  properties: {
    apiGroups: strings, apiVersions: strings, resources: strings, resourceNames: strings,
    // DELETE is not allowed in a MutatingAdmissionPolicy (validation.go validateMutatingRules).
    operations: { type: 'array', minItems: 1, items: { enum: ['CREATE', 'UPDATE', 'CONNECT', '*'] } },
    scope: { enum: ['Cluster', 'Namespaced', '*'] },
  },
};
const matchResources = (rulesRequired: boolean) => ({
  type: 'object', additionalProperties: false, ...(rulesRequired && { required: ['resourceRules'] }),
  properties: {
    namespaceSelector: selector, objectSelector: selector,
    resourceRules: { type: 'array', items: rule, ...(rulesRequired && { minItems: 1 }) },
    excludeResourceRules: { type: 'array', items: rule },
    matchPolicy: { enum: ['Exact', 'Equivalent'] },
  },
});
const named = { type: 'object', additionalProperties: false, required: ['name', 'expression'], properties: { name: { type: 'string', pattern: '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$', maxLength: 63 }, expression: str } };
const mutation = {
  type: 'object', additionalProperties: false, required: ['patchType'],
  properties: {
    patchType: { enum: ['ApplyConfiguration', 'JSONPatch'] },
    jsonPatch: { type: 'object', additionalProperties: false, required: ['expression'], properties: { expression: str } },
    applyConfiguration: { type: 'object', additionalProperties: false, required: ['expression'], properties: { expression: str } },
  },
  oneOf: [
    { properties: { patchType: { const: 'JSONPatch' } }, required: ['jsonPatch'], not: { required: ['applyConfiguration'] } },
    { properties: { patchType: { const: 'ApplyConfiguration' } }, required: ['applyConfiguration'], not: { required: ['jsonPatch'] } },
  ],
};
const metadata = { type: 'object', required: ['name'], properties: { name: str, namespace: { not: {} }, labels: { type: 'object', additionalProperties: { type: 'string' } } } };
const policy = {
  type: 'object', additionalProperties: false, required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'] }, kind: { const: 'MutatingAdmissionPolicy' }, metadata,
    spec: {
      type: 'object', additionalProperties: false, required: ['matchConstraints', 'mutations', 'reinvocationPolicy'],
      properties: {
        paramKind: { type: 'object', properties: { apiVersion: str, kind: str }, additionalProperties: false },
        matchConstraints: matchResources(true),
        variables: { type: 'array', items: named },
        mutations: { type: 'array', minItems: 1, items: mutation },
        failurePolicy: { enum: ['Fail', 'Ignore'] },
        matchConditions: { type: 'array', maxItems: 64, items: named },
        reinvocationPolicy: { enum: ['Never', 'IfNeeded'] },
      },
    },
  },
};
const binding = {
  type: 'object', additionalProperties: false, required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: ['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'] }, kind: { const: 'MutatingAdmissionPolicyBinding' }, metadata,
    spec: {
      type: 'object', additionalProperties: false, required: ['policyName'],
      properties: {
        policyName: str,
        paramRef: { type: 'object', additionalProperties: false, properties: { name: str, namespace: str, selector, parameterNotFoundAction: { enum: ['Allow', 'Deny'] } } },
        matchResources: matchResources(false),
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = { MutatingAdmissionPolicy: ajv.compile(policy), MutatingAdmissionPolicyBinding: ajv.compile(binding) };

/** Errors of a MutatingAdmissionPolicy or its binding against the types.go shape. */
export function mutatingPolicyErrors(object: { kind: string }): string[] {
  const validate = validators[object.kind as keyof typeof validators];
  if (!validate) return [`no schema for ${object.kind}`];
  return validate(object) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
