import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Component, openhandsSessionLabels, sessionLabels } from './labels';
import { runtimeNames, selectorLabels, VSCODE_PORT } from './runtime-names';
import { SandboxIngress } from './sandbox-ingress';
import { SandboxPod, SandboxPodSpec } from './sandbox-pod';
import { SESSION_SERVICE_PORTS } from './sandbox-pod-shape';
import { SandboxPvc } from './sandbox-pvc';
import { SandboxService } from './sandbox-service';

/** The workspace volume of each session. */
export interface SandboxWorkspace {
  /** Requested storage, written exactly as configured. */
  readonly storage: string;
  /**
   * StorageClass name; `""` disables dynamic provisioning.
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;
}

/** How a session's VS Code is exposed: its Service and Ingress. */
export interface SandboxVscode {
  /** Domain of the host `<sid>.<domain>`. */
  readonly domain: string;
  /**
   * TLS Secret for the host.
   * @default - no TLS
   */
  readonly tlsSecret?: string;
  /**
   * IngressClass name.
   * @default - the cluster's default class
   */
  readonly ingressClassName?: string;
  /**
   * Annotations of the Ingress besides the external-dns one.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Extra labels of a session's objects; the `app`/`session` selector labels always win. */
export interface SandboxExtraLabels {
  /** @default - none */
  readonly pod?: Record<string, string>;
  /** @default - none */
  readonly pvc?: Record<string, string>;
  /** @default - none */
  readonly ingress?: Record<string, string>;
}

/** Props of {@link SandboxSession}. */
export interface SandboxSessionProps {
  /** The session id: OpenHands' conversation id the objects are named after. */
  readonly sessionId: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** Environment name, for the `app.kubernetes.io/instance` label. */
  readonly instance: string;
  /** The sandbox pod every session shares. */
  readonly pod: SandboxPodSpec;
  /** The workspace volume. */
  readonly workspace: SandboxWorkspace;
  /**
   * VS Code's Service and Ingress.
   * @default - headless: no VS Code Service or Ingress
   */
  readonly vscode?: SandboxVscode;
  /**
   * Extra labels.
   * @default - none
   */
  readonly extraLabels?: SandboxExtraLabels;
  /**
   * Adds the `app.kubernetes.io/*` labels to every object (else only OpenHands' own labels: `app`
   * and `session` on the pod, none on the PVC, Services and Ingress).
   * @default true
   */
  readonly standardLabels?: boolean;
  /**
   * Annotations of every object of the session (such as Argo CD's sync options).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * Everything OpenHands creates for one conversation: the workspace PVC, the sandbox pod, the
 * execution-server Service and, unless headless, the VS Code Service and Ingress.
 */
export class SandboxSession extends Construct {
  /** The labels of one of the session's objects: the standard ones too, or only OpenHands' own. */
  private readonly labelsOf: (component: Component, more?: Record<string, string>) => Record<string, string> | undefined;

  constructor(scope: Construct, id: string, props: SandboxSessionProps) {
    super(scope, id);
    const { sessionId: sid, instance, namespace } = props;
    const names = runtimeNames(sid);
    const selector = selectorLabels(sid);
    const extra = props.extraLabels ?? {};
    const standard = props.standardLabels ?? true;
    const labelsOf = (component: Component, more?: Record<string, string>) => (standard
      ? sessionLabels(component, instance, sid, more) : openhandsSessionLabels(component, sid, more));
    this.labelsOf = labelsOf;
    if (props.pod.vscode !== (props.vscode !== undefined)) {
      throw new Error(`[${this.node.path}] pod.vscode is ${props.pod.vscode} but vscode is ${props.vscode ? 'set' : 'unset'}: a VS Code port needs its Service and Ingress, and headless needs neither`);
    }

    const pvc = new SandboxPvc(this, 'pvc', {
      name: names.pvc,
      namespace,
      labels: labelsOf('workspace', extra.pvc),
      storage: props.workspace.storage,
      storageClassName: props.workspace.storageClassName,
    });

    new SandboxPod(this, 'pod', {
      ...props.pod,
      name: names.pod,
      namespace,
      labels: labelsOf('sandbox', extra.pod)!, // the pod always has app and session
      claimName: pvc.name,
    });

    new SandboxService(this, 'svc', {
      name: names.service,
      namespace,
      labels: labelsOf('execution-server'),
      selector,
      ...SESSION_SERVICE_PORTS.service,
    });

    this.addVscode(props, names, selector);
    for (const [key, value] of Object.entries(props.annotations ?? {})) {
      for (const child of this.node.findAll()) if (child instanceof ApiObject) child.metadata.addAnnotation(key, value);
    }
  }

  private addVscode(props: SandboxSessionProps, names: ReturnType<typeof runtimeNames>, selector: Record<string, string>): void {
    const { sessionId: sid, namespace } = props;
    const labelsOf = this.labelsOf;
    const extra = props.extraLabels ?? {};
    const vscode = props.vscode;
    if (!vscode) return;
    const codeService = new SandboxService(this, 'svc-code', {
      name: names.codeService,
      namespace,
      labels: labelsOf('vscode'),
      selector,
      ...SESSION_SERVICE_PORTS.codeService,
    });
    new SandboxIngress(this, 'ingress', {
      name: names.ingress,
      namespace,
      labels: labelsOf('vscode', extra.ingress),
      annotations: vscode.annotations,
      host: `${sid}.${vscode.domain}`,
      serviceName: codeService.name,
      servicePort: VSCODE_PORT,
      tlsSecret: vscode.tlsSecret,
      ingressClassName: vscode.ingressClassName,
    });
  }
}
