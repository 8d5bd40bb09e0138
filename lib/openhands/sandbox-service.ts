import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';

/** Props of {@link SandboxService}. */
export interface SandboxServiceProps {
  /** Service name, `openhands-runtime-<sid>-svc` or `-svc-code`. */
  readonly name: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /**
   * Labels of the Service.
   * @default - no labels, as OpenHands creates it
   */
  readonly labels?: Record<string, string>;
  /** Pod labels the Service selects: `app` and `session`. */
  readonly selector: Record<string, string>;
  /** Name of the single Service port. */
  readonly portName: string;
  /** Service port number. */
  readonly port: number;
  /** Name of the container port the traffic goes to. */
  readonly targetPort: string;
}

/** A ClusterIP Service in front of one port of a sandbox pod. */
export class SandboxService extends Construct {
  /** The Service's name, for ingress backends. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SandboxServiceProps) {
    super(scope, id);
    this.name = props.name;
    new k8s.KubeService(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        type: 'ClusterIP',
        selector: props.selector,
        ports: [{ name: props.portName, port: props.port, targetPort: k8s.IntOrString.fromString(props.targetPort) }],
      },
    });
  }
}
