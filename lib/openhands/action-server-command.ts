import { EXECUTION_SERVER_PORT } from './runtime-names';

/** The OpenHands runtime image's Python environment, which runs the action server. */
const PYTHON_PREFIX = ['/openhands/micromamba/bin/micromamba', 'run', '-n', 'openhands', 'poetry', 'run'];

/** What the action server's command line depends on. */
export interface ActionServerCommandProps {
  /** Workspace directory, `core.workspace_mount_path_in_sandbox`. */
  readonly workingDir: string;
  /** Whether the VS Code plugin is loaded (not headless). */
  readonly vscode: boolean;
  /** The `--user-id` argument. */
  readonly userId: number;
  /** When false, `--no-enable-browser` is appended. */
  readonly enableBrowser: boolean;
}

/** The sandbox container's command, argument for argument as OpenHands builds it. */
export function actionServerCommand(props: ActionServerCommandProps): string[] {
  const plugins = props.vscode ? ['agent_skills', 'jupyter', 'vscode'] : ['agent_skills', 'jupyter'];
  return [
    ...PYTHON_PREFIX,
    'python', '-u', '-m', 'openhands.runtime.action_execution_server', String(EXECUTION_SERVER_PORT),
    '--working-dir', props.workingDir,
    '--plugins', ...plugins,
    '--username', 'root',
    '--user-id', String(props.userId),
    ...(props.enableBrowser ? [] : ['--no-enable-browser']),
  ];
}
