/**
 * A provider's names, one spelling each: every place that registers a provider (the n8n
 * packages, the Zapier integration, the sandbox, the tests) reads them from its
 * `shared/providers/<id>/manifest.json` instead of spelling them again. JSON, so the build
 * scripts read the same file.
 */
import type { ProviderCatalog } from '../catalog/types';

export interface ProviderManifest {
  /** The catalog's id, camelCase: `enrichLayer`. n8n node names derive from it. */
  id: string;
  /** The name users read: `EnrichLayer`. */
  displayName: string;
  /** Lowercase, dash-separated: the package suffixes and the folders (`zapier-app/<slug>`, `sandbox/providers/<slug>`), the sandbox's control path. */
  slug: string;
  /** The n8n credential type: `<id>Api`. */
  credential: string;
  n8n: {
    /** The node class and its folder in nodes/: `EnrichLayer` (its credential class: `<className>Api`). */
    className: string;
    /** The per-provider package: `n8n-nodes-enrichflow-<slug>`. */
    package: string;
  };
  zapier: {
    /** The integration's package: `enrichflow-zapier-<slug>`. */
    package: string;
  };
  sandbox: {
    /** Where the sandbox mounts the provider, mimicking the real API's path: `/enrich-layer/api/v2`. */
    prefix: string;
  };
}

/** What a manifest says that disagrees with its catalog or with the naming rules; empty when none. */
export function manifestProblems(manifest: ProviderManifest, catalog: Pick<ProviderCatalog, 'id' | 'displayName'>): string[] {
  const problems: string[] = [];
  const expect = (what: string, actual: string, wanted: string) => {
    if (actual !== wanted) problems.push(`${manifest.id}: ${what} is "${actual}", expected "${wanted}"`);
  };
  expect('id', manifest.id, catalog.id);
  expect('displayName', manifest.displayName, catalog.displayName);
  if (!/^[a-z][a-zA-Z0-9]*$/.test(manifest.id)) problems.push(`${manifest.id}: id must be camelCase`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(manifest.slug)) problems.push(`${manifest.id}: slug "${manifest.slug}" must be lowercase words joined by dashes`);
  if (!/^[A-Z][a-zA-Z0-9]*$/.test(manifest.n8n.className)) problems.push(`${manifest.id}: n8n.className "${manifest.n8n.className}" must be PascalCase`);
  expect('credential', manifest.credential, `${manifest.id}Api`);
  expect('n8n.package', manifest.n8n.package, `n8n-nodes-enrichflow-${manifest.slug}`);
  expect('zapier.package', manifest.zapier.package, `enrichflow-zapier-${manifest.slug}`);
  if (!/^(\/[a-z0-9.-]+)+$/.test(manifest.sandbox.prefix))
    problems.push(`${manifest.id}: sandbox.prefix "${manifest.sandbox.prefix}" must be a lowercase path`);
  return problems;
}
