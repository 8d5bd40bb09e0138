import { Construct } from 'constructs';
import { k8s } from '../../imports/k8s';
import { SANDBOX_SERVER_ENV } from './agent-server';

/** Props of {@link SandboxServerEnv}. */
export interface SandboxServerEnvProps {
  /** Namespace of the ConfigMap (the app server's, so its Deployment can use `envFrom`). */
  readonly namespace: string;
  /** Labels of the ConfigMap. */
  readonly labels: Record<string, string>;
  /** The environment variables, in order. */
  readonly env: Record<string, string>;
}

/**
 * The sandbox-server's (OpenHands V1 app server's) environment for this target, as a ConfigMap
 * the app server's Deployment reads with `envFrom`.
 */
export class SandboxServerEnv extends Construct {
  constructor(scope: Construct, id: string, props: SandboxServerEnvProps) {
    super(scope, id);
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: SANDBOX_SERVER_ENV, namespace: props.namespace, labels: props.labels },
      data: { ...props.env },
    });
  }
}
