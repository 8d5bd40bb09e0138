import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { tomlDepthProblem } from '../../lib/config/_toml-depth';
import { parseDictLiteral } from '../../lib/config/python-literal';
import { pySafeLoad } from '../../lib/config/pyyaml';
import { checkTomlCompat } from '../../lib/config/toml-compat';

/**
 * The readers against Python's own libraries, on a generated corpus (scripts/reader-corpus.js):
 * Python's answers (toml 0.10.2, ast.literal_eval, PyYAML safe_load, as OpenHands reads config.toml,
 * SANDBOX_RUNTIME_STARTUP_ENV_VARS and tolerations_yaml) are committed beside the corpus with the
 * script that made them (scripts/python-answers.py; .ci/run checks them with Debian's python3-toml
 * and python3-yaml), so this test needs no Python and never skips.
 */
const DIR = join(__dirname, '..', 'fixtures', 'readers');
const raw = readFileSync(join(DIR, 'corpus.json'));
const corpus = JSON.parse(raw.toString('utf8')) as Array<{ reader: 'toml' | 'literal' | 'yaml'; text: string }>;
const python = JSON.parse(readFileSync(join(DIR, 'python-answers.json'), 'utf8')) as {
  corpus_sha256: string;
  answers: Array<{ ok: true; value: unknown } | { ok: false; error: string }>;
};

/** A value in the form python-answers.py writes Python's: dicts as sorted entries, non-finite floats tagged. */
function plain(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { $float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return { $dict: Object.entries(value).map(([key, item]) => [key, plain(item)]).sort(byKey) };
  return value;
}
/** Python's answer with its dicts' entries sorted as `plain` sorts ours. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object' && '$dict' in value) return { $dict: (value.$dict as Array<[unknown, unknown]>).map(([key, item]) => [key, sorted(item)]).sort(byKey) };
  return value;
}
const byKey = (a: unknown[], b: unknown[]) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);
/** A case where openhands-k8s and Python disagree, as a failure shows it. */
type Wrong = { index: number; text: string; ours?: unknown; python: unknown };
const wellFormed = (text: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

/** What openhands-k8s makes of a TOML text: its value, or undefined when it refuses the file. */
function ourToml(text: string): { value: unknown } | undefined {
  if (tomlDepthProblem(text)) return undefined;
  try {
    const value = parse(text);
    return checkTomlCompat(text.replace(/\r\n?/g, '\n')).length === 0 ? { value } : undefined;
  } catch {
    return undefined;
  }
}

describe('the readers against Python\'s libraries, on a generated corpus', () => {
  test('the committed answers are Python\'s for this very corpus', () => {
    expect(python.corpus_sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(python.answers).toHaveLength(corpus.length);
    expect(new Set(corpus.map((item) => item.reader))).toEqual(new Set(['toml', 'literal', 'yaml']));
  });

  const cases = corpus.map((item, index) => ({ ...item, index, answer: python.answers[index] }));

  test('every TOML text openhands-k8s accepts, toml 0.10.2 reads to the same value (none it rejects or misreads gets through)', () => {
    const wrong = cases.filter((item) => item.reader === 'toml').flatMap(({ text, answer, index }): Wrong[] => {
      const ours = ourToml(text);
      if (!ours) return [];
      if (answer.ok && JSON.stringify(sorted(answer.value)) === JSON.stringify(plain(ours.value))) return [];
      return [{ index, text, python: answer }];
    });
    expect(wrong).toEqual([]);
  });

  test('the corpus holds TOML both readers accept and TOML openhands-k8s refuses because toml 0.10.2 would not read it as written', () => {
    const tomlCases = cases.filter((item) => item.reader === 'toml');
    expect(tomlCases.filter(({ text }) => ourToml(text)).length).toBeGreaterThan(50);
    expect(tomlCases.filter(({ text, answer }) => !ourToml(text) && (() => { try { parse(text); return true; } catch { return false; } })() && !answer.ok).length).toBeGreaterThan(20);
  });

  test('SANDBOX_RUNTIME_STARTUP_ENV_VARS: a dict literal is read as ast.literal_eval reads it, and refused exactly when Python does not give a dict of Unicode strings', () => {
    const wrong = cases.filter((item) => item.reader === 'literal').flatMap(({ text, answer, index }): Wrong[] => {
      const ours = parseDictLiteral(text);
      const entries = answer.ok && typeof answer.value === 'object' && answer.value !== null && '$dict' in answer.value ? (answer.value.$dict as Array<[unknown, unknown]>) : undefined;
      const dictOfText = entries?.every(([key, value]) => typeof key === 'string' && typeof value === 'string' && wellFormed(key) && wellFormed(value));
      if ('value' in ours) {
        return dictOfText && JSON.stringify(plain(ours.value)) === JSON.stringify(sorted(answer.ok ? answer.value : undefined)) ? [] : [{ index, text, ours, python: answer }];
      }
      return dictOfText ? [{ index, text, ours, python: answer }] : [];
    });
    expect(wrong).toEqual([]);
  });

  test('tolerations_yaml: a value where PyYAML gives the same one, a YAML error where it raises one, a crash where it raises anything else', () => {
    const wrong = cases.filter((item) => item.reader === 'yaml').flatMap(({ text, answer, index }): Wrong[] => {
      const ours = pySafeLoad(text);
      if ('value' in ours) return answer.ok && JSON.stringify(plain(ours.value)) === JSON.stringify(sorted(answer.value)) ? [] : [{ index, text, ours: plain(ours.value), python: answer }];
      if ('yamlError' in ours) return !answer.ok && answer.error === 'YAMLError' ? [] : [{ index, text, ours, python: answer }];
      return !answer.ok && answer.error !== 'YAMLError' ? [] : [{ index, text, ours, python: answer }];
    });
    expect(wrong).toEqual([]);
  });
});
