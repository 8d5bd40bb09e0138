/** An API server's answer to one request: the HTTP status and the parsed JSON body. */
export interface ApiResponse {
  readonly status: number;
  readonly body: any;
}

/**
 * Read-only access to a cluster: GET requests only. `get` returns undefined when the source cannot
 * say (a saved dump that lacks the path), never for a live server.
 */
export interface ClusterReader {
  /** Where it reads from, for messages (`context kind-dev (https://...)`, `dump cluster.json`). */
  readonly source: string;
  get(path: string): Promise<ApiResponse | undefined>;
}

/** A live cluster: reads, and server-side dry-run creates (`dryRun=All`: nothing is persisted). */
export interface ClusterClient extends ClusterReader {
  /** POSTs `body` to `path` with `?dryRun=All`: the API server admits or refuses it, and stores nothing. */
  dryRunCreate(path: string, body: unknown): Promise<ApiResponse>;
}

/** One resource type as discovery describes it. */
export interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** `{major, minor}` of a `/version` answer (`minor: "30+"` on some managed clusters), or undefined. */
export function serverMinor(version: any): number | undefined {
  const minor = /^(\d+)/.exec(String(version?.minor ?? ''))?.[1];
  if (String(version?.major) === '1' && minor !== undefined) return Number(minor);
  const git = /^v1\.(\d+)\./.exec(String(version?.gitVersion ?? ''))?.[1];
  return git === undefined ? undefined : Number(git);
}

/** Group and version of an `apiVersion` (`v1` is the core group ""). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * What the API server serves, read once per run through discovery: the versions of each group
 * (`/api`, `/apis`) and the resources of each group version (`/api/v1`, `/apis/<group>/<version>`).
 */
export class Discovery {
  private groups?: Map<string, string[]>;
  private readonly lists = new Map<string, Promise<ApiResource[] | undefined>>();

  constructor(private readonly reader: ClusterReader) {}

  /** The versions each group serves ("" for the core group), or undefined when the source cannot say. */
  async servedGroups(): Promise<Map<string, string[]> | undefined> {
    if (this.groups) return this.groups;
    const [core, apis] = await Promise.all([this.reader.get('/api'), this.reader.get('/apis')]);
    if (!core || !apis || core.status !== 200 || apis.status !== 200) return undefined;
    const groups = new Map<string, string[]>([['', (core.body.versions ?? []) as string[]]]);
    for (const group of apis.body.groups ?? []) groups.set(group.name, (group.versions ?? []).map((v: any) => v.version));
    this.groups = groups;
    return groups;
  }

  /** The resources of a group version, or undefined when it is not served (or the source cannot say). */
  resources(apiVersion: string): Promise<ApiResource[] | undefined> {
    let list = this.lists.get(apiVersion);
    if (!list) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      list = this.reader.get(path).then((response) => (response?.status === 200 ? (response.body.resources ?? []).filter((r: ApiResource) => !r.name.includes('/')) : undefined));
      this.lists.set(apiVersion, list);
    }
    return list;
  }

  /** The resource of a kind at an apiVersion, or undefined. */
  async resourceOf(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    return (await this.resources(apiVersion))?.find((resource) => resource.kind === kind);
  }

  /** The REST path of an object (its collection when `name` is omitted). */
  static pathOf(apiVersion: string, resource: ApiResource, namespace: string | undefined, name?: string): string {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const scope = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : '';
    return `${base}${scope}/${resource.name}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }
}
