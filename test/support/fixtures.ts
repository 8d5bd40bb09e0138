import { Config } from '../../lib/config/schema';
import { parseConfig } from '../../lib/config/load';
import { resolveSettings } from '../../lib/config/resolve';
import { KubeObject, renderObjects } from '../../lib/output/render';

/** The image every fixture uses: a pinned OpenHands runtime. */
export const IMAGE = 'docker.all-hands.dev/all-hands-ai/runtime:0.62-nikolaik';

/** A config from TOML text; `[sandbox]` with the image is added unless the text has its own. */
export function configFrom(toml = '', env: Record<string, string> = {}): Config {
  const text = /^\[sandbox\]/m.test(toml) ? toml : `${toml}\n[sandbox]\nruntime_container_image = "${IMAGE}"\n`;
  return parseConfig(text, 'config.toml', env);
}

/** The objects a config renders to. */
export function render(toml = '', env: Record<string, string> = {}): KubeObject[] {
  return renderObjects(resolveSettings(configFrom(toml, env), 'test', env));
}

/** The one object of a kind (and name, when several). */
export function find(objects: KubeObject[], kind: string, name?: string): any {
  const matches = objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
  if (matches.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${matches.length}`);
  return matches[0];
}

/** The sandbox container of the pod of a session. */
export function container(objects: KubeObject[], sid = 'default'): any {
  return find(objects, 'Pod', `openhands-runtime-${sid}`).spec.containers[0];
}

/** The message of the ConfigError a config throws. */
export function errorOf(toml: string, env: Record<string, string> = {}): string {
  try {
    configFrom(toml, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}
