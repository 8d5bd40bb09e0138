/**
 * The agents OpenHands 0.45-0.62 registers and the `sandbox_plugins` of each, which become the
 * action server's `--plugins` (VS Code is appended by the runtime unless it runs headless).
 */
export const AGENT_PLUGINS: Readonly<Record<string, readonly string[]>> = {
  /** `[AgentSkillsRequirement(), JupyterRequirement()]`. */
  CodeActAgent: ['agent_skills', 'jupyter'],
  /** Subclasses of CodeActAgent without an override. */
  LocAgent: ['agent_skills', 'jupyter'],
  ReadOnlyAgent: ['agent_skills', 'jupyter'],
  /** `sandbox_plugins = []` explicitly. */
  BrowsingAgent: [],
  VisualBrowsingAgent: [],
  /** Inherits `Agent.sandbox_plugins = []`. */
  DummyAgent: [],
};

/** OpenHands' `core.default_agent` default. */
export const DEFAULT_AGENT = 'CodeActAgent';

/** The names of the registered agents. */
export const AGENTS = Object.keys(AGENT_PLUGINS) as [string, ...string[]];

/** The plugin names of an agent's sandbox, with `vscode` appended unless headless. */
export function sandboxPlugins(agent: string, vscode: boolean): string[] {
  return [...(AGENT_PLUGINS[agent] ?? []), ...(vscode ? ['vscode'] : [])];
}
