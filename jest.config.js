/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/', '/.n8n-local/'],
  testTimeout: 30000,
  // The installed tools (n8n, the Zapier CLI) carry package.json files of their own.
  // The n8n nodes import the core as the library it is in their packages (bundled at build time).
  moduleNameMapper: { '^@enrichflow/core$': '<rootDir>/shared', '^@enrichflow/core/(.*)$': '<rootDir>/shared/$1' },
  modulePathIgnorePatterns: ['<rootDir>/.tools/', '<rootDir>/.n8n-local/', '<rootDir>/zapier-app/[^/]+/node_modules/'],
};
