import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chunks, Content } from '../../lib/output/content';
import { GENERATED_HEADER } from '../../lib/output/files';
import { contentHash, MANIFEST_FILE } from '../../lib/output/manifest';
import { diffOutput, JOURNAL_FILE, LOCK_FILE, MAX_TEXT_BYTES, OutputConflictError, OutputFs, OutputLockedError, STAGING_DIR, writeOutput } from '../../lib/output/write';

const kustomization = (files: string[]) => `${GENERATED_HEADER}.\nresources:\n${files.map((f) => `  - ${f}\n`).join('')}`;
const generated = (body: string) => `${GENERATED_HEADER} from config.toml.\n${body}`;

function outputOf(files: Record<string, string>): Map<string, string> {
  return new Map([...Object.entries(files), ['kustomization.yaml', kustomization(Object.keys(files))]]);
}

function snapshotDir(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else result[path] = entry.isSymbolicLink() ? '(link)' : readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return result;
}

/** What a folder holds besides synth's own bookkeeping. */
function outputIn(dir: string): Record<string, string> {
  const { [MANIFEST_FILE]: _manifest, ...rest } = snapshotDir(dir);
  return rest;
}

/** A call into the staging folder (the run's new files), not a read or the lock. */
const staging = (args: unknown[]) => typeof args[0] !== 'string' || args[0].includes(STAGING_DIR);

/**
 * The real file system, failing the n-th call (and, when `always`, every later one) of one method,
 * counting only the calls `which` picks.
 */
function failing(method: keyof OutputFs, n: number, code = 'EIO', always = false, which: (args: unknown[]) => boolean = () => true): OutputFs {
  let calls = 0;
  return new Proxy(fs as unknown as OutputFs, {
    get(target, name: keyof OutputFs) {
      const real = (target[name] as (...args: unknown[]) => unknown).bind(target);
      if (name !== method) return real;
      return (...args: unknown[]) => {
        if (!which(args)) return real(...args);
        calls += 1;
        if (calls === n || (always && calls > n)) throw Object.assign(new Error(`injected ${method} failure`), { code });
        return real(...args);
      };
    },
  });
}

/** The real file system, counting every call. */
function counting(): { fs: OutputFs; calls: () => number } {
  let calls = 0;
  const proxy = new Proxy(fs as unknown as OutputFs, {
    get(target, name: keyof OutputFs) {
      const real = (target[name] as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        calls += 1;
        return real(...args);
      };
    },
  });
  return { fs: proxy, calls: () => calls };
}

const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

describe('writeOutput', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ohk8s-out-'));
  });

  test('writes every file, a kustomization listing them, and a manifest of what it wrote', () => {
    const result = writeOutput(join(dir, 'dist'), outputOf({ 'a.k8s.yaml': generated('a'), 'b/pod.yaml': generated('b') }));
    expect(result.written.sort()).toEqual(['a.k8s.yaml', 'b/pod.yaml', 'kustomization.yaml']);
    const written = snapshotDir(join(dir, 'dist'));
    expect(written['b/pod.yaml']).toBe(generated('b'));
    expect(JSON.parse(written[MANIFEST_FILE]).files).toEqual({
      'a.k8s.yaml': contentHash(generated('a')), 'b/pod.yaml': contentHash(generated('b')), 'kustomization.yaml': contentHash(kustomization(['a.k8s.yaml', 'b/pod.yaml'])),
    });
    expect(Object.keys(written).sort()).toEqual([MANIFEST_FILE, 'a.k8s.yaml', 'b/pod.yaml', 'kustomization.yaml']);
  });

  test('leaves unchanged files alone', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toEqual({ written: [], unchanged: ['a.k8s.yaml', 'kustomization.yaml'], removed: [], kept: [], warnings: [] });
  });

  test('removes files an earlier run generated and no longer produces, and nothing else', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'old/pod.yaml': generated('old') }));
    writeFileSync(join(dir, 'README.md'), 'mine');
    writeFileSync(join(dir, 'notes.yaml'), 'mine too');
    const result = writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a2') }));
    expect(result.removed).toEqual(['old/pod.yaml']);
    expect(Object.keys(outputIn(dir)).sort()).toEqual(['README.md', 'a.k8s.yaml', 'kustomization.yaml', 'notes.yaml']);
  });

  test('keeps a file it no longer produces when someone edited it since', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'old.k8s.yaml': generated('old') }));
    writeFileSync(join(dir, 'old.k8s.yaml'), generated('edited'));
    expect(writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toMatchObject({ removed: [], kept: ['old.k8s.yaml'] });
    expect(readFileSync(join(dir, 'old.k8s.yaml'), 'utf8')).toBe(generated('edited'));
  });

  test('refuses to overwrite a file it did not write, and overwrites it with force', () => {
    writeFileSync(join(dir, 'a.k8s.yaml'), 'kind: ConfigMap # mine');
    expect(() => writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toThrow(OutputConflictError);
    expect(() => writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toThrow(/refusing to overwrite:\n {2}a\.k8s\.yaml was not written by openhands-k8s\n.*--force/);
    expect(readFileSync(join(dir, 'a.k8s.yaml'), 'utf8')).toBe('kind: ConfigMap # mine');
    expect(readdirSync(dir)).toEqual(['a.k8s.yaml']);
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }), { force: true });
    expect(readFileSync(join(dir, 'a.k8s.yaml'), 'utf8')).toBe(generated('a'));
  });

  test('refuses to overwrite a generated file that was edited since', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    writeFileSync(join(dir, 'a.k8s.yaml'), generated('hand-edited'));
    expect(() => writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a2') }))).toThrow(/a\.k8s\.yaml was changed since openhands-k8s wrote it/);
  });

  test('adopts a file that already holds exactly what it would write', () => {
    writeFileSync(join(dir, 'a.k8s.yaml'), generated('a'));
    expect(writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') })).unchanged).toContain('a.k8s.yaml');
  });

  test('adopts an output written before manifests: header files its kustomization lists, once', () => {
    writeFileSync(join(dir, 'kustomization.yaml'), kustomization(['a.k8s.yaml', 'gone.k8s.yaml', 'hand.yaml']));
    writeFileSync(join(dir, 'a.k8s.yaml'), generated('old a'));
    writeFileSync(join(dir, 'gone.k8s.yaml'), generated('gone'));
    writeFileSync(join(dir, 'hand.yaml'), 'kind: ConfigMap');
    const result = writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(result).toMatchObject({ written: ['a.k8s.yaml', 'kustomization.yaml'], removed: ['gone.k8s.yaml'] });
    expect(readFileSync(join(dir, 'hand.yaml'), 'utf8')).toBe('kind: ConfigMap');
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).files).not.toHaveProperty('hand.yaml');
  });

  test('never follows a manifest entry out of the folder, through a link, or onto a file it did not write', () => {
    const outside = mkdtempSync(join(tmpdir(), 'ohk8s-outside-'));
    writeFileSync(join(outside, 'victim.yaml'), 'precious');
    const out = join(dir, 'out');
    mkdirSync(out);
    symlinkSync(join(outside, 'victim.yaml'), join(out, 'link.yaml'));
    writeFileSync(join(out, MANIFEST_FILE), JSON.stringify({
      generator: 'openhands-k8s', version: 1,
      files: { '../outside/victim.yaml': contentHash('precious'), [join(outside, 'victim.yaml')]: contentHash('precious'), 'link.yaml': contentHash('precious') },
    }));
    writeOutput(out, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(readFileSync(join(outside, 'victim.yaml'), 'utf8')).toBe('precious');
    expect(snapshotDir(out)['link.yaml']).toBe('(link)');
  });

  test('refuses a per-object folder that is a symbolic link', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'ohk8s-elsewhere-'));
    symlinkSync(elsewhere, join(dir, 'env'));
    expect(() => writeOutput(dir, outputOf({ 'env/pod.yaml': generated('p') }), { force: true })).toThrow(/env\/ is a symbolic link; synth never writes through it/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  test('creates missing output folders level by level, and names a parent that links to nothing', () => {
    writeOutput(join(dir, 'a', 'b', 'c'), outputOf({ 'x.k8s.yaml': generated('x') }));
    expect(readdirSync(join(dir, 'a', 'b', 'c'))).toContain('x.k8s.yaml');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    expect(() => writeOutput(join(dir, 'dangling', 'sub'), outputOf({}))).toThrow(expect.objectContaining({
      code: 'ENOENT', message: `cannot create the output folder ${join(dir, 'dangling', 'sub')}: ${join(dir, 'dangling')} is a symbolic link to a missing folder`,
    }));
  });

  (fs.existsSync('/proc/self') ? test : test.skip)('fails at once, not looping, where the kernel refuses a folder under an existing one (/proc)', () => {
    // In a child process with a time limit: Node's recursive mkdir loops there, and a loop would hang this worker.
    const write = join(__dirname, '..', '..', 'build', 'lib', 'output', 'write.js');
    const script = `try { require(${JSON.stringify(write)}).writeOutput('/proc/openhands-k8s-test/out', new Map()); } catch (e) { process.stdout.write(e.code + ' ' + e.message); }`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(result.signal).toBeNull();
    expect(result.stdout).toMatch(/^ENOENT cannot create the output folder \/proc\/openhands-k8s-test: /);
  });

  test('refuses an output path that is a file, with a system error code', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => writeOutput(join(dir, 'file'), outputOf({}))).toThrow(expect.objectContaining({ code: 'ENOTDIR', message: expect.stringMatching(/is not a folder/) }));
  });

  test.each([
    ['creating the staging folder', 'mkdirSync', 1, staging],
    ['creating the first staged file', 'openSync', 1, staging],
    ['creating a later staged file', 'openSync', 3, staging],
    ['the first write of a staged file', 'writeSync', 1, staging],
    ['flushing a file', 'fsyncSync', 2, staging],
    ['reading the manifest', 'openSync', 2, () => true],
    ['writing the journal', 'renameSync', 1, staging],
  ] as const)('keeps the previous output untouched when %s fails, leaving no temporary file', (_case, method, n, which) => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'b.k8s.yaml': generated('b') }));
    const before = snapshotDir(dir);
    const next = outputOf({ 'a.k8s.yaml': generated('A'), 'b.k8s.yaml': generated('B'), 'c/pod.yaml': generated('C') });
    expect(() => writeOutput(dir, next, { fs: failing(method, n, 'EIO', false, which) })).toThrow(/injected/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  test('files are staged as they come: a failure while they are produced (a late config error) leaves the old output and no new folder', () => {
    function* failingLate(): Generator<[string, string]> {
      for (let i = 0; i < 50; i++) yield [`env/pod-${i}.yaml`, generated(String(i))];
      throw new Error('the API-limit check failed');
    }
    expect(() => writeOutput(join(dir, 'new', 'out'), failingLate())).toThrow(/API-limit/);
    expect(readdirSync(dir)).toEqual([]);
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    const before = snapshotDir(dir);
    expect(() => writeOutput(dir, failingLate())).toThrow(/API-limit/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  test('a full disk fails with ENOSPC and keeps the previous output', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    const before = snapshotDir(dir);
    expect(() => writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('A') }), { fs: failing('writeSync', 3, 'ENOSPC', true) })).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(snapshotDir(dir)).toEqual(before);
  });

  test('finishes the switch when one rename fails once', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'b.k8s.yaml': generated('b') }));
    const next = outputOf({ 'a.k8s.yaml': generated('A'), 'b.k8s.yaml': generated('B') });
    writeOutput(dir, next, { fs: failing('renameSync', 3) });
    expect(outputIn(dir)).toEqual(Object.fromEntries(next));
  });

  test('when renames keep failing, the journal stays and the next run finishes the switch', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'b.k8s.yaml': generated('b') }));
    const next = outputOf({ 'a.k8s.yaml': generated('A'), 'b.k8s.yaml': generated('B') });
    expect(() => writeOutput(dir, next, { fs: failing('renameSync', 3, 'EIO', true) })).toThrow(/stopped half way.*run synth again/);
    expect(readdirSync(dir)).toContain(JOURNAL_FILE);
    // The run that stopped half way keeps its lock (the journal is bound to it) and exits: its pid dies.
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`); // same file, same inode
    expect(writeOutput(dir, next).written).toEqual([]);
    expect(outputIn(dir)).toEqual(Object.fromEntries(next));
  });

  test('removes temporary files a killed run left behind', () => {
    writeOutput(dir, outputOf({ 'e/pod.yaml': generated('p') }));
    writeFileSync(join(dir, '.openhands-k8s-0123456789abcdef.tmp'), 'half');
    writeFileSync(join(dir, 'e', '.openhands-k8s-fedcba9876543210.tmp'), 'half');
    writeOutput(dir, outputOf({ 'e/pod.yaml': generated('p') }));
    expect(Object.keys(snapshotDir(dir)).sort()).toEqual([MANIFEST_FILE, 'e/pod.yaml', 'kustomization.yaml']);
  });

  test('leaves the pid file of a run that is taking the lock, and removes one whose run died', () => {
    writeFileSync(join(dir, `${LOCK_FILE}.0123456789abcdef.tmp`), `${process.pid}\n`);
    writeFileSync(join(dir, `${LOCK_FILE}.fedcba9876543210.tmp`), `${deadPid()}\n`);
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(readdirSync(dir).filter((entry) => entry.startsWith(`${LOCK_FILE}.`))).toEqual([`${LOCK_FILE}.0123456789abcdef.tmp`]);
  });

  test('refuses to run while a live process holds the lock, naming it', () => {
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\n`);
    expect(() => writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toThrow(OutputLockedError);
    expect(() => writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toThrow(new RegExp(`locked by another openhands-k8s synth \\(pid ${process.pid}\\)`));
  });

  test('takes over the lock of a process that died, and releases it', () => {
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`);
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
  });

  test('a lock without a pid counts as a starting run when fresh, and as dead when old', () => {
    writeFileSync(join(dir, LOCK_FILE), '');
    expect(() => writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toThrow(/locked by another openhands-k8s synth that is starting/);
    fs.utimesSync(join(dir, LOCK_FILE), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
  });

  test('the per-object layout costs file-system calls linear in the number of files', () => {
    const perObject = (n: number) => outputOf(Object.fromEntries(Array.from({ length: n }, (_, i) => [`env/pod-${i}.yaml`, generated(String(i))])));
    const cost = (n: number) => {
      const target = mkdtempSync(join(tmpdir(), 'ohk8s-linear-'));
      const first = counting();
      writeOutput(target, perObject(n), { fs: first.fs });
      const second = counting();
      writeOutput(target, perObject(n), { fs: second.fs });
      return [first.calls(), second.calls()];
    };
    const [small, large] = [cost(100), cost(400)];
    expect(large[0] / small[0]).toBeLessThan(4.4);
    expect(large[1] / small[1]).toBeLessThan(4.4);
  });

  test('diffOutput lists changed, missing and stale files without writing', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a'), 'gone.k8s.yaml': generated('g') }));
    const before = snapshotDir(dir);
    const diff = diffOutput(dir, outputOf({ 'a.k8s.yaml': generated('a2'), 'new.k8s.yaml': generated('n') }));
    expect(diff).toMatchObject({ changed: ['a.k8s.yaml', 'kustomization.yaml'], missing: ['new.k8s.yaml'], stale: ['gone.k8s.yaml'] });
    expect(diff.current.get('a.k8s.yaml')).toBe(generated('a'));
    expect(snapshotDir(dir)).toEqual(before);
  });

  test('diffOutput reports a missing manifest when the files themselves are current', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }));
    fs.unlinkSync(join(dir, MANIFEST_FILE));
    expect(diffOutput(dir, outputOf({ 'a.k8s.yaml': generated('a') }))).toMatchObject({ changed: [], missing: [MANIFEST_FILE], stale: [] });
  });
});

describe('writeOutput under kills and concurrent runs (the built CLI)', () => {
  const BIN = join(__dirname, '..', '..', 'bin', 'openhands-k8s.js');
  const sessions = Array.from({ length: 60 }, (_, i) => `"s${i}"`).join(', ');
  const config = (cpu: string) => `[kubernetes]\nnamespace = "sbx"\nresource_cpu_request = "${cpu}"\n[sandbox]\nkeep_runtime_alive = true\nruntime_container_image = "ghcr.io/x/runtime:1"\n[extended.manifests]\nname = "env"\nlayout = "per-object"\nsessions = [${sessions}]\n[extended.manifests.governance]\nmax_sessions = 60\n`;

  function synth(cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }> {
    const started = Date.now();
    const child = require('node:child_process').spawn(process.execPath, [BIN, 'synth', '--out', 'out'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    (synth as unknown as { last: typeof child }).last = child;
    return new Promise((resolve) => child.on('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal, stderr, ms: Date.now() - started })));
  }

  /** The output a config produces, written into a fresh folder. */
  async function expected(toml: string): Promise<Record<string, string>> {
    const fresh = mkdtempSync(join(tmpdir(), 'ohk8s-expected-'));
    writeFileSync(join(fresh, 'config.toml'), toml);
    expect((await synth(fresh)).code).toBe(0);
    return snapshotDir(join(fresh, 'out'));
  }

  // Kills and signals at random instants: test/output/write-signals.test.ts.

  test('two synths at once on one folder: both finish, or one is refused with the lock message; the result is whole', async () => {
    const toml = config('1');
    const output = await expected(toml);
    const cwd = mkdtempSync(join(tmpdir(), 'ohk8s-race-'));
    writeFileSync(join(cwd, 'config.toml'), toml);
    const results = await Promise.all([synth(cwd), synth(cwd)]);
    for (const result of results) {
      if (result.code !== 0) {
        expect(result.code).toBe(3);
        expect(result.stderr).toMatch(/out\/ is locked by another openhands-k8s synth \(pid \d+\)/);
      }
    }
    expect(results.some((result) => result.code === 0)).toBe(true);
    expect(snapshotDir(join(cwd, 'out'))).toEqual(output);
  }, 60_000);
});

describe('writeOutput with chunked content and large files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ohk8s-chunks-'));
  });

  const parts = [generated('kind: Pod\n'), '---\nkind: Service\n', '---\nkind: ConfigMap # é\n'];
  const chunked = (texts: string[]) => new Map<string, Content>([['a.k8s.yaml', new Chunks(texts)], ['kustomization.yaml', kustomization(['a.k8s.yaml'])]]);

  /** The real file system, recording the size of every file read whole as one string. */
  function recording(): { fs: OutputFs; textReads: Array<[string, number]> } {
    const textReads: Array<[string, number]> = [];
    const proxy = new Proxy(fs as unknown as OutputFs, {
      get(target, name: keyof OutputFs) {
        const real = (target[name] as (...args: unknown[]) => unknown).bind(target);
        if (name !== 'readFileSync') return real;
        return (file: string | number, ...rest: unknown[]) => {
          textReads.push([typeof file === 'number' ? fs.readlinkSync(`/proc/self/fd/${file}`) : file, typeof file === 'number' ? fs.fstatSync(file).size : fs.lstatSync(file).size]);
          return real(file, ...rest);
        };
      },
    });
    return { fs: proxy, textReads };
  }

  test('writes chunked content byte for byte, with the hash of the joined text in the manifest', () => {
    expect(writeOutput(dir, chunked(parts)).written).toEqual(['a.k8s.yaml', 'kustomization.yaml']);
    expect(readFileSync(join(dir, 'a.k8s.yaml')).equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).files['a.k8s.yaml']).toBe(contentHash(parts.join('')));
  });

  test('a chunked file whose bytes equal the existing file is unchanged, and is not read as one string', () => {
    writeOutput(dir, outputOf({ 'a.k8s.yaml': parts.join('') }));
    const { fs: recorder, textReads } = recording();
    expect(writeOutput(dir, chunked(parts), { fs: recorder })).toEqual({ written: [], unchanged: ['a.k8s.yaml', 'kustomization.yaml'], removed: [], kept: [], warnings: [] });
    expect(textReads.map(([path]) => path)).not.toContain(join(dir, 'a.k8s.yaml'));
    expect(diffOutput(dir, chunked(parts))).toMatchObject({ changed: [], missing: [], stale: [] });
  });

  test('a chunked file that differs (even by length only) is replaced atomically', () => {
    writeOutput(dir, chunked(parts));
    const longer = [...parts, '---\nkind: Secret\n'];
    expect(diffOutput(dir, chunked(longer)).changed).toEqual(['a.k8s.yaml']);
    // A failure while staging leaves the old output as it was, with no temporary file.
    expect(() => writeOutput(dir, chunked(longer), { fs: failing('writeSync', 2) })).toThrow(/injected writeSync failure/);
    expect(readFileSync(join(dir, 'a.k8s.yaml'), 'utf8')).toBe(parts.join(''));
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_FILE, 'a.k8s.yaml', 'kustomization.yaml']);
    expect(writeOutput(dir, chunked(longer)).written).toEqual(['a.k8s.yaml']);
    expect(readFileSync(join(dir, 'a.k8s.yaml'), 'utf8')).toBe(longer.join(''));
  });

  test('a chunked file still refuses to overwrite a file it did not write', () => {
    writeFileSync(join(dir, 'a.k8s.yaml'), 'kind: ConfigMap # mine');
    expect(() => writeOutput(dir, chunked(parts))).toThrow(/a\.k8s\.yaml was not written by openhands-k8s/);
    expect(readFileSync(join(dir, 'a.k8s.yaml'), 'utf8')).toBe('kind: ConfigMap # mine');
    writeOutput(dir, chunked(parts), { force: true });
    expect(readFileSync(join(dir, 'a.k8s.yaml'), 'utf8')).toBe(parts.join(''));
  });

  test(`never reads a file larger than ${MAX_TEXT_BYTES} bytes as one string: hashes it in blocks`, () => {
    const line = `${'x'.repeat(1023)}\n`;
    const big = (tail: string) => [generated(''), ...Array.from({ length: 64 }, () => line.repeat(1024)), tail];
    const write = (texts: string[], options = {}) => writeOutput(dir, chunked(texts), options);
    write(big('a\n'));
    expect(fs.statSync(join(dir, 'a.k8s.yaml')).size).toBeGreaterThan(MAX_TEXT_BYTES);
    const { fs: recorder, textReads } = recording();
    expect(write(big('a\n'), { fs: recorder }).unchanged).toContain('a.k8s.yaml');
    expect(diffOutput(dir, chunked(big('a\n')), recorder)).toMatchObject({ changed: [], missing: [], stale: [] });
    expect(diffOutput(dir, chunked(big('b\n')), recorder)).toMatchObject({ changed: ['a.k8s.yaml'], current: new Map() });
    expect(write(big('b\n'), { fs: recorder }).written).toEqual(['a.k8s.yaml']);
    // Edited since: the conflict check hashes the large file, as does removing it once no longer produced.
    fs.appendFileSync(join(dir, 'a.k8s.yaml'), 'edited\n');
    expect(() => write(big('c\n'), { fs: recorder })).toThrow(/a\.k8s\.yaml was changed since openhands-k8s wrote it/);
    write(big('c\n'), { fs: recorder, force: true });
    expect(writeOutput(dir, outputOf({}), { fs: recorder }).removed).toEqual(['a.k8s.yaml']);
    expect(textReads.length).toBeGreaterThan(0);
    expect(textReads.filter(([, size]) => size > MAX_TEXT_BYTES)).toEqual([]);
  });
});
