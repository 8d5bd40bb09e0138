import { checkImageReference, checkMountPath } from '../../lib/kube/names';

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
