/**
 * Every linter opt-out the generated objects carry, in one place: kube-linter's
 * `ignore-check.kube-linter.io/<check>` with a reason, Polaris' `<check>-exempt: "true"`.
 */

/** What decides which linter findings a sandbox pod carries by design. */
export interface LintExemptionProps {
  /** The container is privileged. */
  readonly privileged: boolean;
  /** `allowPrivilegeEscalation: false` is set. */
  readonly noPrivilegeEscalation: boolean;
  /** Capabilities beyond none are added back (hardened, not privileged). */
  readonly addsCapabilities: boolean;
}

/**
 * kube-linter and Polaris opt-out annotations for the findings a root sandbox trips by nature,
 * each kube-linter one with its reason (Polaris exemptions take only "true").
 */
export function podLintExemptions(props: LintExemptionProps): Record<string, string> {
  const reasons: Record<string, [polarisCheck: string, reason: string]> = {
    'run-as-non-root': ['runAsRootAllowed', 'The OpenHands sandbox runs as root: the agent installs system packages.'],
    'no-read-only-root-fs': ['notReadOnlyRootFilesystem', 'The OpenHands sandbox writes to its root filesystem (packages, tools, caches).'],
    'unset-cpu-requirements': ['cpuLimitsMissing', 'OpenHands sets a CPU request and deliberately no CPU limit, so builds can burst.'],
  };
  if (props.privileged) {
    reasons['privileged-container'] = ['runAsPrivileged', 'privileged = true in [kubernetes]: the sandbox runs Docker inside.'];
    reasons['drop-net-raw-capability'] = ['insecureCapabilities', 'A privileged container holds every capability; dropping some would not confine it.'];
  }
  if (!props.noPrivilegeEscalation) {
    reasons['privilege-escalation-container'] = ['privilegeEscalationAllowed', props.privileged
      ? 'A privileged container always allows privilege escalation.'
      : 'The agent runs as a non-root user and needs sudo.'];
  }
  const annotations: Record<string, string> = {};
  for (const [check, [polarisCheck, reason]] of Object.entries(reasons)) {
    annotations[`ignore-check.kube-linter.io/${check}`] = reason;
    annotations[`polaris.fairwinds.com/${polarisCheck}-exempt`] = 'true';
  }
  if (props.addsCapabilities) {
    // Polaris flags any of Docker's default capabilities; the sandbox adds back the baseline ones.
    annotations['polaris.fairwinds.com/insecureCapabilities-exempt'] = 'true';
  }
  return annotations;
}

/** Polaris flags an Ingress without TLS; a sandbox ingress without `ingress_tls_secret` carries it knowingly. */
export function ingressLintExemptions(tls: boolean): Record<string, string> {
  return tls ? {} : { 'polaris.fairwinds.com/tlsSettingsMissing-exempt': 'true' };
}
