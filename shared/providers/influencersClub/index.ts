/**
 * influencers.club as data (§1): every endpoint of §1.2 is one operation; 300 requests a
 * minute per account shared by every endpoint. `influencersClub` follows the provider's own
 * documentation where sources disagree (first page 1, `/account/credits`, include_lookalikes
 * left to the provider); the credential chooses another reading (READING_SPECS), or pass one to
 * `createInfluencersClubCatalog`.
 */
import type { ProviderCatalog, Readings } from '../../catalog/types';
import { catalogWithReadings } from '../../catalog/readings';
import { credits } from '../../credits/amount';
import { ProviderFailureError } from '../../errors';
import { accountOperations, dictionaryOperations, exclusionListOperations, readBalance } from './dictionaries';
import { batchOperations, influencersClubBatches } from './batch';
import { type InfluencersClubReadings, parseInfluencersClubError, PROVIDER, READING_SPECS, readingsOf, unwrapInfluencersClub } from './common';
import { discoveryOperations } from './discovery';
import { enrichOperations } from './enrich';

export const INFLUENCERS_CLUB_BASE_URL = 'https://api-dashboard.influencers.club/public/v1';

function build(r: InfluencersClubReadings): Omit<ProviderCatalog, 'readings' | 'withReadings'> {
  return {
    id: PROVIDER.id,
    displayName: PROVIDER.displayName,
    baseUrl: INFLUENCERS_CLUB_BASE_URL,
    docsUrl: 'https://docs.influencers.club',
    auth: { header: 'Authorization', prefix: 'Bearer ' },
    // 300 a minute per account, every endpoint (§1.5); no burst figure is documented: the
    // minute is the only window, counted as a sliding one (never more than 300 in any 60 s).
    rateLimits: { default: { rate: 300, windowMs: 60_000, burst: 300 } },
    operations: [
      ...discoveryOperations(r),
      ...enrichOperations(r),
      ...batchOperations,
      ...dictionaryOperations,
      ...exclusionListOperations,
      ...accountOperations(r),
    ],
    batches: influencersClubBatches,
    webhookEvents: [],
    credentialTestOp: 'account.getCredits',
    balance: {
      op: 'account.getCredits',
      read: (data) => {
        const left = readBalance(data);
        // An unknown shape is "balance unknown", never 0 (which would refuse every paid call).
        if (left === undefined)
          throw new ProviderFailureError(`${PROVIDER.displayName}: the credits answer carried no balance figure`, { provider: PROVIDER.id });
        return credits(left);
      },
    },
    unwrap: unwrapInfluencersClub,
    parseError: parseInfluencersClubError,
  };
}

/** The catalog under the given readings (the credential chooses them; see READING_SPECS). */
export function createInfluencersClubCatalog(readings: Partial<InfluencersClubReadings> = {}): ProviderCatalog {
  const chosen: Readings = {};
  if (readings.firstPage !== undefined) chosen.firstPage = String(readings.firstPage);
  if (readings.creditsPath !== undefined) chosen.creditsPath = readings.creditsPath;
  if (readings.includeLookalikes !== undefined) chosen.includeLookalikes = readings.includeLookalikes;
  const base = catalogWithReadings(READING_SPECS, (c) => build(readingsOf(c)));
  return Object.keys(chosen).length ? base.withReadings!(chosen) : base;
}

export const influencersClub: ProviderCatalog = createInfluencersClubCatalog();

export { DOCUMENTED_READINGS, type InfluencersClubReadings } from './common';
export { PRICES } from './enrich';
export { MAX_ROWS, MAX_FILE_BYTES } from './batch';
export { dictionaryOptions } from './dictionaries';
export { READING_SPECS } from './common';
