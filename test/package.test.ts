import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { readmeBlocks } from './support/readme-blocks';

const ROOT = resolve(__dirname, '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * A separate cdk8s app with the package installed from `npm pack`'s tarball, offline: the app's own
 * dependencies, and the package's, are links to this project's node_modules (the registry is never asked).
 */
function installedApp(): { app: string; tarball: string } {
  const work = mkdtempSync(join(tmpdir(), 'ohk8s-pack-'));
  // build/ is fresh: `npm test` builds before jest (prepare would only build it again).
  const packed = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
  const tarball = join(work, (JSON.parse(packed) as Array<{ filename: string }>)[0].filename);
  const app = join(work, 'app');
  mkdirSync(app);
  const links = Object.fromEntries(Object.keys(PKG.dependencies).map((name) => [name, `file:${join(ROOT, 'node_modules', name)}`]));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-cdk8s-app', version: '1.0.0', private: true, dependencies: links }));
  const install = spawnSync(NPM, ['install', tarball, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: app, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install ${tarball} --offline failed:\n${install.stderr}`);
  copyFileSync(join(ROOT, 'config.toml'), join(app, 'config.toml'));
  return { app, tarball };
}

const tsBlocks = readmeBlocks().filter((block) => block.lang === 'ts');

describe('npm pack: a package a separate cdk8s app installs and uses as the README says', () => {
  let app: string;
  let tarball: string;
  beforeAll(() => ({ app, tarball } = installedApp()), 120_000);

  test('the tarball holds the built library with its declarations, the CLI and the docs, and no sources or tests', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(['package/build/lib/index.js', 'package/build/lib/index.d.ts', 'package/bin/openhands-k8s.js', 'package/README.md', 'package/CHANGELOG.md', 'package/config.schema.json']));
    // Sources stay out; imports/*.ts (the generated L1 classes) ship on purpose (package.json `files`).
    expect(files.filter((file) => /^package\/(test|lib|scripts|bench)\/|\.ts$/.test(file) && !file.endsWith('.d.ts') && !file.startsWith('package/imports/'))).toEqual([]);
    expect(existsSync(join(app, 'node_modules', 'openhands-k8s', 'build', 'lib', 'index.js'))).toBe(true);
  });

  test('the README has the library snippets this test runs', () => {
    expect(tsBlocks.length).toBeGreaterThanOrEqual(2);
  });

  test.each(tsBlocks.map((block) => [block.line, block]))('the README snippet at line %d compiles strictly against the installed package and synthesizes', (_line, block) => {
    rmSync(join(app, 'dist'), { recursive: true, force: true });
    writeFileSync(join(app, 'main.ts'), block.body);
    // `cdk8s init typescript-app`'s tsconfig (bench/baseline), with the skipLibCheck the README asks for.
    const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'bench', 'baseline', 'tsconfig.json'), 'utf8'));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: true, types: [], outDir: 'js' }, files: ['main.ts'] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const run = spawnSync(process.execPath, [join(app, 'js', 'main.js')], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = readdirSync(join(app, 'dist'));
    expect(files).toHaveLength(1);
    const objects = loadAll(readFileSync(join(app, 'dist', files[0]), 'utf8')) as Array<{ kind: string; metadata: { name: string; namespace?: string }; spec?: { serviceAccountName?: string } }>;
    const pods = objects.filter((object) => object.kind === 'Pod');
    expect(pods.length).toBeGreaterThan(0);
    // Every Pod's ServiceAccount is in the output too, or the API server refuses the pod.
    for (const pod of pods) {
      const account = pod.spec?.serviceAccountName;
      if (account) expect(objects.some((object) => object.kind === 'ServiceAccount' && object.metadata.name === account && object.metadata.namespace === pod.metadata.namespace)).toBe(true);
    }
  });

  test('the installed CLI works in the app', () => {
    const cli = spawnSync(process.execPath, [join(app, 'node_modules', '.bin', 'openhands-k8s'), 'validate'], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(cli.status).toBe(0);
    // Its `cdk8s` command hands over to the app's cdk8s-cli, and says so plainly when there is none.
    const cdk8s = spawnSync(process.execPath, [join(app, 'node_modules', 'openhands-k8s', 'bin', 'cdk8s.js'), 'synth'], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(cdk8s).toMatchObject({ status: 2, stderr: 'cdk8s: the cdk8s CLI is not installed here: npm install --save-dev cdk8s-cli\n' });
  });
});
