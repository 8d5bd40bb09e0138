import { z } from 'zod';
import { describeIssue } from '../../lib/config/describe-issue';

const Schema = z.object({
  section: z.strictObject({ namespace: z.string(), privileged: z.boolean(), sessions: z.array(z.string()).min(1), mode: z.enum(['a', 'b']), size: z.number().max(5) }),
});

function describe_(data: unknown) {
  const result = Schema.safeParse(data);
  if (result.success) throw new Error('expected issues');
  return result.error.issues.flatMap((issue) => describeIssue(issue, data, Schema)).map(({ key, value, message }) => ({ key, value, message }));
}

const VALID = { namespace: 'a', privileged: false, sessions: ['x'], mode: 'a', size: 1 };

describe('describeIssue', () => {
  test('names an unknown key, suggests the nearest known one and lists the known keys', () => {
    expect(describe_({ section: { ...VALID, namspace: 'x' } })).toEqual([{
      key: 'section.namspace', value: undefined,
      message: 'is not a known key (did you mean "namespace"?); known keys: namespace, privileged, sessions, mode, size',
    }]);
  });

  test('suggests the snake_case key for a camelCase one', () => {
    expect(describe_({ section: { ...VALID, Privi_leged: true } })[0].message).toMatch(/did you mean "privileged"/);
  });

  test('says how to quote a number where a string is expected, and how to write a boolean', () => {
    expect(describe_({ section: { ...VALID, namespace: 2 } })).toEqual([{ key: 'section.namespace', value: 2, message: 'must be a string, got a number 2 (quote it: "2")' }]);
    expect(describe_({ section: { ...VALID, privileged: 'true' } })[0].message).toBe('must be a boolean, got a string "true" (write true or false without quotes)');
  });

  test('reports a missing key as required, an enum with its options, sizes with their bounds', () => {
    const { namespace: _namespace, ...rest } = VALID;
    expect(describe_({ section: { ...rest, mode: 'c', sessions: [], size: 9 } })).toEqual([
      { key: 'section.namespace', value: undefined, message: 'is required' },
      { key: 'section.sessions', value: [], message: 'must list at least 1 item(s)' },
      { key: 'section.mode', value: 'c', message: 'must be one of "a", "b"' },
      { key: 'section.size', value: 9, message: 'must be at most 5' },
    ]);
  });

  test('writes list positions in brackets', () => {
    expect(describe_({ section: { ...VALID, sessions: ['a', 3] } })[0].key).toBe('section.sessions[1]');
  });
});
