// The per-provider n8n packages: which nodes and credential each holds, and its package.json
// (derived from the root one: same version, licence, author; no dependencies, n8n-workflow as
// the only peer; `strict` so n8n's lint applies its n8n Cloud rules). Every name comes from the
// providers' manifests (shared/providers/<id>/manifest.json).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROVIDERS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'providers');

/** Every provider's manifest, by folder name. */
export function readManifests(dir = PROVIDERS_DIR) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'manifest.json')))
    .map((d) => JSON.parse(readFileSync(join(dir, d.name, 'manifest.json'), 'utf8')))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** A provider's package: its folder in nodes/, its credential class, its package name. */
export function providerPackage(manifest) {
  const { className, package: packageName } = manifest.n8n;
  return {
    packageName,
    nodesDirs: [className],
    credentials: [`${className}Api`],
    service: manifest.displayName,
    keyword: manifest.displayName.toLowerCase(),
    verified: true,
  };
}

/** "A, B and C" */
function listed(names) {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Every provider and the queue-mode Shared Store, for self-hosted n8n (not verifiable: several services). */
export function allInOne(packages) {
  return {
    packageName: 'n8n-nodes-enrichflow',
    // The providers' nodes, and the Waterfall that orchestrates them.
    nodesDirs: [...packages.flatMap((p) => p.nodesDirs), 'EnrichflowWaterfall'],
    credentials: undefined, // all of credentials/
    service: listed(packages.map((p) => p.service)),
    keywords: packages.map((p) => p.keyword),
    verified: false,
  };
}

export const PROVIDER_PACKAGES = readManifests().map(providerPackage);
export const ALL_IN_ONE = allInOne(PROVIDER_PACKAGES);

/** package.json of a per-provider package; `list` is what build.mjs put in its dist/. */
export function packageJson(project, spec, classes) {
  const paths = (kind) => classes.filter((c) => c.kind === kind).map((c) => `dist/${c.dir}/${c.file}`);
  return {
    name: spec.packageName,
    version: project.version,
    description: `Credit-aware n8n nodes for ${spec.service}: every operation with its cost shown before you run it, budgets, throttling to the plan's limits, batch jobs that are never submitted or paid for twice.`,
    license: project.license,
    author: project.author,
    keywords: ['n8n-community-node-package', 'enrichment', ...(spec.verified ? [spec.keyword] : spec.keywords)],
    engines: project.engines,
    files: ['dist'],
    // Inlined in dist/ at build time, so never installed with the package: the core, and with
    // it zod (and, in the all-in-one, ioredis for the Shared Store).
    devDependencies: { '@enrichflow/core': project.version },
    peerDependencies: { 'n8n-workflow': '*' },
    n8n: { n8nNodesApiVersion: 1, strict: true, credentials: paths('credentials'), nodes: paths('nodes') },
  };
}

export function packageReadme(provider) {
  if (!provider.verified) return allInOneReadme(provider);
  return `# ${provider.packageName}

n8n community nodes for **${provider.service}**, built by Enrichflow: every operation of the
${provider.service} API with what a call costs shown in the node, a credit budget per run,
throttling to your plan's limits, and batch jobs that are never submitted or paid for twice.

Install in n8n: **Settings → Community Nodes → Install**, package name \`${provider.packageName}\`.
Add a **${provider.service} API** credential (API key; Base URL stays the provider's unless you
point it at Enrichflow's sandbox).

This package holds one service, as n8n requires for verified community nodes. Self-hosted n8n
in queue mode (several workers sharing one rate limit and one batch registry through Redis)
needs the all-in-one package \`n8n-nodes-enrichflow\` instead.

Licence: MIT.
`;
}

function allInOneReadme(spec) {
  return `# ${spec.packageName}

Credit-aware n8n nodes for ${spec.service}, built
by Enrichflow: every operation with what a call costs shown in the node, a credit budget per
run, throttling to your plans' limits, batch jobs that are never submitted or paid for twice,
and, for n8n in queue mode, a Shared Store (Redis) so every worker shares one rate limit, one
batch registry and one dedupe cache.

For self-hosted n8n: **Settings → Community Nodes → Install**, package name
\`${spec.packageName}\`. n8n Cloud installs the one-service packages
(\`${spec.packageName}-<provider>\`) instead.

Licence: MIT.
`;
}
