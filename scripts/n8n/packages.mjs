// The per-provider n8n packages: which nodes and credential each holds, and its package.json
// (derived from the root one: same version, licence, author; no dependencies, n8n-workflow as
// the only peer; `strict` so n8n's lint applies its n8n Cloud rules).

/** One entry per provider: its folder in nodes/, its credential class, its package name. */
export const PROVIDER_PACKAGES = [
  { nodesDir: 'EnrichSo', credential: 'EnrichSoApi', slug: 'enrich-so', service: 'Enrich.so', keyword: 'enrich.so' },
  { nodesDir: 'EnrichLayer', credential: 'EnrichLayerApi', slug: 'enrichlayer', service: 'EnrichLayer', keyword: 'enrichlayer' },
  { nodesDir: 'Leadfeeder', credential: 'LeadfeederApi', slug: 'leadfeeder', service: 'Leadfeeder', keyword: 'leadfeeder' },
  { nodesDir: 'Smarte', credential: 'SmarteApi', slug: 'smarte', service: 'SMARTe', keyword: 'smarte' },
  { nodesDir: 'InfluencersClub', credential: 'InfluencersClubApi', slug: 'influencers-club', service: 'influencers.club', keyword: 'influencers.club' },
].map((p) => ({ ...p, packageName: `n8n-nodes-enrichflow-${p.slug}`, nodesDirs: [p.nodesDir], credentials: [p.credential], verified: true }));

/** Every provider and the queue-mode Shared Store, for self-hosted n8n (not verifiable: five services). */
export const ALL_IN_ONE = {
  packageName: 'n8n-nodes-enrichflow',
  // The providers' nodes, and the Waterfall that orchestrates them (several services: not verifiable).
  nodesDirs: [...PROVIDER_PACKAGES.map((p) => p.nodesDir), 'EnrichflowWaterfall'],
  credentials: undefined, // all of credentials/
  service: 'influencers.club, Leadfeeder, SMARTe, EnrichLayer and Enrich.so',
  keyword: 'enrich.so',
  verified: false,
};

/** package.json of a per-provider package; `list` is what build.mjs put in its dist/. */
export function packageJson(project, spec, classes) {
  const paths = (kind) => classes.filter((c) => c.kind === kind).map((c) => `dist/${c.dir}/${c.file}`);
  return {
    name: spec.packageName,
    version: project.version,
    description: `Credit-aware n8n nodes for ${spec.service}: every operation with its cost shown before you run it, budgets, throttling to the plan's limits, batch jobs that are never submitted or paid for twice.`,
    license: project.license,
    author: project.author,
    keywords: ['n8n-community-node-package', 'enrichment', ...(spec.verified ? [spec.keyword] : PROVIDER_PACKAGES.map((p) => p.keyword))],
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
  if (!provider.verified) return ALL_IN_ONE_README;
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

const ALL_IN_ONE_README = `# n8n-nodes-enrichflow

Credit-aware n8n nodes for influencers.club, Leadfeeder, SMARTe, EnrichLayer and Enrich.so, built
by Enrichflow: every operation with what a call costs shown in the node, a credit budget per
run, throttling to your plans' limits, batch jobs that are never submitted or paid for twice,
and, for n8n in queue mode, a Shared Store (Redis) so every worker shares one rate limit, one
batch registry and one dedupe cache.

For self-hosted n8n: **Settings → Community Nodes → Install**, package name
\`n8n-nodes-enrichflow\`. n8n Cloud installs the one-service packages
(\`n8n-nodes-enrichflow-<provider>\`) instead.

Licence: MIT.
`;
