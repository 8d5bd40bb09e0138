import { isAgentSandbox } from '../config/settings';
import { ClusterReader } from './cluster';
import { PreflightInput, Requirement } from './preflight';

/** Every string value of `field` anywhere in the objects (pod specs, claim templates, Ingresses). */
function valuesOf(objects: readonly unknown[], field: string): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === field && typeof child === 'string' && child !== '') found.add(child);
        else walk(child);
      }
    }
  };
  walk(objects);
  return found;
}

interface ClassKind {
  readonly label: string;
  readonly collection: string;
  readonly defaultAnnotation?: string;
  readonly key: string;
}

const STORAGE: ClassKind = { label: 'StorageClass', collection: '/apis/storage.k8s.io/v1/storageclasses', defaultAnnotation: 'storageclass.kubernetes.io/is-default-class', key: 'kubernetes.pvc_storage_class' };
const RUNTIME: ClassKind = { label: 'RuntimeClass', collection: '/apis/node.k8s.io/v1/runtimeclasses', key: 'extended.manifests.runtime_class' };
const INGRESS: ClassKind = { label: 'IngressClass', collection: '/apis/networking.k8s.io/v1/ingressclasses', defaultAnnotation: 'ingressclass.kubernetes.io/is-default-class', key: 'extended.manifests.ingress_class' };

async function namedClass(kind: ClassKind, name: string, reader: ClusterReader, environment: string): Promise<Requirement> {
  const requirement = `${kind.label} ${name} (${kind.key})`;
  const response = await reader.get(`${kind.collection}/${name}`);
  if (!response || (response.status !== 200 && response.status !== 404)) return { environment, requirement, status: 'unknown', detail: 'not known', fix: `kubectl get --raw ${kind.collection}/${name}` };
  if (response.status === 200) return { environment, requirement, status: 'ok', detail: 'exists' };
  const list = await reader.get(kind.collection);
  const names = list?.status === 200 ? (list.body.items ?? []).map((item: any) => item.metadata?.name).filter(Boolean) : [];
  return { environment, requirement, status: 'missing', detail: `the cluster has no ${kind.label} ${name}${names.length > 0 ? ` (it has ${names.join(', ')})` : ''}`, fix: `create it, or change ${kind.key}` };
}

async function defaultClass(kind: ClassKind, reader: ClusterReader, environment: string, blocking: boolean, consequence: string): Promise<Requirement> {
  const requirement = `a default ${kind.label} (${kind.key} is unset)`;
  const list = await reader.get(kind.collection);
  if (!list || list.status !== 200) return { environment, requirement, status: 'unknown', detail: 'not known', fix: `kubectl get --raw ${kind.collection}` };
  const items: any[] = list.body.items ?? [];
  const marked = items.filter((item) => item.metadata?.annotations?.[kind.defaultAnnotation!] === 'true').map((item) => item.metadata.name);
  if (marked.length > 0) return { environment, requirement, status: 'ok', detail: `${marked.join(', ')} is the default` };
  const names = items.map((item) => item.metadata?.name);
  return { environment, requirement, status: blocking ? 'will-fail' : 'warning', detail: `none is marked default: ${consequence}`, fix: `set ${kind.key}${names.length > 0 ? ` to one of ${names.join(', ')}` : ''}, or mark one default (${kind.defaultAnnotation}: "true")` };
}

/** The storage, runtime and ingress classes the config names (or the defaults it relies on) exist. */
export async function classRequirements({ environment, objects }: PreflightInput, reader: ClusterReader): Promise<Requirement[]> {
  const { config, settings, name } = environment;
  const manifests = config.extended.manifests;
  const results: Requirement[] = [];
  const storage = valuesOf(objects, 'storageClassName');
  if (config.kubernetes.pvc_storage_class) storage.add(config.kubernetes.pvc_storage_class);
  for (const className of [...storage].sort()) results.push(await namedClass(STORAGE, className, reader, name));
  if (config.kubernetes.pvc_storage_class === undefined || config.kubernetes.pvc_storage_class === null) {
    results.push(await defaultClass(STORAGE, reader, name, true, 'every workspace claim stays Pending and no sandbox starts'));
  }
  const runtime = valuesOf(objects, 'runtimeClassName');
  if (manifests.runtime_class) runtime.add(manifests.runtime_class);
  for (const className of [...runtime].sort()) results.push(await namedClass(RUNTIME, className, reader, name));
  const ingress = valuesOf(objects, 'ingressClassName');
  if (manifests.ingress_class) ingress.add(manifests.ingress_class);
  for (const className of [...ingress].sort()) results.push(await namedClass(INGRESS, className, reader, name));
  const makesIngresses = objects.some((o) => o.kind === 'Ingress') || (!isAgentSandbox(settings) && settings.vscode !== undefined);
  if (ingress.size === 0 && makesIngresses) results.push(await defaultClass(INGRESS, reader, name, false, 'Ingresses without a class may be served by no controller'));
  return results;
}

/** Pod Security admission (built in from 1.25) and the version the namespace's labels pin. */
export function podSecurityRequirements({ environment, objects }: PreflightInput, minor: number | undefined): Requirement[] {
  const namespace = objects.find((o) => o.kind === 'Namespace');
  const labels = (namespace?.metadata.labels ?? {}) as Record<string, string>;
  const enforce = labels['pod-security.kubernetes.io/enforce'];
  if (!namespace || !enforce) return [];
  const pinned = labels['pod-security.kubernetes.io/enforce-version'] ?? 'latest';
  const requirement = `Pod Security admission (${namespace.metadata.name}: enforce ${enforce} at ${pinned})`;
  if (minor === undefined) return [{ environment: environment.name, requirement, status: 'unknown', detail: 'the server version is not known', fix: 'kubectl get --raw /version' }];
  if (minor < 25) return [{ environment: environment.name, requirement, status: 'will-fail', detail: `Kubernetes 1.${minor} has no Pod Security admission built in: nothing enforces the namespace's level`, fix: 'upgrade the cluster (1.30 or later)' }];
  const pinnedMinor = /^v1\.(\d+)$/.exec(pinned)?.[1];
  if (pinnedMinor !== undefined && Number(pinnedMinor) > minor) {
    return [{ environment: environment.name, requirement, status: 'warning', detail: `pins ${pinned}, newer than the server (1.${minor}): it evaluates the level as of its own version`, fix: `set extended.manifests.governance.kubernetes_version = "1.${minor}" and re-synth` }];
  }
  return [{ environment: environment.name, requirement, status: 'ok', detail: `built in since 1.25; the server is 1.${minor}` }];
}
