/** The real-n8n end-to-end (npm run test:n8n:e2e): needs scripts/n8n/install.sh to have run. */
module.exports = {
  rootDir: '../../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/n8n/e2e/*.e2e.ts'],
  testTimeout: 180000,
  // The packages built and packed once for every suite (each installs them into its own home).
  globalSetup: '<rootDir>/test/n8n/e2e/packOnce.ts',
  globalTeardown: '<rootDir>/test/n8n/e2e/packTeardown.ts',
  // Two suites at a time, each with its own n8n, ports, homes, Redis and PostgreSQL: most of a
  // suite's time is waiting (n8n booting, jobs, rate windows), and one at a time was CI's long
  // pole. More than two make a 2-core machine crawl. Longest first (./longestFirst.js).
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/n8n/e2e/longestFirst.js',
  moduleNameMapper: require('../../../jest.config.js').moduleNameMapper,
  // The installed tools (n8n, the Zapier CLI) carry package.json files of their own.
  modulePathIgnorePatterns: ['<rootDir>/.tools/', '<rootDir>/.n8n-local/', '<rootDir>/zapier-app/[^/]+/node_modules/'],
};
