import { ingressLintExemptions, podLintExemptions } from '../openhands/lint-exemptions';
import { actionServerCommand } from '../openhands/action-server-command';
import { sandboxPlugins } from '../openhands/agents';
import { parseRelease, releaseFeatures } from '../openhands/releases';
import { openhandsEnv } from '../openhands/runtime-names';
import { workspaceFromVolumes } from '../openhands/volumes';
import { Environment } from './env-overrides';
import { SandboxHardening, SandboxPodSpec } from '../openhands/sandbox-pod';
import { podSecurityVersion } from '../cluster/sandbox-namespace';
import { GITOPS_ANNOTATIONS, resolveGovernance, SYSBOX_ANNOTATIONS } from './resolve-governance';
import { Config } from './schema';
import { resolveAgentSandbox } from './resolve-agent-sandbox';
import { EnvironmentSettings, Settings } from './settings';
import { podBasics, startupEnv } from './_pod-basics';
import { resolveUserId } from './user-id';

/** Resolves a validated configuration into the settings of its target. */
export function resolveEnvironment(config: Config, name: string, env: Environment = {}): EnvironmentSettings {
  return config.extended.manifests.target === 'agent-sandbox' ? resolveAgentSandbox(config, name) : resolveSettings(config, name, env);
}

/**
 * Resolves a validated configuration of target "openhands-runtime" into {@link Settings}, once: the security profile's
 * decisions, the tolerations, the command line and the environment of the sandbox. `env` is the
 * app server's environment, for what OpenHands reads outside its config (`RUNTIME_UID`).
 * @throws Error when the user id cannot be derived (loadConfig reports that as a ConfigError first).
 */
export function resolveSettings(config: Config, name: string, env: Environment = {}): Settings {
  const { kubernetes: kube, core, sandbox } = config;
  const manifests = config.extended.manifests;
  const hardened = manifests.security_profile === 'hardened';
  const vscode = !manifests.headless;
  const resolved = resolveUserId(config, env);
  if ('problem' in resolved) throw new Error(`${resolved.problem.key}: ${resolved.problem.message}`);
  const { userId } = resolved;
  // finalize_config: a sandbox.volumes mount at exactly /workspace wins over the core key.
  const workspace = workspaceFromVolumes(sandbox.volumes) ?? core.workspace_mount_path_in_sandbox;
  const noPrivilegeEscalation = !kube.privileged && userId === '0';
  const hardening: SandboxHardening | undefined = hardened ? {
    serviceAccountName: manifests.sandbox_service_account,
    runtimeClassName: manifests.runtime_class,
    noPrivilegeEscalation,
    ephemeralStorageLimit: manifests.governance.ephemeral_storage_limit,
  } : undefined;
  const podAnnotations = hardened ? {
    ...podLintExemptions({ privileged: kube.privileged, noPrivilegeEscalation, addsCapabilities: !kube.privileged }),
    ...(manifests.runtime_class === 'sysbox-runc' && SYSBOX_ANNOTATIONS),
  } : undefined;
  const tlsSecret = kube.ingress_tls_secret || undefined;
  const appServer = manifests.app_server;
  const pod: SandboxPodSpec = {
    annotations: podAnnotations,
    image: sandbox.runtime_container_image,
    command: actionServerCommand({
      workingDir: workspace,
      plugins: sandboxPlugins(core.default_agent, vscode),
      userId,
      enableBrowser: core.enable_browser,
      release: releaseFeatures(parseRelease(manifests.openhands_version)!),
      gitUser: { name: core.git_user_name, email: core.git_user_email },
      browsergymEvalEnv: sandbox.browsergym_eval_env,
    }),
    env: [
      ...openhandsEnv(core.debug),
      ...startupEnv(sandbox),
    ],
    vscode,
    workspaceMountPath: workspace,
    ...podBasics(kube),
    hardening,
  };
  const sessionAnnotations = hardened && manifests.governance.gitops_annotations ? GITOPS_ANNOTATIONS : undefined;
  const ingressAnnotations = { ...manifests.ingress_annotations, ...(hardened && ingressLintExemptions(tlsSecret !== undefined)) };

  return {
    name,
    namespace: kube.namespace,
    hardened,
    sessions: manifests.sessions,
    pod,
    workspace: { storage: kube.pvc_storage_size, storageClassName: kube.pvc_storage_class },
    vscode: vscode ? {
      domain: kube.ingress_domain,
      tlsSecret,
      ingressClassName: manifests.ingress_class,
      annotations: ingressAnnotations,
    } : undefined,
    // Spread into ordinary objects: own properties for every key (even `__proto__`), as cdk8s expects.
    extraLabels: { pod: { ...manifests.pod_labels }, pvc: { ...manifests.pvc_labels }, ingress: { ...manifests.ingress_labels } },
    sessionAnnotations,
    cluster: {
      namespace: (manifests.namespace ?? hardened) && kube.namespace !== 'default' ? { name: kube.namespace, privileged: kube.privileged, podSecurityVersion: podSecurityVersion(manifests.governance.kubernetes_version) } : undefined,
      sandboxServiceAccount: hardened ? { name: manifests.sandbox_service_account } : undefined,
      rbac: manifests.rbac ?? hardened ? {
        serviceAccount: appServer.service_account ? { name: appServer.service_account, namespace: appServer.namespace } : undefined,
        listWatch: appServer.list_watch,
      } : undefined,
      networkPolicy: manifests.network_policy.enabled ?? hardened ? {
        appServerNamespace: appServer.namespace,
        appServerPodLabels: { ...appServer.pod_labels },
        ingressControllerNamespace: vscode ? manifests.network_policy.ingress_controller_namespace : undefined,
        allowEgressCidrs: manifests.network_policy.allow_egress_cidrs,
        allowEgressPorts: manifests.network_policy.allow_egress_ports,
        dnsNamespace: manifests.network_policy.dns_namespace,
      } : undefined,
      ...resolveGovernance(config, name, { pod, sessionAnnotations, ingressAnnotations }),
    },
    layout: manifests.layout,
  };
}
