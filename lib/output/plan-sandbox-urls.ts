/** The URLs the app server gives one sample sandbox, as `plan` shows them. */
export interface SandboxUrlSample {
  /** The sample sandbox id. */
  readonly sandboxId: string;
  /** URL by exposed port name (`AGENT_SERVER`, `VSCODE`). */
  readonly urls: Record<string, string>;
}

/**
 * The plan rows of an agent-sandbox environment's sandbox URLs: what the app server and browsers
 * use for one sample sandbox, one row per exposed port.
 */
export function sandboxUrlRows(sample: SandboxUrlSample | undefined): Array<[string, string]> {
  if (!sample) return [];
  return Object.entries(sample.urls).map(([name, url]): [string, string] => [`URL ${name} (sandbox ${sample.sandboxId})`, url]);
}
