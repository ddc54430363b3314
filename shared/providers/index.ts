/** Every provider catalog by id. Adapters and the sandbox look providers up here. */
import type { ProviderCatalog } from '../catalog/types';
import { enrichLayer } from './enrichLayer';
import { enrichSo } from './enrichSo';
import { influencersClub } from './influencersClub';
import { leadfeeder } from './leadfeeder';
import { smarte } from './smarte';

export const catalogs: Record<string, ProviderCatalog> = { enrichSo, enrichLayer, leadfeeder, smarte, influencersClub };

export function getCatalog(id: string): ProviderCatalog {
  const catalog = Object.prototype.hasOwnProperty.call(catalogs, id) ? catalogs[id] : undefined;
  if (!catalog) throw new RangeError(`Unknown provider "${id}". Known providers: ${Object.keys(catalogs).join(', ')}`);
  return catalog;
}
