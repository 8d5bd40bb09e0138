import { SANDBOX_SERVER_ENV } from '../agent-sandbox/agent-server';
import { claimCorsEnv, corsSettings } from '../agent-sandbox/cors-origins';
import { ALLOWED_CORS_VARIABLE } from '../cluster/_sandbox-claim-validations';
import { objectRef, StreamObject } from './stream';
import { VerifyProblem } from './verify';

/**
 * The CORS origins an app server reading this environment puts on its claims: `OH_WEB_URL`, then
 * `OH_PERMITTED_CORS_ORIGINS_0`, `_1`, ... up to the first missing index (as its env parser reads
 * a list), as `NAME=value` entries.
 */
function claimCorsFrom(data: Record<string, unknown>): string[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const permitted: string[] = [];
  for (let i = 0; text(data[`OH_PERMITTED_CORS_ORIGINS_${i}`]) !== undefined; i++) permitted.push(text(data[`OH_PERMITTED_CORS_ORIGINS_${i}`])!);
  const { claimOrigins } = corsSettings(text(data.OH_WEB_URL), permitted);
  return Object.entries(claimCorsEnv(claimOrigins)).map(([name, value]) => `${name}=${value}`);
}

/**
 * An overlay that patches the sandbox-server's CORS settings (a per-environment `OH_WEB_URL`, say)
 * without the claim policy, which pins the CORS origins the generated settings make: every claim
 * the app server sends is then refused.
 */
export function corsProblems(objects: readonly StreamObject[]): VerifyProblem[] {
  const env = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === SANDBOX_SERVER_ENV);
  if (!env) return [];
  const sent = claimCorsFrom(env.data ?? {});
  const problems: VerifyProblem[] = [];
  for (const policy of objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy')) {
    const variable = ((policy.spec as any)?.variables ?? []).find((v: any) => v?.name === ALLOWED_CORS_VARIABLE);
    if (typeof variable?.expression !== 'string') continue;
    let admitted: unknown;
    try { admitted = JSON.parse(variable.expression); } catch { admitted = undefined; }
    if (!Array.isArray(admitted) || JSON.stringify(admitted) === JSON.stringify(sent)) continue;
    const list = (entries: readonly unknown[]) => (entries.length > 0 ? entries.join(', ') : 'none');
    problems.push({
      severity: 'error',
      object: objectRef(env),
      field: 'data.OH_WEB_URL',
      message: `and OH_PERMITTED_CORS_ORIGINS_<n> make the app server put the CORS origins ${list(sent)} on its claims, but ValidatingAdmissionPolicy/${policy.metadata.name} admits exactly ${list(admitted)}: every claim is refused`,
      fix: 'set extended.manifests.agent_sandbox.web_url and permitted_cors_origins and re-synth instead of patching the ConfigMap (the policy follows them)',
    });
  }
  return problems;
}
