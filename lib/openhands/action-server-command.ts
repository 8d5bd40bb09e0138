import { ReleaseFeatures, releaseFeatures, parseRelease, NEWEST_RELEASE } from './releases';
import { EXECUTION_SERVER_PORT } from './runtime-names';

/** The OpenHands runtime image's Python environment, which runs the action server. */
const PYTHON_PREFIX = ['/openhands/micromamba/bin/micromamba', 'run', '-n', 'openhands', 'poetry', 'run'];

/** What the action server's command line depends on. */
export interface ActionServerCommandProps {
  /** Workspace directory, `core.workspace_mount_path_in_sandbox`. */
  readonly workingDir: string;
  /**
   * Plugin names, in order (the agent's `sandbox_plugins`, then `vscode` unless headless); none
   * means no `--plugins` argument at all.
   * @default ['agent_skills', 'jupyter', 'vscode'] when `vscode` is true, else ['agent_skills', 'jupyter']
   */
  readonly plugins?: readonly string[];
  /**
   * Whether the VS Code plugin is loaded; only read when `plugins` is absent.
   * @default true
   */
  readonly vscode?: boolean;
  /** The `--user-id` argument, verbatim (OpenHands passes `RUNTIME_UID` unchecked). */
  readonly userId: number | string;
  /** When false (and the release has the key), `--no-enable-browser` is appended. */
  readonly enableBrowser: boolean;
  /**
   * The release's command variant.
   * @default the features of the newest verified release
   */
  readonly release?: ReleaseFeatures;
  /**
   * `core.git_user_name` and `core.git_user_email`, passed on the command line by 0.52 only.
   * @default OpenHands' defaults, openhands and openhands@all-hands.dev
   */
  readonly gitUser?: { readonly name: string; readonly email: string };
  /**
   * `sandbox.browsergym_eval_env`, split on single spaces as OpenHands does.
   * @default - no --browsergym-eval-env
   */
  readonly browsergymEvalEnv?: string;
}

/** The sandbox container's command, argument for argument as OpenHands' `get_action_execution_server_startup_command` builds it. */
export function actionServerCommand(props: ActionServerCommandProps): string[] {
  const release = props.release ?? releaseFeatures(parseRelease(NEWEST_RELEASE)!);
  const plugins = props.plugins ?? ['agent_skills', 'jupyter', ...(props.vscode ?? true ? ['vscode'] : [])];
  const git = props.gitUser ?? { name: 'openhands', email: 'openhands@all-hands.dev' };
  return [
    ...PYTHON_PREFIX,
    'python', '-u', '-m', 'openhands.runtime.action_execution_server', String(EXECUTION_SERVER_PORT),
    '--working-dir', props.workingDir,
    ...(plugins.length > 0 ? ['--plugins', ...plugins] : []),
    '--username', 'root',
    '--user-id', String(props.userId),
    ...(release.gitUserArgs ? ['--git-user-name', git.name, '--git-user-email', git.email] : []),
    // `is not None`, then `.split(' ')`: every single space separates an argument (empty ones too).
    ...(props.browsergymEvalEnv !== undefined ? ['--browsergym-eval-env', ...props.browsergymEvalEnv.split(' ')] : []),
    ...(release.enableBrowser && !props.enableBrowser ? ['--no-enable-browser'] : []),
  ];
}
