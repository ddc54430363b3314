// `npm run build`: the n8n packages, each in build/n8n/<name>/ (or ENRICHFLOW_N8N_BUILD_DIR/<name>/),
// ready to `npm pack`:
// - `n8n-nodes-enrichflow`, every provider and the queue-mode Shared Store (self-hosted n8n);
// - `n8n-nodes-enrichflow-<provider>`, one service, its credential, its triggers, no Shared
//   Store: what n8n can verify for n8n Cloud.
// Each is a bundle with the core inside, so none has runtime `dependencies`; each folder also
// holds the sources it was built from under n8n's default lint config, for `n8n-node lint` in
// strict mode (scripts/n8n/lint.mjs).
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDir, bundlePackage, classesOf, root } from './bundle.mjs';
import { writeLintSources } from './lintSources.mjs';
import { ALL_IN_ONE, PROVIDER_PACKAGES, packageJson, packageReadme } from './packages.mjs';

const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const credentialsOf = (spec) =>
  spec.credentials ??
  readdirSync(join(root, 'credentials'))
    .filter((f) => f.endsWith('.credentials.ts'))
    .map((f) => f.replace(/\.credentials\.ts$/, ''))
    .sort();

for (const spec of [ALL_IN_ONE, ...PROVIDER_PACKAGES]) {
  const outDir = join(buildDir, spec.packageName);
  rmSync(outDir, { recursive: true, force: true });
  const classes = classesOf(spec.nodesDirs, credentialsOf(spec));
  const sources = await bundlePackage({ outDir, classes, providerDirs: spec.nodesDirs, verified: spec.verified });
  writeLintSources(outDir, sources, spec.verified);
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(packageJson(project, spec, classes), null, 2)}\n`);
  writeFileSync(join(outDir, 'README.md'), packageReadme(spec));
  cpSync(join(root, 'LICENSE'), join(outDir, 'LICENSE'));
}
