import { configFrom } from '../support/fixtures';
import { resolveEnvironment } from '../../lib/config/resolve';
import { KubeObject, renderObjects } from '../../lib/output/render';

/** The agent-server image the agent-sandbox fixtures use. */
export const AGENT_SERVER_IMAGE = 'ghcr.io/openhands/agent-server:1.37.1-python';

/** A config text of target agent-sandbox: `[extended.manifests] target` and the image added. */
export function agentSandboxToml(toml = '', manifests = ''): string {
  return `${toml}\n[sandbox]\nruntime_container_image = "${AGENT_SERVER_IMAGE}"\n[extended.manifests]\ntarget = "agent-sandbox"\n${manifests}\n`;
}

/** The objects a config of target agent-sandbox renders to. */
export function renderAgentSandbox(toml = '', manifests = ''): KubeObject[] {
  return renderObjects(resolveEnvironment(configFrom(agentSandboxToml(toml, manifests)), 'test'));
}

/** The pod template of the SandboxTemplate, as a pod (for the Pod Security checks). */
export function templatePod(objects: KubeObject[]): any {
  const template = objects.find((object) => object.kind === 'SandboxTemplate') as any;
  return { metadata: template.spec.podTemplate.metadata ?? {}, spec: template.spec.podTemplate.spec };
}
