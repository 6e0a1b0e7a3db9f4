// The e2e project with the reply recorder (test/support/record-replies.ts) switched on.
const base = require('../../jest.config.js').projects.find((p) => p.displayName === 'e2e');
module.exports = { ...base, rootDir: '../..', setupFilesAfterEnv: ['<rootDir>/test/support/record-replies.ts'] };
