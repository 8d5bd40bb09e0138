/**
 * `sandbox.volumes` as OpenHands' `finalize_config` reads it: comma-separated
 * `host:container[:mode]` mounts. The Kubernetes runtime mounts none of them; the only effect on
 * the pod is that a mount whose container path is exactly `/workspace` makes `/workspace` the
 * workspace mount path (and `--working-dir`), whatever `core.workspace_mount_path_in_sandbox` says.
 */

/** Why OpenHands would refuse to start with these volumes, or undefined when they are valid. */
export function checkSandboxVolumes(volumes: string): string | undefined {
  const bad = volumes.split(',').find((mount) => {
    const parts = mount.split(':');
    return parts.length < 2 || parts.length > 3;
  });
  if (bad === undefined) return undefined;
  const which = bad === '' ? 'an empty mount (an empty value or a stray comma)' : `the mount "${bad}"`;
  return `has ${which}: every comma-separated mount must be host:container or host:container:mode, else OpenHands raises "Invalid mount format in sandbox.volumes" and does not start`;
}

/** The workspace mount path `sandbox.volumes` forces, if any (only an exact `/workspace`). */
export function workspaceFromVolumes(volumes: string | undefined): string | undefined {
  if (volumes === undefined) return undefined;
  return volumes.split(',').some((mount) => mount.split(':')[1] === '/workspace') ? '/workspace' : undefined;
}
