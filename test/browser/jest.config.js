// The API explorer in a real headless Chromium: npx jest -c test/browser/jest.config.js
// (CHROMIUM_PATH, default /usr/bin/chromium: Debian's chromium package).
module.exports = {
  forceExit: true,
  rootDir: '../..',
  displayName: 'browser',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testMatch: ['<rootDir>/test/browser/*.browser.ts'],
  testTimeout: 120000,
};
