import { z } from 'zod';
import { checkHostName } from '../kube/names';
import { checkTarget } from './agent-sandbox-rules';
import { addIngressIssues } from './ingress-rules';
import { addIsolationIssues } from './isolation-rules';
import { KubernetesConfig } from './kubernetes-config';
import { checkSessionId, ManifestsConfig } from './manifests-config';
import { everyOpenhandsKey } from '../openhands/config-keys';
import { addReservedEnvIssues, CoreConfig, OPENHANDS_ONLY, SandboxConfig } from './openhands-config';
import { requestedRelease } from './release';
import { foreignEntries } from './unknown-keys';

/** OpenHands' sections that shape no object here, declared so that their names are known. */
const openhandsSections = () => Object.fromEntries(everyOpenhandsKey('sections')
  .filter((name) => !['core', 'kubernetes', 'sandbox', 'extended'].includes(name))
  .map((name) => [name, z.unknown().optional().meta({ description: `OpenHands' own [${name}] section, not read by openhands-k8s.`, [OPENHANDS_ONLY]: true })]));

/** The sections of a config.toml; unknown entries are kept for the whole-config rules (`foreignEntries`). */
const Sections = z.object({
  core: CoreConfig.prefault({}),
  kubernetes: KubernetesConfig.prefault({}),
  // An absent [sandbox] is read as an empty table so that the missing image is reported by its own key.
  sandbox: SandboxConfig.prefault({} as z.input<typeof SandboxConfig>),
  extended: z.object({ manifests: ManifestsConfig.prefault({}) }).catchall(z.unknown())
    .prefault({})
    .describe('OpenHands\' free-form section; openhands-k8s reads [extended.manifests].'),
  ...(openhandsSections() as Record<never, never>),
}).catchall(z.unknown());

/** A whole `config.toml`: the sections that feed the manifests, every other section left to OpenHands. */
export const Config = Sections.superRefine((config, ctx) => {
  for (const { path, error } of foreignEntries(config, Sections, requestedRelease(config))) {
    if (error) ctx.addIssue({ code: 'custom', path: [...path], input: undefined, message: error, params: { showValue: false } });
  }
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
  if (manifests?.target !== 'agent-sandbox') addReservedEnvIssues(config.sandbox, ctx);
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

