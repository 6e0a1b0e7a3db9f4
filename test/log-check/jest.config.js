// Run after the e2e suite with the same E2E_LOG_DIR: npx jest -c test/log-check/jest.config.js
module.exports = {
  forceExit: true,
  rootDir: '../..',
  displayName: 'log-check',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testMatch: ['<rootDir>/test/log-check/*.check.ts'],
};
