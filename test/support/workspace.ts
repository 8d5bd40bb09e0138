import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE } from './fixtures';

/** A small valid config with its own namespace. */
/** (It keeps its sandboxes alive, so the only warnings a test sees are the ones it provokes.) */
export const VALID = `[kubernetes]\nnamespace = "sbx"\n[sandbox]\nkeep_runtime_alive = true\nruntime_container_image = "${IMAGE}"\n`;

/** A fresh temporary folder holding the given files (by relative path), a valid config.toml by default. */
export function workspace(files: Record<string, string> = { 'config.toml': VALID }): string {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The sorted entries of a folder, or none when it does not exist. */
export const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);
