import { configWarnings } from '../../lib/config/warnings';
import { configFrom, IMAGE } from '../support/fixtures';

const withImage = (image: string, rest = '') => configFrom(`${rest}\n[sandbox]\nruntime_container_image = "${image}"\n`);

describe('configWarnings', () => {
  test('says nothing about a safe config', () => expect(configWarnings(configFrom(''))).toEqual([]));

  test('warns when privileged sandboxes share the default namespace, not in a namespace of their own', () => {
    expect(configWarnings(configFrom('[kubernetes]\nprivileged = true'))).toEqual([expect.stringMatching(/^privileged sandboxes share the "default" namespace/)]);
    expect(configWarnings(configFrom('[kubernetes]\nprivileged = true\nnamespace = "dind"'))).toEqual([]);
  });

  test.each(['ghcr.io/acme/runtime', 'ghcr.io/acme/runtime:latest', 'localhost:5000/runtime'])('warns that %s has no fixed tag', (image) => {
    expect(configWarnings(withImage(image))).toEqual([expect.stringMatching(/has no fixed tag/)]);
  });

  test.each([IMAGE, 'localhost:5000/runtime:1.2', 'ghcr.io/acme/runtime@sha256:abc'])('accepts the pinned image %s', (image) => {
    expect(configWarnings(withImage(image))).toEqual([]);
  });

  test('warns about an environment variable that looks like a secret, and not about others', () => {
    const config = configFrom('[sandbox.runtime_startup_env_vars]\nGITHUB_TOKEN = "x"\nOPENAI_API_KEY = "y"\nLOG_LEVEL = "debug"');
    expect(configWarnings(config)).toEqual([
      expect.stringMatching(/^sandbox\.runtime_startup_env_vars\.GITHUB_TOKEN looks like a secret/),
      expect.stringMatching(/^sandbox\.runtime_startup_env_vars\.OPENAI_API_KEY looks like a secret/),
    ]);
  });
});
