import { z } from 'zod';
import { checkEnvVarName, checkImageReference, checkMountPath, JSON_SCHEMA_PATTERNS as P } from '../kube/names';
import { reservedEnvVars } from '../openhands/runtime-names';
import { rule, userRecord } from './_rules';

/** The keys of OpenHands' top-level `[core]` section that shape the sandbox pod; other keys are OpenHands' own. */
export const CoreConfig = z.object({
  /** Where the workspace volume is mounted in the sandbox. */
  workspace_mount_path_in_sandbox: z.string()
    .superRefine(rule(checkMountPath)).meta({ pattern: P.mountPath })
    .default('/workspace')
    .describe('Mount path of the workspace volume in the sandbox, and the --working-dir of the action server.'),
  /** Adds `DEBUG=true` to the sandbox environment. */
  debug: z.boolean().default(false).describe('When true, the sandbox gets DEBUG=true.'),
  /** When false, the action server starts with `--no-enable-browser`. */
  enable_browser: z.boolean().default(true).describe('When false, the action server runs with --no-enable-browser.'),
}).describe('OpenHands [core] keys that shape the sandbox pod; other [core] keys are ignored here.');
export type CoreConfig = z.infer<typeof CoreConfig>;

/** The keys of OpenHands' `[sandbox]` section that shape the sandbox pod; other keys are OpenHands' own. */
export const SandboxConfig = z.object({
  /** The runtime image; required because OpenHands' fallback base image contains no runtime. */
  runtime_container_image: z.string({
    error: (issue) => (issue.input === undefined
      ? 'is required: set it to an OpenHands runtime image (like "docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik"); OpenHands\' fallback base_container_image contains no action server and cannot start'
      : undefined),
  }).superRefine(rule((image) => (image.trim() === '' ? 'must not be empty'
    : /\s/.test(image) ? 'must not contain whitespace' : checkImageReference(image)))).meta({ pattern: P.imageReference, maxLength: 4096 })
    .describe('The OpenHands runtime image of the sandbox container (required).'),
  /** Extra environment variables for the sandbox container, in order. */
  runtime_startup_env_vars: userRecord(
    z.string().meta({ pattern: P.envVarName }).superRefine(rule((name) => checkEnvVarName(name)
      ?? (reservedEnvVars().includes(name) ? `is set by OpenHands itself (${reservedEnvVars().join(', ')}): pick another name` : undefined))),
    z.string(),
  ).prefault({}).describe('Extra environment variables of the sandbox container, appended in order (string values).'),
}).describe('OpenHands [sandbox] keys that shape the sandbox pod; other [sandbox] keys are ignored here.');
export type SandboxConfig = z.infer<typeof SandboxConfig>;

