import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';
export default [globalIgnores(['dist', '.tools', 'node_modules', 'zapier-app', 'sandbox', 'test', 'demo', 'scripts']), ...config];
