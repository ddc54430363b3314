// Lint for everything that is not n8n node code: the core, the sandbox, the Zapier adapter,
// the demo, scripts and tests (the n8n packages' own code — nodes/, credentials/ — is linted by
// n8n-node lint in strict mode in each built package: scripts/n8n/lint.mjs). `npm run lint` runs both.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'build',
      '.tools',
      '.n8n-local',
      'node_modules',
      'coverage',
      'zapier-app/*/lib',
      'zapier-app/*/node_modules',
      'zapier-app/*/build',
      'nodes',
      'credentials',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Catalog and adapter code handles provider JSON of unknown shape on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    // Node globals the scripts use (scripts/n8n/try*.mjs: timers, fetch, AbortController).
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
