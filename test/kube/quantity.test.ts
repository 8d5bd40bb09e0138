import fc from 'fast-check';
import { canonicalQuantity, checkQuantity, compareQuantities, QuantityKind, quantityPattern, scaleQuantity } from '../../lib/kube/quantity';

describe('compareQuantities', () => {
  test.each([
    ['9007199254740993', '9007199254740992', 1],
    ['2e400', '1e400', 1],
    ['1e400', '2e400', -1],
    ['1Gi', '1073741824', 0],
    ['1.5Gi', '1536Mi', 0],
    ['3000Mi', '2.5Gi', 1],
    ['1k', '1000', 0],
    ['1000m', '1', 0],
    ['0.001', '1m', 0],
    ['1Ei', '1E', 1],
    ['-1', '0', -1],
    ['.5', '500m', 0],
  ] as const)('compares %s with %s exactly', (a, b, expected) => {
    expect(compareQuantities(a, b)).toBe(expected);
  });

  test('is undefined when either side is not a quantity', () => {
    expect(compareQuantities('1Gb', '1Gi')).toBeUndefined();
  });
});

describe('checkQuantity', () => {
  test('refuses an exponent too large to compare exactly', () => {
    expect(checkQuantity('1e1001', 'memory')).toMatch(/exponent beyond ±1000/);
  });

  test('accepts a huge but bounded exponent', () => {
    expect(checkQuantity('2e400', 'memory')).toBeUndefined();
  });
});

describe('canonicalQuantity', () => {
  // What the API server writes back (resource.Quantity.String()), from Kubernetes' own examples.
  test.each([
    ['1', '1'], ['1000m', '1'], ['0.1', '100m'], ['100m', '100m'], ['1.5', '1500m'], ['1500m', '1500m'], ['1000', '1k'], ['1000M', '1G'],
    ['3Gi', '3Gi'], ['3072Mi', '3Gi'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['1000Gi', '1000Gi'],
    ['512', '512'], ['1023Ki', '1023Ki'], ['0.5Ki', '512'], ['1.1Ki', '1126400m'], ['1e3', '1e3'], ['1.5e9', '1500e6'], ['12e6', '12e6'], ['1000e0', '1e3'],
    ['0.0000000001', '1n'], ['1000E', '1e21'], ['0', '0'],
  ])('%s is written back as %s', (text, expected) => {
    expect(canonicalQuantity(text)).toBe(expected);
  });
});

describe('scaleQuantity', () => {
  test.each([['1Gi', 3, '3Gi'], ['500m', 4, '2'], ['500m', 10, '5'], ['1.5', 2, '3'], ['1e3', 2, '2e3'], ['0.1', 3, '300m'], ['512Mi', 2, '1Gi'], ['1.5e9', 10, '15e9']])('%s times %d is %s, in canonical form', (text, factor, expected) => {
    expect(scaleQuantity(text, factor)).toBe(expected);
  });
});

describe('quantityPattern', () => {
  const kinds: QuantityKind[] = ['cpu', 'memory', 'storage'];

  test.each(kinds)('accepts exactly what checkQuantity accepts for %s (the JSON Schema and the CLI agree)', (kind) => {
    const pattern = new RegExp(quantityPattern(kind));
    const text = fc.stringMatching(/^[+-]?[0.]{0,3}[0-9.]{0,4}(Ki|Mi|Gi|m|u|n|k|M|E|e|[eE][+-]?0*[0-9]{1,4})?$/);
    fc.assert(fc.property(text, (value) => pattern.test(value) === (checkQuantity(value, kind) === undefined)), { numRuns: 5000 });
    for (const value of ['512m', '512Mi', '0', '0.000', '-1', '+1', '.5', '0.001', '0.0001', '1e1000', '1e1001', '1e-1000', '1E', '1.', '10 GB', '']) {
      expect([value, pattern.test(value)]).toEqual([value, checkQuantity(value, kind) === undefined]);
    }
  });

  test('refuses milli-, micro- and nanobytes for memory and storage only', () => {
    expect(new RegExp(quantityPattern('memory')).test('512m')).toBe(false);
    expect(new RegExp(quantityPattern('storage')).test('1n')).toBe(false);
    expect(new RegExp(quantityPattern('cpu')).test('500m')).toBe(true);
  });
});
