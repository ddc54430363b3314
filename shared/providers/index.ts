/** Every provider: its manifest (names) and catalog (facts), by id. Adapters and the sandbox look providers up here. */
import type { ProviderCatalog } from '../catalog/types';
import type { ProviderManifest } from './manifest';
import { enrichLayer } from './enrichLayer';
import enrichLayerManifest from './enrichLayer/manifest.json';
import { enrichSo } from './enrichSo';
import enrichSoManifest from './enrichSo/manifest.json';
import { influencersClub } from './influencersClub';
import influencersClubManifest from './influencersClub/manifest.json';
import { leadfeeder } from './leadfeeder';
import leadfeederManifest from './leadfeeder/manifest.json';
import { smarte } from './smarte';
import smarteManifest from './smarte/manifest.json';

export type { ProviderManifest } from './manifest';
export { manifestProblems } from './manifest';

export interface RegisteredProvider {
  manifest: ProviderManifest;
  catalog: ProviderCatalog;
}

/** The one place a provider is registered. */
export const providers: readonly RegisteredProvider[] = [
  { manifest: enrichSoManifest, catalog: enrichSo },
  { manifest: enrichLayerManifest, catalog: enrichLayer },
  { manifest: leadfeederManifest, catalog: leadfeeder },
  { manifest: smarteManifest, catalog: smarte },
  { manifest: influencersClubManifest, catalog: influencersClub },
];

// Pure, so a bundle that uses none of them (a per-provider n8n package) drops every other provider.
export const catalogs: Record<string, ProviderCatalog> = /* @__PURE__ */ byId(providers, (p) => p.catalog);

export const manifests: Record<string, ProviderManifest> = /* @__PURE__ */ byId(providers, (p) => p.manifest);

/* @__NO_SIDE_EFFECTS__ */
function byId<T>(list: readonly RegisteredProvider[], pick: (p: RegisteredProvider) => T): Record<string, T> {
  return Object.fromEntries(list.map((p) => [p.manifest.id, pick(p)]));
}

export function getCatalog(id: string): ProviderCatalog {
  const catalog = Object.prototype.hasOwnProperty.call(catalogs, id) ? catalogs[id] : undefined;
  if (!catalog) throw new RangeError(`Unknown provider "${id}". Known providers: ${Object.keys(catalogs).join(', ')}`);
  return catalog;
}
