import { z } from 'zod';
import { checkHostName } from '../kube/names';
import { checkTarget } from './agent-sandbox-rules';
import { addIngressIssues } from './ingress-rules';
import { addIsolationIssues } from './isolation-rules';
import { KubernetesConfig } from './kubernetes-config';
import { checkSessionId, ManifestsConfig } from './manifests-config';
import { CoreConfig, SandboxConfig } from './openhands-config';

/** A whole `config.toml`: the sections that feed the manifests, every other section left to OpenHands. */
export const Config = z.object({
  core: CoreConfig.prefault({}),
  kubernetes: KubernetesConfig.prefault({}),
  // An absent [sandbox] is read as an empty table so that the missing image is reported by its own key.
  sandbox: SandboxConfig.prefault({} as z.input<typeof SandboxConfig>),
  extended: z.object({ manifests: ManifestsConfig.prefault({}) })
    .prefault({})
    .describe('OpenHands\' free-form section; openhands-k8s reads [extended.manifests].'),
}).superRefine((config, ctx) => {
  const domain = config.kubernetes?.ingress_domain;
  const sessions = config.extended?.manifests?.sessions;
  if (typeof domain === 'string' && !checkHostName(domain) && Array.isArray(sessions)) {
    sessions.forEach((id, index) => {
      const problem = typeof id === 'string' && !checkSessionId(id) ? checkHostName(`${id}.${domain}`) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', 'sessions', index], input: id, message: `gives the ingress host "${id}.${domain}", which ${problem}` });
    });
  }
  checkTarget(config, ctx);
  const manifests = config.extended?.manifests;
  if (manifests?.security_profile === 'openhands') {
    for (const key of ['runtime_class', 'ingress_class'] as const) {
      if (manifests[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['extended', 'manifests', key], input: manifests[key], message: 'changes the pod or ingress spec, so it needs security_profile = "hardened" ("openhands" reproduces OpenHands\' objects exactly)' });
    }
  }
  const parsed = typeof config.kubernetes?.namespace === 'string' && manifests?.governance !== undefined && manifests.app_server?.pod_labels !== undefined
    && Array.isArray(manifests.network_policy?.allow_egress_cidrs) && Array.isArray(manifests.sessions);
  if (parsed) addIsolationIssues(config, ctx);
  if (parsed && typeof manifests.ingress_annotations === 'object') addIngressIssues(config, ctx);
}, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .describe('An OpenHands config.toml, as read by openhands-k8s.');
export type Config = z.infer<typeof Config>;
/** A config as a person writes it, before defaults. */
export type ConfigInput = z.input<typeof Config>;

