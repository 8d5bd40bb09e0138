import { z } from 'zod';
import { MAX_ANNOTATIONS_BYTES } from '../kube/names';
import { EXTERNAL_DNS_HOSTNAME, MAX_SESSION_ID_LENGTH } from '../openhands/runtime-names';
import { runTimeMutationApiVersion } from './resolve-governance';
import type { Config } from './schema';

/**
 * The VS Code Ingresses' extras (target openhands-runtime), refused where every session's Ingress
 * would break: pre-provisioned ones, and those OpenHands creates once the mutating policy adds them.
 */
export function addIngressIssues(config: Config, ctx: z.RefinementCtx): void {
  const manifests = config.extended.manifests;
  const annotations = manifests.ingress_annotations;
  if (manifests.target === 'agent-sandbox' || manifests.headless || typeof annotations !== 'object' || annotations === null) return;
  if (EXTERNAL_DNS_HOSTNAME in annotations) {
    ctx.addIssue({
      code: 'custom', path: ['extended', 'manifests', 'ingress_annotations', EXTERNAL_DNS_HOSTNAME], input: annotations[EXTERNAL_DNS_HOSTNAME],
      message: 'is the annotation each session\'s Ingress carries with its own host (<sid>.<ingress_domain>) for external-dns: one fixed value would give every session the same name; remove it',
    });
  }
  if (runTimeMutationApiVersion(config) === undefined || typeof config.kubernetes.ingress_domain !== 'string') return;
  // What the mutating policy gives an Ingress OpenHands creates: these plus its own host annotation.
  const host = MAX_SESSION_ID_LENGTH + 1 + Buffer.byteLength(config.kubernetes.ingress_domain);
  const bytes = Object.entries(annotations).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), Buffer.byteLength(EXTERNAL_DNS_HOSTNAME) + host);
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    ctx.addIssue({
      code: 'custom', path: ['extended', 'manifests', 'ingress_annotations'], input: annotations,
      message: `gives the Ingresses OpenHands creates up to ${bytes} bytes of annotations (with their host's); the API server allows at most ${MAX_ANNOTATIONS_BYTES}, so every session would fail to start`,
    });
  }
}
