// n8n's community-node lint (`npm run lint:n8n` = `n8n-node lint`, which runs `eslint .` here):
// n8n's own rule set (with its n8n Cloud rules) over what makes this package an n8n package —
// the node and credential classes, their builders in nodes/adapter, and package.json. Every rule
// turned off below is listed, with its reason, in docs/n8n.md ("Community-node lint").
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
  // The core (shared/) imports neither n8n nor Zapier: it is linted as the library it is, not as
  // n8n node code; everything else here is not shipped to n8n.
  globalIgnores(['dist', '.tools', '.n8n-local', 'node_modules', 'shared', 'sandbox', 'test', 'demo', 'scripts', 'zapier-app']),
  ...config,
  {
    files: ['./nodes/adapter/**/*.ts'],
    rules: {
      // The builders compute defaults from the catalog (first resource, first operation, the
      // real base URL, the non-per-item events); the rule only recognises literal defaults.
      // test/n8n/description.test.ts checks every generated parameter's default instead.
      'n8n-nodes-base/node-param-default-missing': 'off',
      'n8n-nodes-base/node-param-default-wrong-for-multi-options': 'off',
    },
  },
  {
    files: ['package.json'],
    rules: {
      // The core needs zod and undici at run time; allowed for self-hosted (unverified)
      // community packages, which a multi-provider package is (DESIGN.md).
      '@n8n/community-nodes/no-runtime-dependencies': 'off',
      // Publishing metadata the maintainers set when they publish (author name + email, homepage).
      '@n8n/community-nodes/valid-author': 'off',
      'n8n-nodes-base/community-package-json-author-missing': 'off',
      '@n8n/community-nodes/require-homepage': 'off',
    },
  },
];
