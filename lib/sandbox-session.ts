import { Construct } from 'constructs';
import { actionServerCommand } from './action-server-command';
import { Config } from './config';
import { sessionLabels } from './labels';
import { lintExemptions } from './lint-exemptions';
import { EXECUTION_SERVER_PORT, runtimeNames, selectorLabels, VSCODE_PORT } from './runtime-names';
import { SandboxIngress } from './sandbox-ingress';
import { SandboxHardening, SandboxPod } from './sandbox-pod';
import { SandboxPvc } from './sandbox-pvc';
import { SandboxService } from './sandbox-service';
import { Toleration } from './tolerations';

/** Props of {@link SandboxSession}. */
export interface SandboxSessionProps {
  /** The session id. */
  readonly sessionId: string;
  /** The validated configuration. */
  readonly config: Config;
  /** Environment name, for the `app.kubernetes.io/instance` label. */
  readonly instance: string;
  /** Tolerations read from `kubernetes.tolerations_yaml`. */
  readonly tolerations: readonly Toleration[];
}

/**
 * Everything OpenHands creates for one conversation: the workspace PVC, the sandbox pod, the
 * execution-server Service and, unless headless, the VS Code Service and Ingress.
 */
export class SandboxSession extends Construct {
  constructor(scope: Construct, id: string, props: SandboxSessionProps) {
    super(scope, id);
    const { config, sessionId: sid, instance } = props;
    const { kubernetes: kube, core, sandbox } = config;
    const manifests = config.extended.manifests;
    const names = runtimeNames(sid);
    const selector = selectorLabels(sid);
    const vscode = !manifests.headless;
    const hardened = manifests.security_profile === 'hardened';
    const namespace = kube.namespace;

    const pvc = new SandboxPvc(this, 'pvc', {
      name: names.pvc,
      namespace,
      labels: sessionLabels('workspace', instance, sid, manifests.pvc_labels),
      storage: kube.pvc_storage_size,
      storageClassName: kube.pvc_storage_class,
    });

    const noPrivilegeEscalation = !kube.privileged && manifests.user_id === 0;
    const hardening: SandboxHardening | undefined = hardened ? {
      serviceAccountName: manifests.sandbox_service_account,
      runtimeClassName: manifests.runtime_class,
      noPrivilegeEscalation,
    } : undefined;
    new SandboxPod(this, 'pod', {
      name: names.pod,
      namespace,
      labels: sessionLabels('sandbox', instance, sid, manifests.pod_labels),
      annotations: hardened ? lintExemptions({ privileged: kube.privileged, noPrivilegeEscalation, addsCapabilities: !kube.privileged }) : undefined,
      image: sandbox.runtime_container_image,
      command: actionServerCommand({ workingDir: core.workspace_mount_path_in_sandbox, vscode, userId: manifests.user_id, enableBrowser: core.enable_browser }),
      env: [
        { name: 'port', value: String(EXECUTION_SERVER_PORT) },
        { name: 'PYTHONUNBUFFERED', value: '1' },
        { name: 'VSCODE_PORT', value: String(VSCODE_PORT) },
        ...(core.debug ? [{ name: 'DEBUG', value: 'true' }] : []),
        ...Object.entries(sandbox.runtime_startup_env_vars).map(([name, value]) => ({ name, value })),
      ],
      vscode,
      workspaceMountPath: core.workspace_mount_path_in_sandbox,
      claimName: pvc.name,
      cpuRequest: kube.resource_cpu_request,
      memoryRequest: kube.resource_memory_request,
      memoryLimit: kube.resource_memory_limit,
      imagePullSecret: kube.image_pull_secret || undefined,
      nodeSelector: kube.node_selector_key && kube.node_selector_val ? { [kube.node_selector_key]: kube.node_selector_val } : undefined,
      tolerations: props.tolerations,
      privileged: kube.privileged,
      hardening,
    });

    new SandboxService(this, 'svc', {
      name: names.service,
      namespace,
      labels: sessionLabels('execution-server', instance, sid),
      selector,
      portName: 'execution-server',
      port: EXECUTION_SERVER_PORT,
      targetPort: 'http',
    });

    if (!vscode) return;
    const codeService = new SandboxService(this, 'svc-code', {
      name: names.codeService,
      namespace,
      labels: sessionLabels('vscode', instance, sid),
      selector,
      portName: 'code',
      port: VSCODE_PORT,
      targetPort: 'vscode',
    });
    const tlsSecret = kube.ingress_tls_secret || undefined;
    new SandboxIngress(this, 'ingress', {
      name: names.ingress,
      namespace,
      labels: sessionLabels('vscode', instance, sid, manifests.ingress_labels),
      annotations: {
        ...manifests.ingress_annotations,
        ...(hardened && !tlsSecret && { 'polaris.fairwinds.com/tlsSettingsMissing-exempt': 'true' }),
      },
      host: `${sid}.${kube.ingress_domain}`,
      serviceName: codeService.name,
      servicePort: VSCODE_PORT,
      tlsSecret,
      ingressClassName: manifests.ingress_class,
    });
  }
}
