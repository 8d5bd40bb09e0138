import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { ConfigMap, LimitRange, Namespace, PersistentVolumeClaim, Pod, ResourceQuota, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { KubeObject } from '../../lib/output/render';
import { mutatingPolicyErrors } from './admission-schema';
import { crdErrors, hasCrd } from './crd-schema';

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'v1/ResourceQuota': ResourceQuota,
  'v1/LimitRange': LimitRange,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
};

/**
 * Validates each object against the Kubernetes OpenAPI schema (kubernetes-models), each custom
 * resource against its CRD's openAPIV3Schema (crd-schema.ts), and the MutatingAdmissionPolicy,
 * which kubernetes-models 4.5.1 lacks, against ./admission-schema.ts; returns the errors.
 */
export function schemaErrors(objects: readonly KubeObject[]): string[] {
  return objects.flatMap((object) => {
    if (hasCrd(object)) return crdErrors(object).map((error) => `${object.kind}/${object.metadata.name}: ${error}`);
    if (object.kind.startsWith('MutatingAdmissionPolicy')) return mutatingPolicyErrors(object).map((error) => `${object.kind}/${object.metadata.name}: ${error}`);
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (!Model) return [`${object.kind}/${object.metadata.name}: no schema for ${object.apiVersion} ${object.kind}`];
    try {
      new Model(JSON.parse(JSON.stringify(object))).validate();
      return [];
    } catch (error) {
      return [`${object.kind}/${object.metadata.name}: ${(error as Error).message}`];
    }
  });
}
