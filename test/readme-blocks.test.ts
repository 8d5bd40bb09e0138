import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FencedBlock, fencedBlocks, readmeBlocks } from './support/readme-blocks';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'openhands-k8s.js');

/**
 * How the suite checks a README block, by its marker and language; `undefined` for a block it
 * cannot classify (an unmarked shell block, an unknown language), which fails the test.
 */
function classify(block: FencedBlock): string | undefined {
  const { marker, lang } = block;
  if (marker === 'cli-help') return 'generated: the --help text (test/readme.test.ts)';
  if (marker === 'overlay-example' && lang === 'yaml') return 'parsed as YAML; built and verified by test/check/verify.test.ts';
  if (marker?.startsWith('skip: ') && marker.length > 'skip: '.length + 10) return 'not run, for the reason given';
  if (marker === 'run' && lang === 'sh') return 'run in a copy of the project';
  if (marker === 'invalid' && lang === 'toml') return 'validated: refused, with the output of the next block';
  if (marker === 'output' && lang === '') return 'the output of the config above it';
  if (marker !== undefined && !marker.startsWith('fragment')) return undefined;
  if (lang === 'ts') return 'compiled and run against the packed package (test/package.test.ts)';
  if (lang === 'toml') return 'validated by the CLI';
  if (lang === 'yaml') return 'parsed as YAML';
  return undefined;
}

/** Runs the CLI in `cwd` with a config. */
function cli(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
}

/** A copy of the project's inputs (configs, examples, schema, committed output), as a checkout has them. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-readme-'));
  for (const entry of ['config.toml', 'config.schema.json', 'examples', 'dist']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  // One config per environment, as the README's GitOps steps lay them out.
  cpSync(join(ROOT, 'examples', 'development.toml'), join(dir, 'envs', 'staging.toml'));
  cpSync(join(ROOT, 'examples', 'production.toml'), join(dir, 'envs', 'prod.toml'));
  return dir;
}

const blocks = readmeBlocks();

describe('README code blocks', () => {
  test('every block is classified: run, compiled, validated, parsed, generated or marked as not run with a reason', () => {
    expect(blocks.filter((block) => classify(block) === undefined).map(({ line, lang, marker }) => ({ line, lang, marker }))).toEqual([]);
  });

  test('an unmarked shell block, an unknown language or a skip without a reason cannot be classified', () => {
    const [sh, js, skip, indented] = fencedBlocks('```sh\nrm -rf /\n```\n```js\n1\n```\n<!-- readme-test: skip: x -->\n```sh\nx\n```\n1. step\n\n   ```sh\n   kubectl delete ns x\n   ```\n');
    expect([classify(sh), classify(js), classify(skip), classify(indented)]).toEqual([undefined, undefined, undefined, undefined]);
    expect(indented.body).toBe('kubectl delete ns x\n');
  });

  test.each(blocks.filter((block) => block.lang === 'toml' && block.marker === undefined).map((block) => [block.line, block]))('the TOML block at line %d is a valid config', (_line, block) => {
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-readme-'));
    writeFileSync(join(dir, 'config.toml'), block.body);
    const result = cli(dir, ['validate']);
    // Valid: exit 0; warnings (say, about the `default` namespace of a short snippet) are allowed.
    expect(result.stderr.split('\n').filter((line) => line && !/^config\.toml: warning: /.test(line))).toEqual([]);
    expect(result.status).toBe(0);
  });

  test.each(blocks.filter((block) => block.marker === 'invalid').map((block) => [block.line, block]))('the invalid TOML block at line %d is refused with exactly the output shown after it', (_line, block) => {
    const output = blocks[blocks.indexOf(block) + 1];
    expect(output.marker).toBe('output');
    const dir = mkdtempSync(join(tmpdir(), 'ohk8s-readme-'));
    writeFileSync(join(dir, 'config.toml'), block.body);
    const result = cli(dir, ['validate']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(output.body);
  });

  test.each(blocks.filter((block) => block.lang === 'yaml').map((block) => [block.line, block]))('the YAML block at line %d parses', (_line, block) => {
    for (const document of parseAllDocuments(block.body)) expect(document.errors).toEqual([]);
  });

  test.each(blocks.filter((block) => block.marker === 'run').map((block) => [block.line, block]))('the shell block at line %d runs in a copy of the project against the built CLI', (_line, block) => {
    const dir = projectCopy();
    // `openhands-k8s` is the built CLI of this checkout; any other command the block runs is what the shell has.
    const script = `set -euo pipefail\nopenhands-k8s() { node ${JSON.stringify(BIN)} "$@"; }\nexport -f openhands-k8s\n${block.body}`;
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(result.stderr.split('\n').filter((line) => /error|not found|No such/i.test(line))).toEqual([]);
    expect(result.status).toBe(0);
  });
});
