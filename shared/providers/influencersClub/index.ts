/**
 * influencers.club as data (§1): every endpoint of §1.2 is one operation; 300 requests a
 * minute per account shared by every endpoint. `influencersClub` follows the provider's own
 * documentation where sources disagree (first page 1, `/account/credits`); pass the vendor
 * MCP's readings to `createInfluencersClubCatalog` to get the other one.
 */
import type { ProviderCatalog } from '../../catalog/types';
import { credits } from '../../credits/amount';
import { ProviderFailureError } from '../../errors';
import { accountOperations, dictionaryOperations, exclusionListOperations, readBalance } from './dictionaries';
import { batchOperations, influencersClubBatches } from './batch';
import { DOCUMENTED_READINGS, type InfluencersClubReadings, parseInfluencersClubError, PROVIDER, unwrapInfluencersClub } from './common';
import { discoveryOperations } from './discovery';
import { enrichOperations } from './enrich';

export const INFLUENCERS_CLUB_BASE_URL = 'https://api-dashboard.influencers.club/public/v1';

export function createInfluencersClubCatalog(readings: Partial<InfluencersClubReadings> = {}): ProviderCatalog {
  const r: InfluencersClubReadings = { ...DOCUMENTED_READINGS, ...readings };
  if (r.firstPage !== 0 && r.firstPage !== 1) throw new RangeError('firstPage must be 0 or 1');
  return {
    id: PROVIDER.id,
    displayName: PROVIDER.displayName,
    baseUrl: INFLUENCERS_CLUB_BASE_URL,
    docsUrl: 'https://docs.influencers.club',
    auth: { header: 'Authorization', prefix: 'Bearer ' },
    // 300 a minute per account, every endpoint (§1.5); no burst figure is documented, so the
    // client spreads them (5 a second) rather than firing a minute's worth at once.
    rateLimits: { default: { rate: 300, windowMs: 60_000, burst: 5 } },
    operations: [...discoveryOperations(r), ...enrichOperations, ...batchOperations, ...dictionaryOperations, ...exclusionListOperations, ...accountOperations(r)],
    batches: influencersClubBatches,
    webhookEvents: [],
    credentialTestOp: 'account.getCredits',
    balance: {
      op: 'account.getCredits',
      read: (data) => {
        const left = readBalance(data);
        // An unknown shape is "balance unknown", never 0 (which would refuse every paid call).
        if (left === undefined) throw new ProviderFailureError(`${PROVIDER.displayName}: the credits answer carried no balance figure`, { provider: PROVIDER.id });
        return credits(left);
      },
    },
    unwrap: unwrapInfluencersClub,
    parseError: parseInfluencersClubError,
  };
}

export const influencersClub: ProviderCatalog = createInfluencersClubCatalog();

export { DOCUMENTED_READINGS, type InfluencersClubReadings } from './common';
export { PRICES } from './enrich';
export { MAX_ROWS, MAX_FILE_BYTES } from './batch';
export { dictionaryOptions } from './dictionaries';
