import { checkQuantity, compareQuantities } from '../../lib/kube/quantity';

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
