// Discovery documents of real Kubernetes versions, as a default-configured API server serves them
// (no --runtime-config, no feature gates), for the fake API server (fake-api-server.ts). Recorded
// from the Kubernetes API reference and feature-state docs:
// - ValidatingAdmissionPolicy: v1 from 1.30 (GA); v1beta1 only with
//   --runtime-config=admissionregistration.k8s.io/v1beta1=true (beta APIs are off by default).
// - MutatingAdmissionPolicy: v1alpha1 from 1.32 (alpha), v1beta1 from 1.34 (beta), both only with
//   --feature-gates=MutatingAdmissionPolicy=true and the matching --runtime-config; v1 from 1.36 (GA, on).
// - /version: {major, minor, gitVersion, ...}; managed clusters may report minor "30+".
// CRD groups (Gateway API, agent-sandbox) come from the vendored CRDs in imports/crds/.
import { readdirSync, readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { crdPath } from './vendored';

export interface Resource { name: string; singularName: string; namespaced: boolean; kind: string; verbs: string[] }
/** group ("" for core) -> version -> resources. */
export type Served = Map<string, Map<string, Resource[]>>;

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const r = (name: string, kind: string, namespaced = true): Resource => ({ name, singularName: kind.toLowerCase(), namespaced, kind, verbs: VERBS });

/** Options of a cluster: its minor version and what its administrator turned on. */
export interface ClusterVersion {
  minor: number;
  patch?: number;
  /** `--runtime-config` group versions, e.g. `admissionregistration.k8s.io/v1beta1` (with the feature gate). */
  runtimeConfig?: readonly string[];
  /** Vendored CRD folders installed: `gateway-api-v1.5.1`, `agent-sandbox-v0.5.6`. */
  crds?: readonly string[];
}

function admission(minor: number, runtimeConfig: readonly string[]): Map<string, Resource[]> {
  const versions = new Map<string, Resource[]>();
  const vap = [r('validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false), r('validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false)];
  const map = [r('mutatingadmissionpolicies', 'MutatingAdmissionPolicy', false), r('mutatingadmissionpolicybindings', 'MutatingAdmissionPolicyBinding', false)];
  const webhooks = [r('mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false), r('validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false)];
  versions.set('v1', [...webhooks, ...(minor >= 30 ? vap : []), ...(minor >= 36 ? map : [])]);
  if (runtimeConfig.includes('admissionregistration.k8s.io/v1beta1')) versions.set('v1beta1', [...vap, ...(minor >= 34 ? map : [])]);
  if (runtimeConfig.includes('admissionregistration.k8s.io/v1alpha1') && minor >= 32) versions.set('v1alpha1', map);
  return versions;
}

function crdGroups(folder: string, served: Served): void {
  for (const file of readdirSync(crdPath(folder)).filter((name) => name.endsWith('.yaml'))) {
    for (const crd of loadAll(readFileSync(crdPath(folder, file), 'utf8')) as any[]) {
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const group = served.get(crd.spec.group) ?? new Map<string, Resource[]>();
      for (const version of crd.spec.versions.filter((v: any) => v.served)) {
        group.set(version.name, [...(group.get(version.name) ?? []), r(crd.spec.names.plural, crd.spec.names.kind, crd.spec.scope === 'Namespaced')]);
      }
      served.set(crd.spec.group, group);
    }
  }
}

/** What a cluster of this version serves. */
export function servedApis(cluster: ClusterVersion): Served {
  const served: Served = new Map([
    ['', new Map([['v1', [
      r('configmaps', 'ConfigMap'), r('limitranges', 'LimitRange'), r('namespaces', 'Namespace', false), r('nodes', 'Node', false),
      r('persistentvolumeclaims', 'PersistentVolumeClaim'), r('persistentvolumes', 'PersistentVolume', false), r('pods', 'Pod'),
      r('resourcequotas', 'ResourceQuota'), r('secrets', 'Secret'), r('serviceaccounts', 'ServiceAccount'), r('services', 'Service'),
    ]]])],
    ['apps', new Map([['v1', [r('deployments', 'Deployment'), r('statefulsets', 'StatefulSet'), r('daemonsets', 'DaemonSet'), r('replicasets', 'ReplicaSet')]]])],
    ['rbac.authorization.k8s.io', new Map([['v1', [r('clusterrolebindings', 'ClusterRoleBinding', false), r('clusterroles', 'ClusterRole', false), r('rolebindings', 'RoleBinding'), r('roles', 'Role')]]])],
    ['networking.k8s.io', new Map([['v1', [r('ingressclasses', 'IngressClass', false), r('ingresses', 'Ingress'), r('networkpolicies', 'NetworkPolicy')]]])],
    ['storage.k8s.io', new Map([['v1', [r('csidrivers', 'CSIDriver', false), r('storageclasses', 'StorageClass', false), r('volumeattachments', 'VolumeAttachment', false)]]])],
    ['node.k8s.io', new Map([['v1', [r('runtimeclasses', 'RuntimeClass', false)]]])],
    ['admissionregistration.k8s.io', admission(cluster.minor, cluster.runtimeConfig ?? [])],
  ]);
  for (const folder of cluster.crds ?? []) crdGroups(folder, served);
  return served;
}

/** The discovery documents: `/version`, `/api`, `/apis`, `/api/v1` and `/apis/<group>/<version>`. */
export function discoveryDocuments(cluster: ClusterVersion): Map<string, unknown> {
  const served = servedApis(cluster);
  const docs = new Map<string, unknown>();
  const patch = cluster.patch ?? 4;
  docs.set('/version', { major: '1', minor: String(cluster.minor), gitVersion: `v1.${cluster.minor}.${patch}`, gitCommit: '0'.repeat(40), gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.24.0', compiler: 'gc', platform: 'linux/amd64' });
  docs.set('/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }] });
  const groups = [...served].filter(([group]) => group !== '').map(([group, versions]) => {
    const list = [...versions.keys()].map((version) => ({ groupVersion: `${group}/${version}`, version }));
    return { name: group, versions: list, preferredVersion: list[0] };
  });
  docs.set('/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups });
  for (const [group, versions] of served) {
    for (const [version, resources] of versions) {
      const groupVersion = group ? `${group}/${version}` : version;
      docs.set(group ? `/apis/${groupVersion}` : `/api/${version}`, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources });
    }
  }
  return docs;
}
