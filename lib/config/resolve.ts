import { ingressLintExemptions, podLintExemptions } from '../openhands/lint-exemptions';
import { actionServerCommand } from '../openhands/action-server-command';
import { openhandsEnv } from '../openhands/runtime-names';
import { SandboxHardening } from '../openhands/sandbox-pod';
import { Config } from './schema';
import { Settings } from './settings';
import { parseTolerations } from './tolerations';

/**
 * Resolves a validated configuration into {@link Settings}, once: the security profile's
 * decisions, the tolerations, the command line and the environment of the sandbox.
 */
export function resolveSettings(config: Config, name: string): Settings {
  const { kubernetes: kube, core, sandbox } = config;
  const manifests = config.extended.manifests;
  const hardened = manifests.security_profile === 'hardened';
  const vscode = !manifests.headless;
  const noPrivilegeEscalation = !kube.privileged && manifests.user_id === 0;
  const hardening: SandboxHardening | undefined = hardened ? {
    serviceAccountName: manifests.sandbox_service_account,
    runtimeClassName: manifests.runtime_class,
    noPrivilegeEscalation,
  } : undefined;
  const tlsSecret = kube.ingress_tls_secret || undefined;
  const appServer = manifests.app_server;

  return {
    name,
    namespace: kube.namespace,
    hardened,
    sessions: manifests.sessions,
    pod: {
      annotations: hardened ? podLintExemptions({ privileged: kube.privileged, noPrivilegeEscalation, addsCapabilities: !kube.privileged }) : undefined,
      image: sandbox.runtime_container_image,
      command: actionServerCommand({ workingDir: core.workspace_mount_path_in_sandbox, vscode, userId: manifests.user_id, enableBrowser: core.enable_browser }),
      env: [
        ...openhandsEnv(core.debug),
        ...Object.entries(sandbox.runtime_startup_env_vars).map(([envName, value]) => ({ name: envName, value })),
      ],
      vscode,
      workspaceMountPath: core.workspace_mount_path_in_sandbox,
      cpuRequest: kube.resource_cpu_request,
      memoryRequest: kube.resource_memory_request,
      memoryLimit: kube.resource_memory_limit,
      imagePullSecret: kube.image_pull_secret || undefined,
      nodeSelector: kube.node_selector_key && kube.node_selector_val ? { [kube.node_selector_key]: kube.node_selector_val } : undefined,
      tolerations: parseTolerations(kube.tolerations_yaml).tolerations,
      privileged: kube.privileged,
      hardening,
    },
    workspace: { storage: kube.pvc_storage_size, storageClassName: kube.pvc_storage_class },
    vscode: vscode ? {
      domain: kube.ingress_domain,
      tlsSecret,
      ingressClassName: manifests.ingress_class,
      annotations: { ...manifests.ingress_annotations, ...(hardened && ingressLintExemptions(tlsSecret !== undefined)) },
    } : undefined,
    // Spread into ordinary objects: own properties for every key (even `__proto__`), as cdk8s expects.
    extraLabels: { pod: { ...manifests.pod_labels }, pvc: { ...manifests.pvc_labels }, ingress: { ...manifests.ingress_labels } },
    cluster: {
      namespace: (manifests.namespace ?? hardened) && kube.namespace !== 'default' ? { name: kube.namespace, privileged: kube.privileged } : undefined,
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
      } : undefined,
    },
    layout: manifests.layout,
  };
}
