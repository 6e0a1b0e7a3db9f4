// One config, two projects: fast pure unit tests and end-to-end tests against a real database.
const tsJest = ['ts-jest', { isolatedModules: true }];
module.exports = {
  // A global option: Jest ignores testTimeout inside a project. e2e hooks start a server on a fresh database.
  testTimeout: 60000,
  // A run ends when its tests end: a worker thread or timer a suite left behind (bcrypt's worker pool,
  // a server's keep-alive) must not hold CI until its time limit.
  forceExit: true,
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
    // Real SIP calls through Kamailio and SIPp (test/integration/switch/run.sh installs them); only when asked.
    ...(process.env.SWITCH_TESTS ? [{
      displayName: 'switch',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/integration/switch/**/*.int-spec.ts'],
    }] : []),
  ],
};
