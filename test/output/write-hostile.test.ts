// A hostile output folder: links in every position, planted journals and locks, folders where synth
// keeps its own files, huge sparse files, and two runs taking over one dead lock in every order.
import * as fs from 'node:fs';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_HEADER } from '../../lib/output/files';
import { contentHash, MANIFEST_FILE } from '../../lib/output/manifest';
import { FolderStateError, JOURNAL_FILE, LOCK_FILE, OutputFs, OutputLockedError, STAGING_DIR, writeOutput } from '../../lib/output/write';
import { acquireLock } from '../../lib/output/_lock';

const generated = (body: string) => `${GENERATED_HEADER} from config.toml.\n${body}`;
const kustomization = (files: string[]) => `${GENERATED_HEADER}.\nresources:\n${files.map((f) => `  - ${f}\n`).join('')}`;
const outputOf = (files: Record<string, string>) => new Map([...Object.entries(files), ['kustomization.yaml', kustomization(Object.keys(files))]]);
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

/** Every file and link below `dir` (links as `-> target`, never followed). */
function tree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) result[path] = `-> ${fs.readlinkSync(join(dir, path))}`;
      else if (entry.isDirectory()) walk(path);
      else result[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return result;
}

/** The real file system, recording every path opened, read, written, renamed, linked or removed. */
function watching(): { fs: OutputFs; touched: string[] } {
  const touched: string[] = [];
  const proxy = new Proxy(fs as unknown as OutputFs, {
    get(target, name: keyof OutputFs) {
      const real = (target[name] as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        for (const arg of args.slice(0, name === 'renameSync' || name === 'linkSync' ? 2 : 1)) if (typeof arg === 'string') touched.push(arg);
        return real(...args);
      };
    },
  });
  return { fs: proxy, touched };
}

let dir: string;
let out: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ohk8s-hostile-'));
  out = join(dir, 'out');
  outside = join(dir, 'outside');
  mkdirSync(out);
  mkdirSync(outside);
});

/** Asserts that a run touched no path outside the output folder, and that the outside folder is as it was. */
function expectOutsideUntouched(touched: string[], before: Record<string, string>): void {
  expect(touched.filter((path) => path.startsWith(outside))).toEqual([]);
  expect(tree(outside)).toEqual(before);
}

describe('links in the output folder are never followed out of it', () => {
  test('a per-object folder the manifest names, replaced by a link to a folder holding the same files: nothing outside is removed', () => {
    writeOutput(out, outputOf({ 'env/pod-a.yaml': generated('a'), 'env/pod-b.yaml': generated('b') }));
    // The same bytes outside, so every hash in the manifest matches there.
    for (const name of ['pod-a.yaml', 'pod-b.yaml']) writeFileSync(join(outside, name), readFileSync(join(out, 'env', name)));
    fs.rmSync(join(out, 'env'), { recursive: true });
    symlinkSync(outside, join(out, 'env'));
    const before = tree(outside);
    const { fs: watched, touched } = watching();
    // A plain layout switch: env/ is no longer produced.
    const result = writeOutput(out, outputOf({ 'env.k8s.yaml': generated('single') }), { fs: watched });
    expect(result.removed).toEqual([]);
    expect(result.kept.sort()).toEqual(['env/pod-a.yaml', 'env/pod-b.yaml']);
    expectOutsideUntouched(touched, before);
    expect(tree(out).env).toBe(`-> ${outside}`);
  });

  test('a deeper folder on the way replaced by a link: refused for writing, kept for removal, never read', () => {
    writeOutput(out, outputOf({ 'a/b/c.yaml': generated('c') }));
    writeFileSync(join(outside, 'c.yaml'), generated('c'));
    mkdirSync(join(outside, 'b'));
    writeFileSync(join(outside, 'b', 'c.yaml'), generated('c'));
    fs.rmSync(join(out, 'a'), { recursive: true });
    symlinkSync(outside, join(out, 'a'));
    const before = tree(outside);
    const { fs: watched, touched } = watching();
    expect(() => writeOutput(out, outputOf({ 'a/b/c.yaml': generated('C') }), { fs: watched, force: true })).toThrow(/a\/ is a symbolic link; synth never writes through it/);
    expect(writeOutput(out, outputOf({}), { fs: watched }).kept).toEqual(['a/b/c.yaml']);
    expectOutsideUntouched(touched, before);
  });

  test('a link at an output file, at the manifest, at the kustomization and at the staging folder: replaced or removed as links, their targets untouched', () => {
    for (const name of ['x.k8s.yaml', 'manifest.json', 'kustomization.yaml', 'staging']) writeFileSync(join(outside, name), 'precious');
    mkdirSync(join(outside, 'stage'));
    writeFileSync(join(outside, 'stage', '0'), 'precious');
    symlinkSync(join(outside, 'x.k8s.yaml'), join(out, 'x.k8s.yaml'));
    symlinkSync(join(outside, 'kustomization.yaml'), join(out, 'kustomization.yaml'));
    symlinkSync(join(outside, 'stage'), join(out, STAGING_DIR));
    // A manifest outside that would grant ownership of every file there, linked in.
    writeFileSync(join(outside, 'manifest.json'), JSON.stringify({ generator: 'openhands-k8s', version: 1, files: { 'x.k8s.yaml': contentHash('precious'), 'kustomization.yaml': contentHash('precious') } }));
    symlinkSync(join(outside, 'manifest.json'), join(out, MANIFEST_FILE));
    const before = tree(outside);
    const { fs: watched, touched } = watching();
    // The links are not synth's: refused, unless forced.
    expect(() => writeOutput(out, outputOf({ 'x.k8s.yaml': generated('x') }), { fs: watched })).toThrow(/x\.k8s\.yaml was not written by openhands-k8s/);
    writeOutput(out, outputOf({ 'x.k8s.yaml': generated('x') }), { fs: watched, force: true });
    expectOutsideUntouched(touched, before);
    expect(tree(out)['x.k8s.yaml']).toBe(generated('x'));
    expect(Object.keys(tree(out)).sort()).toEqual([MANIFEST_FILE, 'kustomization.yaml', 'x.k8s.yaml']);
  });

  test('--out itself a link to a folder is the user\'s choice: written there, and nothing beside it', () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    symlinkSync(real, join(dir, 'linked'));
    writeOutput(join(dir, 'linked'), outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(Object.keys(tree(real)).sort()).toEqual([MANIFEST_FILE, 'a.k8s.yaml', 'kustomization.yaml']);
  });
});

describe('journals: only synth\'s own, only inside the folder', () => {
  /** A journal renaming a planted staged file onto `target` and removing `remove`, as an attacker writes it. */
  function plantJournal(target: string, remove: string, removeContent: string, lock = 'planted'): void {
    mkdirSync(join(out, STAGING_DIR), { recursive: true });
    writeFileSync(join(out, STAGING_DIR, '0'), 'planted content');
    writeFileSync(join(out, JOURNAL_FILE), JSON.stringify({ lock, renames: [[`${STAGING_DIR}/0`, target]], removes: [[remove, contentHash(removeContent), Buffer.byteLength(removeContent)]] }));
  }

  test('a journal planted in the folder (with or without a dead lock beside it) is removed unapplied: nothing written through a link, no user file removed', () => {
    writeFileSync(join(out, 'mine.yaml'), 'user file');
    symlinkSync(outside, join(out, 'escape'));
    for (const lock of [undefined, `${deadPid()}\n`]) {
      plantJournal('escape/written.yaml', 'mine.yaml', 'user file');
      if (lock) writeFileSync(join(out, LOCK_FILE), lock);
      const { fs: watched, touched } = watching();
      const result = writeOutput(out, outputOf({ 'a.k8s.yaml': generated('a') }), { fs: watched });
      expect(result.warnings).toEqual([expect.stringMatching(/removed a journal that no killed synth run left on this folder.*nothing in it was applied/)]);
      expectOutsideUntouched(touched, {});
      expect(readFileSync(join(out, 'mine.yaml'), 'utf8')).toBe('user file');
      expect(readdirSync(out).sort()).toEqual([MANIFEST_FILE, 'a.k8s.yaml', 'escape', 'kustomization.yaml', 'mine.yaml']);
    }
  });

  test('a journal copied from another folder, with that folder\'s lock, is not applied (the lock\'s inode differs)', () => {
    // A genuine half-way switch in another folder.
    const other = join(dir, 'other');
    writeOutput(other, outputOf({ 'a.k8s.yaml': generated('a') }));
    const failing = new Proxy(fs as unknown as OutputFs, {
      get: (target, name: keyof OutputFs) => name === 'renameSync' ? (from: string, to: string) => { if (to.endsWith(JOURNAL_FILE)) fs.renameSync(from, to); else throw Object.assign(new Error('injected'), { code: 'EIO' }); } : (target[name] as () => unknown).bind(target),
    });
    expect(() => writeOutput(other, outputOf({ 'a.k8s.yaml': generated('A') }), { fs: failing })).toThrow(/stopped half way/);
    writeOutput(out, outputOf({ 'a.k8s.yaml': generated('a') }));
    fs.cpSync(other, out, { recursive: true, force: true });
    writeFileSync(join(out, LOCK_FILE), `${deadPid()}\n`);
    const result = writeOutput(out, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(result.warnings).toHaveLength(1);
    expect(readdirSync(out).sort()).toEqual([MANIFEST_FILE, 'a.k8s.yaml', 'kustomization.yaml']);
  });

  test('synth\'s own journal is finished by the next run, but never through a link planted since', () => {
    writeOutput(out, outputOf({ 'env/pod.yaml': generated('p') }));
    const failing = new Proxy(fs as unknown as OutputFs, {
      get: (target, name: keyof OutputFs) => name === 'renameSync' ? (from: string, to: string) => { if (to.endsWith(JOURNAL_FILE)) fs.renameSync(from, to); else throw Object.assign(new Error('injected'), { code: 'EIO' }); } : (target[name] as () => unknown).bind(target),
    });
    expect(() => writeOutput(out, outputOf({ 'env/pod.yaml': generated('P') }), { fs: failing })).toThrow(/stopped half way/);
    writeFileSync(join(out, LOCK_FILE), `${deadPid()}\n`); // the run exits: its lock's pid is dead, the file the same
    fs.rmSync(join(out, 'env'), { recursive: true });
    symlinkSync(outside, join(out, 'env'));
    const { fs: watched, touched } = watching();
    expect(() => writeOutput(out, outputOf({ 'env/pod.yaml': generated('P') }), { fs: watched })).toThrow(/env\/ is a symbolic link/);
    expectOutsideUntouched(touched, {});
    // The user removes the link: the journal (still bound to the dead lock) is finished.
    fs.unlinkSync(join(out, 'env'));
    writeOutput(out, outputOf({ 'env/pod.yaml': generated('P') }));
    expect(tree(out)['env/pod.yaml']).toBe(generated('P'));
  });
});

describe('synth\'s own paths taken by something else', () => {
  test.each([LOCK_FILE, JOURNAL_FILE])('a folder at %s: a message naming it and how to get out, exit 1, and synth works once it is gone', (name) => {
    mkdirSync(join(out, name));
    const attempt = () => writeOutput(out, outputOf({ 'a.k8s.yaml': generated('a') }));
    expect(attempt).toThrow(FolderStateError);
    expect(attempt).toThrow(new RegExp(`${name.replace(/\./g, '\\.')} is a folder, where synth keeps its (lock|journal); synth never (made|wrote) it\\. Remove it and run synth again\\.`));
    expect(readdirSync(out)).toEqual([name]);
    fs.rmdirSync(join(out, name));
    expect(attempt().written).toEqual(['a.k8s.yaml', 'kustomization.yaml']);
  });

  test('a link at the lock path is refused, not followed', () => {
    writeFileSync(join(outside, 'lock'), `${deadPid()}\n`);
    symlinkSync(join(outside, 'lock'), join(out, LOCK_FILE));
    expect(() => writeOutput(out, outputOf({}))).toThrow(/is a symbolic link, where synth keeps its lock/);
    expect(readFileSync(join(outside, 'lock'), 'utf8')).toMatch(/^\d+\n$/);
  });
});

describe('stale files are compared by size before they are read', () => {
  test('an 8 GB sparse file in place of a generated one is kept without being read', () => {
    writeOutput(out, outputOf({ 'big.k8s.yaml': generated('b'), 'a.k8s.yaml': generated('a') }));
    truncateSync(join(out, 'big.k8s.yaml'), 8 * 1024 ** 3);
    const reads: string[] = [];
    const watched = new Proxy(fs as unknown as OutputFs, {
      get: (target, name: keyof OutputFs) => name === 'openSync' ? (path: string, flags: string | number) => { reads.push(path); return fs.openSync(path, flags); } : (target[name] as () => unknown).bind(target),
    });
    expect(writeOutput(out, outputOf({ 'a.k8s.yaml': generated('a') }), { fs: watched }).kept).toEqual(['big.k8s.yaml']);
    expect(reads.filter((path) => path.endsWith('big.k8s.yaml'))).toEqual([]);
    expect(fs.statSync(join(out, 'big.k8s.yaml')).size).toBe(8 * 1024 ** 3);
  });
});

describe('the lock is never taken from a live holder', () => {
  /**
   * Replays two runs taking over one dead lock: run B is stopped before its k-th file-system call
   * while run A takes the lock whole, then B goes on. Every k of B's calls is tried, so every way
   * A can fit between B's steps is covered (A's steps are atomic here: B against A, then A against B).
   */
  test('two runs taking over one dead lock, in every interleaving: exactly one holds it, and it is the file on disk', () => {
    const plain = fs as unknown as OutputFs;
    let steps = Infinity;
    for (let k = 0; k <= steps; k++) {
      const folder = mkdtempSync(join(tmpdir(), 'ohk8s-replay-'));
      writeFileSync(join(folder, LOCK_FILE), `${deadPid()}\n`);
      let calls = 0;
      const log: string[] = [];
      let a: { path: string; identity: string } | undefined;
      const b = new Proxy(plain, {
        get: (target, name: keyof OutputFs) => (...args: unknown[]) => {
          log.push(`${calls}:${String(name)}(${String(args[0]).split('/').pop()}${typeof args[1] === 'string' ? `,${args[1].split('/').pop()}` : ''})`);
          if (calls++ === k) { log.push('[A]'); a = acquireLock(plain, folder, folder, () => undefined); } // A runs whole here
          return (target[name] as (...x: unknown[]) => unknown).apply(target, args);
        },
      });
      let bHeld: { identity: string } | undefined;
      try {
        bHeld = acquireLock(b, folder, folder, () => undefined);
      } catch (error) {
        expect(error).toBeInstanceOf(OutputLockedError);
      }
      if (k === 0) steps = calls; // B's calls when nothing interferes (k beyond them: A never runs)
      const onDisk = fs.lstatSync(join(folder, LOCK_FILE), { bigint: true });
      const holders = [a, bHeld].filter(Boolean);
      if (a === undefined && k < calls) throw new Error('A did not run');
      // At most one run holds the lock, and the lock on disk is its file.
      if (holders.length > 1) throw new Error(`k=${k} log=${log.join(' ')}`);
      expect(holders.length).toBeLessThanOrEqual(1);
      if (holders.length === 1) expect(holders[0]!.identity).toBe(`${onDisk.dev}:${onDisk.ino}:${onDisk.birthtimeNs}`);
      // A, when it took the lock, still has it: B never removed a live lock.
      if (a) expect(`${onDisk.dev}:${onDisk.ino}:${onDisk.birthtimeNs}`).toBe(a.identity);
    }
    expect(steps).toBeGreaterThan(5);
  });

  test('a second taker of a dead lock meets the first one\'s marker and is refused while that run lives', () => {
    writeFileSync(join(out, LOCK_FILE), `${deadPid()}\n`);
    const ino = fs.lstatSync(join(out, LOCK_FILE)).ino;
    writeFileSync(join(out, `${LOCK_FILE}.x.tmp`), `${process.pid}\n`);
    linkSync(join(out, `${LOCK_FILE}.x.tmp`), join(out, `${LOCK_FILE}.${ino}.takeover`));
    expect(() => writeOutput(out, outputOf({}))).toThrow(new RegExp(`being taken over from a dead synth by another openhands-k8s synth \\(pid ${process.pid}\\)`));
  });
});
