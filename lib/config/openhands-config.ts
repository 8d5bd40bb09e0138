import { z } from 'zod';
import { checkEnvVarName, checkImageReference, checkMountPath, JSON_SCHEMA_PATTERNS as P } from '../kube/names';
import { reservedEnvVars } from '../openhands/runtime-names';
import { everyOpenhandsKey } from '../openhands/config-keys';
import { checkSandboxVolumes } from '../openhands/volumes';
import { rule, userRecord } from './_rules';
import { DefaultAgent } from './release';

/** Marks a key (or section) that only OpenHands reads: the README lists such keys apart. */
export const OPENHANDS_ONLY = 'x-openhands-only';

/** Whether a schema is a key only OpenHands reads. */
export function isOpenhandsOnly(schema: z.ZodType): boolean {
  return z.globalRegistry.get(schema)?.[OPENHANDS_ONLY] === true;
}

/** The keys of a table that openhands-k8s reads. */
export function keysRead(table: z.ZodObject): string[] {
  return Object.entries(table.shape).filter(([, schema]) => !isOpenhandsOnly(schema as z.ZodType)).map(([key]) => key);
}

/** The keys read here, plus OpenHands' other keys of the table in any supported release, accepted as they are. */
// Typed as the keys read here: nothing reads the others.
function withOpenhandsOnlyKeys<T extends z.ZodRawShape>(table: 'core' | 'sandbox', read: T): T {
  const others = everyOpenhandsKey(table).filter((key) => !(key in read)).map((key) => [key,
    z.unknown().optional().meta({ description: 'OpenHands\' own key, not read by openhands-k8s (OpenHands checks its value).', [OPENHANDS_ONLY]: true })]);
  return { ...read, ...Object.fromEntries(others) } as T;
}

/**
 * The keys of OpenHands' top-level `[core]` section that shape the sandbox pod. Other keys are
 * OpenHands' own and kept, so that whole-config rules can tell them from misplaced or misspelt keys.
 */
export const CoreConfig = z.object(withOpenhandsOnlyKeys('core', {
  /** Where the workspace volume is mounted in the sandbox. */
  workspace_mount_path_in_sandbox: z.string()
    .superRefine(rule(checkMountPath)).meta({ pattern: P.mountPath })
    .default('/workspace')
    .describe('Mount path of the workspace volume in the sandbox, and the --working-dir of the action server.'),
  /** Adds `DEBUG=true` to the sandbox environment. */
  debug: z.boolean().default(false).describe('When true, the sandbox gets DEBUG=true.'),
  /** When false, the action server starts with `--no-enable-browser`. */
  enable_browser: z.boolean().default(true).describe('When false, the action server runs with --no-enable-browser (OpenHands 0.49+; an error on older releases).'),
  /** With the release's rule, decides the action server's `--user-id`. */
  run_as_openhands: z.boolean().default(true)
    .describe('With sandbox.user_id and the release, decides the --user-id (the official app image forces false through RUN_AS_OPENHANDS).'),
  /** The agent whose sandbox plugins become `--plugins`. */
  default_agent: DefaultAgent.default('CodeActAgent')
    .describe('The agent whose sandbox plugins become --plugins: agent_skills and jupyter for CodeActAgent, LocAgent and ReadOnlyAgent, none for BrowsingAgent, VisualBrowsingAgent and DummyAgent (vscode is added unless headless).'),
  /** Passed as `--git-user-name` by OpenHands 0.52 only. */
  git_user_name: z.string().default('openhands').describe('--git-user-name of the action server on OpenHands 0.52 only (the key exists from 0.52).'),
  /** Passed as `--git-user-email` by OpenHands 0.52 only. */
  git_user_email: z.string().default('openhands@all-hands.dev').describe('--git-user-email of the action server on OpenHands 0.52 only (the key exists from 0.52).'),
})).catchall(z.unknown()).describe('OpenHands [core] keys that shape the sandbox pod; OpenHands\' other [core] keys are left to it.');
export type CoreConfig = z.infer<typeof CoreConfig>;

/**
 * OpenHands' `[sandbox]` section: the keys that shape the sandbox pod, and OpenHands' other keys
 * accepted as they are. Like OpenHands (`extra='forbid'`), any other key is refused; which keys
 * a release has is checked against `openhands_version` (`missingKeyProblems`).
 */
export const SandboxConfig = z.strictObject(withOpenhandsOnlyKeys('sandbox', {
  /** The runtime image; required because OpenHands' fallback base image contains no runtime. */
  runtime_container_image: z.string({
    error: (issue) => (issue.input === undefined
      ? 'is required: set it to an OpenHands runtime image (like "docker.all-hands.dev/all-hands-ai/runtime:0.62-nikolaik"); OpenHands\' fallback base_container_image contains no action server and cannot start'
      : undefined),
  }).superRefine(rule((image) => (image.trim() === '' ? 'must not be empty'
    : /\s/.test(image) ? 'must not contain whitespace' : checkImageReference(image)))).meta({ pattern: P.imageReference, maxLength: 4096 })
    .describe('The OpenHands runtime image of the sandbox container (required).'),
  /** Extra environment variables for the sandbox container, in order. */
  runtime_startup_env_vars: userRecord(
    z.string().meta({ pattern: P.envVarName }).superRefine(rule(checkEnvVarName)),
    z.string(),
  ).prefault({}).describe('Extra environment variables of the sandbox container, appended in order (string values).'),
  /** The user id OpenHands 0.45-0.54 passes when run_as_openhands. */
  user_id: z.number().int().min(0).max(2147483647).optional()
    .meta({ description: 'The --user-id on OpenHands 0.45-0.54 when core.run_as_openhands (the official app image sets SANDBOX_USER_ID=0).', 'x-default': 'the uid of the OpenHands process' }),
  /** Host mounts; only a mount at exactly `/workspace` changes the pod. */
  volumes: z.string().superRefine(rule(checkSandboxVolumes)).optional()
    .describe('Comma-separated host:container[:mode] mounts; the pod mounts none of them, but one at exactly /workspace makes /workspace the workspace mount path.'),
  /** Appended as `--browsergym-eval-env` and its space-separated words. */
  browsergym_eval_env: z.string().optional()
    .describe('Appended to the command as --browsergym-eval-env followed by its space-separated words.'),
  /** Whether OpenHands leaves a sandbox running when its conversation closes. */
  keep_runtime_alive: z.boolean().default(false)
    .describe('OpenHands\' own key, read here for a warning: when false, OpenHands deletes a session\'s pod, Services and Ingress when the conversation closes, pre-provisioned or not.'),
})).describe('OpenHands [sandbox] keys that shape the sandbox pod; OpenHands\' other [sandbox] keys are accepted as they are, any other key is refused.');
export type SandboxConfig = z.infer<typeof SandboxConfig>;

/**
 * V0's runtime pod already sets these names (OpenHands' own env), so a user variable of the same
 * name would be a duplicate. On agent-sandbox the template sets none of them; names the claims
 * carry are checked there instead (`claimEnvNames`).
 */
export function addReservedEnvIssues(sandbox: { readonly runtime_startup_env_vars?: Readonly<Record<string, unknown>> } | undefined, ctx: z.RefinementCtx): void {
  for (const [name, value] of Object.entries(sandbox?.runtime_startup_env_vars ?? {})) {
    if (reservedEnvVars().includes(name)) {
      ctx.addIssue({ code: 'custom', path: ['sandbox', 'runtime_startup_env_vars', name], input: value, params: { showValue: false }, message: `key is set by OpenHands itself (${reservedEnvVars().join(', ')}): pick another name` });
    }
  }
}
