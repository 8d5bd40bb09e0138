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

/**
 * What the agent-sandbox controller makes of the template for one claim (sandbox_controller.go,
 * sandboxtemplate_controller.go): the pod with the template's labels plus the template-hash label,
 * and the shared NetworkPolicy selecting that label with the template's rules.
 */
export function controllerObjects(objects: KubeObject[]): KubeObject[] {
  const template = objects.find((object) => object.kind === 'SandboxTemplate') as any;
  const { namespace } = template.metadata;
  const hash = { 'agents.x-k8s.io/sandbox-template-ref-hash': 'h' };
  const pod = templatePod(objects);
  return [
    { apiVersion: 'v1', kind: 'Pod', metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, ...hash }, name: 'oh-agent-server-abc', namespace }, spec: pod.spec },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `${template.metadata.name}-network-policy`, namespace },
      spec: { podSelector: { matchLabels: hash }, policyTypes: ['Ingress', 'Egress'], ...template.spec.networkPolicy },
    },
  ];
}
