// Where `npm run build` lays out the n8n packages: build/n8n, or ENRICHFLOW_N8N_BUILD_DIR. The
// tests that build (test/n8n/packages.test.ts, the real-n8n suites, `npm run n8n` in its e2e)
// build into a folder of their own, so `npm test` can run them beside the lint and the scanner,
// which read build/n8n. (No dependency here: `npm run n8n -- --install-only` runs before
// `npm install` has finished in .ci/run.)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const buildDir = process.env.ENRICHFLOW_N8N_BUILD_DIR ? resolve(process.env.ENRICHFLOW_N8N_BUILD_DIR) : join(root, 'build/n8n');
