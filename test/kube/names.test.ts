import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, checkEnvVarName, checkHostName, checkImageReference, checkLabelKey, checkLabelValue, checkMountPath, splitImageReference } from '../../lib/kube/names';

const valid = (check: (value: string) => string | undefined) => (value: string) => expect(check(value)).toBeUndefined();
const invalid = (check: (value: string) => string | undefined, reason: RegExp) => (value: string) => expect(check(value)).toMatch(reason);

describe('Kubernetes name rules', () => {
  test.each(['a', 'sandboxes', 'a-1', '0abc', 'a'.repeat(63)])('accepts the DNS-1123 label %j', valid(checkDns1123Label));
  test.each(['', 'A', 'a_b', '-a', 'a-', 'a.b'])('refuses the DNS-1123 label %j', invalid(checkDns1123Label, /DNS-1123 label/));
  test('counts the length of a DNS-1123 label', () => expect(checkDns1123Label('a'.repeat(64))).toBe('must be at most 63 characters (it has 64)'));

  test.each(['svc', 'a-1'])('accepts the DNS-1035 label %j', valid(checkDns1035Label));
  test.each(['1svc', 'a_b', ''])('refuses the DNS-1035 label %j, which must start with a letter', invalid(checkDns1035Label, /DNS-1035 label/));

  test.each(['a', 'a.b', 'registry-cred', `${'a'.repeat(63)}.b`])('accepts the DNS-1123 subdomain %j', valid(checkDns1123Subdomain));
  test.each(['a..b', '.a', 'a.', 'A.b', `${'a'.repeat(64)}.b`])('refuses the DNS-1123 subdomain %j', invalid(checkDns1123Subdomain, /DNS-1123 subdomain/));
  test('counts the length of a subdomain', () => expect(checkDns1123Subdomain(Array(5).fill('a'.repeat(60)).join('.'))).toMatch(/at most 253/));

  test.each(['localhost', 'sbx.example.com'])('accepts the host name %j', valid(checkHostName));
  test.each([['10.0.0.1', /not an IP/], ['::1', /not an IP/], ['Example.com', /lower case/], ['*.example.com', /DNS-1123 subdomain/]])('refuses the host name %j', (value, reason) => expect(checkHostName(value)).toMatch(reason));

  test.each(['app', 'app.kubernetes.io/name', 'A_b.c', 'example.com/x'])('accepts the label key %j', valid(checkLabelKey));
  test.each([['/x', /before the "\/"/], ['Bad_Prefix/x', /before the "\/"/], ['-x', /label key/], ['', /label key/], [`${'k'.repeat(64)}`, /label key/]])('refuses the label key %j', (value, reason) => expect(checkLabelKey(value)).toMatch(reason));

  test.each(['', 'v1', 'a.b_c-d', 'x'.repeat(63)])('accepts the label value %j', valid(checkLabelValue));
  test.each(['a b', '-a', 'x'.repeat(64)])('refuses the label value %j', invalid(checkLabelValue, /label value/));

  test.each(['PATH', 'a.b', '_x', '-y', 'port'])('accepts the env var name %j', valid(checkEnvVarName));
  test.each(['1A', 'A B', '', 'a=b'])('refuses the env var name %j', invalid(checkEnvVarName, /environment variable name/));
});

describe('checkImageReference', () => {
  test.each([
    'ubuntu', 'ubuntu:22.04', 'library/ubuntu', 'docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik', 'localhost:5000/a/b:tag_1',
    'Registry.Example.com/team/app', '[::1]:5000/app:1', `app@sha256:${'a'.repeat(64)}`, `ghcr.io/a/b:1@sha256:${'b'.repeat(64)}`, 'a__b/c-d.e:x',
  ])('accepts %s', (image) => {
    expect(checkImageReference(image)).toBeUndefined();
  });

  test.each([
    ['Ubuntu', /lower-case repository path \(did you mean "ubuntu"\?\)/],
    ['ghcr.io/Team/App:1', /did you mean "ghcr\.io\/team\/app:1"/],
    ['ubuntu::1', /container image reference/],
    ['ubuntu:-bad', /container image reference/],
    [`ubuntu:${'x'.repeat(129)}`, /container image reference/],
    ['app@sha256:abc', /container image reference/],
    ['a//b', /container image reference/],
    ['-a', /container image reference/],
  ])('refuses %s', (image, reason) => {
    expect(checkImageReference(image)).toMatch(reason);
  });
});

describe('checkMountPath', () => {
  test.each([['/workspace'], ['/a/b.c/..d']])('accepts %s', (path) => {
    expect(checkMountPath(path)).toBeUndefined();
  });

  test.each([
    ['workspace', /absolute/], ['/', /must not be "\/"/], ['//', /must not be "\/"/], ['/a/../etc', /".." component/], ['/a\nb', /newline or NUL/], ['/a\0', /newline or NUL/],
  ])('refuses %j', (path, reason) => {
    expect(checkMountPath(path)).toMatch(reason);
  });
});

describe('splitImageReference', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  test.each([
    ['ghcr.io/openhands/agent-server:1.37.1-python', { repository: 'ghcr.io/openhands/agent-server', tag: '1.37.1-python' }],
    [`agent-server@${digest}`, { repository: 'agent-server', digest }],
    [`registry.local:5000/team/agent:1.0@${digest}`, { repository: 'registry.local:5000/team/agent', tag: '1.0', digest }],
    ['registry.local:5000/team/agent', { repository: 'registry.local:5000/team/agent' }],
    ['[::1]:5000/agent:2', { repository: '[::1]:5000/agent', tag: '2' }],
  ])('splits %s without cutting a port or a digest', (image, parts) => {
    expect(splitImageReference(image)).toEqual(parts);
  });

  test('is undefined for what is not an image reference', () => {
    expect(splitImageReference('Not An Image')).toBeUndefined();
  });
});
