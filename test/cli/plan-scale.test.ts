import { join } from 'node:path';
import { run } from '../../lib/cli';
import { VALID, workspace } from '../support/workspace';

/** `plan` on 50,000 sessions overflowed the stack (after 45 s, with every object kept): it streams now. */
describe('plan at 50,000 sessions', () => {
  test('plans every session against an empty and against an up-to-date output folder', async () => {
    const sessions = Array.from({ length: 50_000 }, (_, index) => `"s${index}"`).join(', ');
    const dir = workspace({ 'config.toml': `${VALID}[extended.manifests]\nsecurity_profile = "openhands"\nsessions = [${sessions}]\n` });
    const cli = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await run([...args, '-c', join(dir, 'config.toml'), '-o', join(dir, 'dist')], { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, env: {}, isTty: false });
      return { code, stdout, stderr };
    };
    // Short excerpts are compared: a failure must not print megabytes.
    const changes = ({ code, stdout }: { code: number; stdout: string }) => [code, /changes: .*/.exec(stdout)?.[0], /^ {4}\+ Ingress \(50,000\): /m.test(stdout)];
    expect(changes(await cli(['plan']))).toEqual([0, 'changes: 250000 added, 0 removed, 0 changed', true]);
    expect((await cli(['synth'])).code).toBe(0);
    expect(changes(await cli(['plan']))).toEqual([0, 'changes: 0 added, 0 removed, 0 changed', false]);
  }, 300_000);
});
