import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IMAGE } from './support/fixtures';

const ROOT = resolve(__dirname, '..');

/** A cdk8s app of someone else's that puts our constructs into its own chart. */
const APP = `
import { App, Chart } from 'cdk8s';
import { parseConfig, resolveSettings, SandboxNamespace, SandboxNetworkPolicy, SandboxSession } from 'openhands-k8s';

const settings = resolveSettings(parseConfig('[kubernetes]\\nnamespace = "agents"\\n[sandbox]\\nruntime_container_image = "${IMAGE}"\\n', 'config.toml'), 'mine');
const app = new App({ outdir: 'out' });
const chart = new Chart(app, 'mine', { disableResourceNameHashes: true });
new SandboxNamespace(chart, 'namespace', { name: 'agents', labels: { team: 'ml' }, privileged: false });
new SandboxNetworkPolicy(chart, 'isolation', {
  namespace: 'agents', labels: {}, appServerNamespace: 'openhands', appServerPodLabels: { app: 'openhands' }, allowEgressCidrs: [],
});
new SandboxSession(chart, 'abc', {
  sessionId: 'abc', namespace: 'agents', instance: 'mine', pod: settings.pod, workspace: settings.workspace, vscode: settings.vscode,
});
app.synth();
`;

/** A fresh folder whose node_modules holds this package (as installed) and cdk8s. */
function consumer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ohk8s-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'openhands-k8s'), 'dir');
  for (const name of ['cdk8s', 'constructs']) symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  writeFileSync(join(dir, 'main.ts'), APP);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, types: [], typeRoots: [join(ROOT, 'node_modules', '@types')], skipLibCheck: true, outDir: 'js' },
    files: ['main.ts'],
  }));
  return dir;
}

describe('openhands-k8s as a library', () => {
  test('a separate cdk8s app type-checks against the published declarations and synthesizes our constructs in its own chart', () => {
    const dir = consumer();
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const run = spawnSync(process.execPath, [join(dir, 'js', 'main.js')], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const yaml = readFileSync(join(dir, 'out', 'mine.k8s.yaml'), 'utf8');
    expect(yaml).toMatch(/kind: Namespace\n[\s\S]*name: agents/);
    expect(yaml).toMatch(/kind: NetworkPolicy/);
    expect(yaml).toMatch(/kind: Pod\nmetadata:\n[\s\S]*name: openhands-runtime-abc\n/);
    expect(yaml).toContain(`image: ${IMAGE}`);
  });

  test('package.json points main, types and exports at the built output', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('build/lib/index.js');
    expect(pkg.types).toBe('build/lib/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './build/lib/index.d.ts', default: './build/lib/index.js' });
  });
});
