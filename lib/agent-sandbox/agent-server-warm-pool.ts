import { Construct } from 'constructs';
import { SandboxWarmPool } from '../../imports/agent-sandbox-warmpool-extensions.agents.x-k8s.io';

/** Props of {@link AgentServerWarmPool}. */
export interface AgentServerWarmPoolProps {
  /** Pool name: the app server's `OH_SANDBOX_WARM_POOL`. */
  readonly name: string;
  /** Namespace of the sandboxes. */
  readonly namespace: string;
  /** Labels of the pool. */
  readonly labels: Record<string, string>;
  /** The SandboxTemplate the pool starts. */
  readonly templateName: string;
  /** Pre-warmed sandboxes; always written, since the CRD defaults an absent value to 1. */
  readonly replicas: number;
}

/** The SandboxWarmPool the app server claims its sandboxes from. */
export class AgentServerWarmPool extends Construct {
  constructor(scope: Construct, id: string, props: AgentServerWarmPoolProps) {
    super(scope, id);
    new SandboxWarmPool(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: { replicas: props.replicas, sandboxTemplateRef: { name: props.templateName } },
    });
  }
}
