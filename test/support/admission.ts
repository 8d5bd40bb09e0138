import { KubeObject } from '../../lib/output/render';
import { MutatingPolicySpec } from './admission-harness';
import { find } from './fixtures';

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/**
 * What the API server does to a pod before admission policies run, as far as the policies read
 * it: defaulting gives an empty pod securityContext and enableServiceLinks: true, and the
 * ServiceAccount admission plugin sets serviceAccountName: default (the namespace's default
 * ServiceAccount has automountServiceAccountToken: false, so no token volume is added).
 */
export function beforeAdmissionPolicies(pod: any): any {
  const result = clone(pod);
  result.spec.securityContext ??= {};
  result.spec.enableServiceLinks ??= true;
  result.spec.serviceAccountName ??= 'default';
  return result;
}

/** The hardened profile's MutatingAdmissionPolicy spec, as rendered. */
export const mutatingSpec = (objects: KubeObject[], name?: string): MutatingPolicySpec => find(objects, 'MutatingAdmissionPolicy', name).spec;

