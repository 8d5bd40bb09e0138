/**
 * Jest runs the TypeScript sources through ts-jest, file by file (tsconfig.json sets
 * isolatedModules); `npm test` type-checks separately with tsc.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', {}],
    // @marcbachmann/cel-js (the admission-policy test harness) is ESM only: compiled to CommonJS for jest.
    '^.+/@marcbachmann/cel-js/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
