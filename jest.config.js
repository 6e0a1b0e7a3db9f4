// One config, two projects: fast pure unit tests and end-to-end tests against a real database.
const tsJest = ['ts-jest', { isolatedModules: true }];
module.exports = {
  // Jest reads testTimeout only at the top level (a project's own is ignored): e2e suites start a server
  // per suite, which takes more than the default 5 s on a loaded machine.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
  ],
};
