/** Jest runs the TypeScript sources through ts-jest; `npm test` type-checks separately with tsc. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
