import { isUnverified, NEWEST_RELEASE, parseRelease } from '../openhands/releases';
import { Config } from './schema';

/**
 * Valid configurations that are still risky: printed on stderr by synth and validate, never
 * turned into errors.
 */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  const { kubernetes: kube, sandbox } = config;
  if (kube.privileged && kube.namespace === 'default') {
    warnings.push('privileged sandboxes share the "default" namespace: give them a namespace of their own (kubernetes.namespace) so only they run at the privileged Pod Security level');
  }
  const version = config.extended.manifests.openhands_version;
  const release = parseRelease(version);
  if (release && isUnverified(release)) {
    warnings.push(`extended.manifests.openhands_version "${version}" is newer than ${NEWEST_RELEASE}, the newest release whose objects were verified: the objects follow ${NEWEST_RELEASE}`);
  }
  const image = sandbox.runtime_container_image;
  if (config.extended.manifests.target === 'agent-sandbox') {
    if (/\/runtime:|all-hands-ai\/runtime/.test(image)) {
      warnings.push(`sandbox.runtime_container_image "${image}" looks like an OpenHands V0 runtime image: target "agent-sandbox" runs the V1 agent server (like "ghcr.io/openhands/agent-server:1.37.1-python")`);
    }
    if (kube.privileged) {
      warnings.push('kubernetes.privileged = true: privileged agent servers leave Pod Security "restricted" and can escape to the node; prefer extended.manifests.runtime_class (gVisor, Kata)');
    }
  }
  const tag = /[:@][^/]*$/.exec(image)?.[0];
  if (!tag || tag === ':latest') {
    warnings.push(`sandbox.runtime_container_image "${image}" has no fixed tag: pin a version so every sandbox runs the same runtime`);
  }
  for (const name of Object.keys(sandbox.runtime_startup_env_vars)) {
    if (/SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i.test(name)) {
      warnings.push(`sandbox.runtime_startup_env_vars.${name} looks like a secret: it is written in plain text into the manifests`);
    }
  }
  return warnings;
}
