import { configReference } from '../config/docs';
import { COMMANDS } from './commands';
import { helpText } from './help';

/**
 * The README's generated parts by marker name: the CLI block (exactly `--help`) and one
 * configuration table per section. `npm run docs` writes them; a test fails when they drift.
 */
export function readmeSections(): Map<string, string> {
  const sections = new Map<string, string>([['cli-help', `\`\`\`\n${helpText(COMMANDS)}\`\`\``]]);
  for (const [section, table] of configReference()) sections.set(`config-${section}`, table);
  return sections;
}
