/**
 * CORS origins on the agent-sandbox target, as the sandbox-server handles them: it reads
 * `web_url` (`OH_WEB_URL`, else the legacy `WEB_HOST`) and `permitted_cors_origins`
 * (`OH_PERMITTED_CORS_ORIGINS_<n>`, read from 0 up to the first missing index, else the legacy
 * comma-separated `PERMITTED_CORS_ORIGINS`), and `start_sandbox` puts on every claim `web_url`
 * first, then the permitted origins, exact duplicates dropped, as `OH_ALLOW_CORS_ORIGINS_<i>`
 * (i from 0), which the agent server reads the same way.
 */
export interface CorsSettings {
  /** The sandbox-server's environment for them: `OH_WEB_URL` and `OH_PERMITTED_CORS_ORIGINS_<n>`, in order. */
  readonly serverEnv: Readonly<Record<string, string>>;
  /** The origins on every claim, in order: `OH_ALLOW_CORS_ORIGINS_<i>` is the i-th. */
  readonly claimOrigins: readonly string[];
}

/** The name of the i-th CORS origin on a claim (and in the agent server's environment). */
export const claimCorsVariable = (index: number): string => `OH_ALLOW_CORS_ORIGINS_${index}`;
/** The prefix every claim CORS variable starts with (also the agent server's JSON form, `OH_ALLOW_CORS_ORIGINS`). */
export const CLAIM_CORS_PREFIX = 'OH_ALLOW_CORS_ORIGINS';

/**
 * What this config gives the sandbox-server and what the sandbox-server then puts on each claim:
 * the one computation behind both the ConfigMap and the claim policy, so they cannot disagree.
 * @param webUrl `agent_sandbox.web_url`
 * @param permitted `agent_sandbox.permitted_cors_origins`
 */
export function corsSettings(webUrl: string | undefined, permitted: readonly string[]): CorsSettings {
  const serverEnv: Record<string, string> = {
    ...(webUrl !== undefined && { OH_WEB_URL: webUrl }),
    ...Object.fromEntries(permitted.map((origin, index) => [`OH_PERMITTED_CORS_ORIGINS_${index}`, origin])),
  };
  // A falsy web_url adds nothing (`if self.web_url:`); the rest are compared as exact strings.
  const claimOrigins = [...new Set([...(webUrl ? [webUrl] : []), ...permitted])];
  return { serverEnv, claimOrigins };
}

/** A claim's CORS env entries for these origins, by name. */
export function claimCorsEnv(origins: readonly string[]): Record<string, string> {
  return Object.fromEntries(origins.map((origin, index) => [claimCorsVariable(index), origin]));
}
