/**
 * The influencers.club catalog as data: every §1.2 endpoint is an operation, inputs refuse what
 * the provider would (limits named), prices are §1.2's and add up exactly, errors of every shape
 * the vendor client reads are classified, and the readings of §7 rebuild what depends on them.
 */
import { createClient } from '../../../../shared/client';
import { addCredits, credits, timesCredits, toCreditNumber, ZERO } from '../../../../shared/credits/amount';
import { createInfluencersClubCatalog, influencersClub } from '../../../../shared/providers/influencersClub';
import { parseInfluencersClubError } from '../../../../shared/providers/influencersClub/common';

const client = createClient({ provider: influencersClub, apiKey: 'k' });
const op = (key: string) => influencersClub.operations.find((o) => o.key === key)!;

it('has every endpoint of §1.2', () => {
  const routes = influencersClub.operations.map((o) => `${o.method} ${o.path}`);
  for (const route of [
    'POST /discovery/',
    'POST /discovery/creators/similar/',
    'POST /creators/enrich/handle/raw/',
    'POST /creators/enrich/handle/full/',
    'POST /creators/enrich/handle/profile/',
    'POST /creators/enrich/handle/analytics/',
    'POST /creators/enrich/email/',
    'POST /creators/socials/',
    'POST /creators/audience/overlap/',
    'POST /creators/content/posts/',
    'POST /creators/content/details/',
    'POST /enrichment/batch/',
    'GET /enrichment/batch/{batch_id}/status/',
    'GET /enrichment/batch/{batch_id}/',
    'POST /enrichment/batch/{batch_id}/resume/',
    'GET /account/credits',
    'GET /discovery/classifier/languages/',
    'GET /discovery/classifier/locations/{platform}/',
    'GET /discovery/classifier/brands/',
    'GET /discovery/classifier/yt-topics/',
    'GET /discovery/classifier/games/',
    'GET /discovery/classifier/audience-brand-categories/',
    'GET /discovery/classifier/audience-brand-names/',
    'GET /discovery/classifier/audience-interests/',
    'GET /discovery/classifier/audience-locations/',
    'GET /discovery/exclusion-lists/',
    'POST /discovery/exclusion-lists/{list_id}/entries/',
    'DELETE /discovery/exclusion-lists/{list_id}/entries/',
    'GET /discovery/exclusion-lists/default/{platform}/',
  ]) {
    expect(routes).toContain(route);
  }
});

describe('prices (§1.2, §1.5)', () => {
  it.each([
    ['creator.enrichHandleRaw', { handle: 'a', platform: 'instagram' }, 0.03],
    ['creator.enrichHandleFull', { handle: 'a', platform: 'instagram' }, 1],
    ['creator.enrichHandleProfile', { handle: 'a', platform: 'instagram' }, 0.2],
    ['creator.enrichHandleAnalytics', { handle: 'a', platform: 'instagram' }, 0.8],
    ['creator.enrichEmail', { email: 'a@b.co' }, 0.05],
    ['creator.connectedSocials', { handle: 'a', platform: 'instagram' }, 0.5],
    ['creator.audienceOverlap', { platform: 'instagram', creators: ['a', 'b'] }, 1],
    ['content.posts', { platform: 'instagram', handle: 'a' }, 0.15],
    ['content.postDetails', { platform: 'instagram', post_id: 'p', content_type: 'comments' }, 0.03],
    ['discovery.search', { platform: 'instagram', paging: { limit: 50, page: 1 } }, 0.5],
    ['account.getCredits', {}, 0],
  ])('%s is estimated at %s', async (key, input, price) => {
    expect(await client.estimate(key, input)).toBe(price);
  });

  it('a creator with no data costs nothing; a page pays 0.01 per creator it returned', () => {
    const full = op('creator.enrichHandleFull');
    const ctx = (data: unknown) => ({ input: {}, data, response: { status: 200, headers: {}, body: '' }, meta: {} });
    expect(full.cost.actual!(ctx({ result: {} }))).toBe(ZERO);
    expect(full.cost.actual!(ctx({ result: { instagram: {} } }))).toBe(credits(1));
    const search = op('discovery.search');
    expect(toCreditNumber(search.cost.actual!({ ...ctx({ accounts: Array(37).fill({}) }), input: { paging: { limit: 50, page: 1 } } }))).toBe(0.37);
  });

  it('10,000 rows at 0.01 add up to exactly 100 credits (no floating-point drift)', () => {
    let total = ZERO;
    for (let i = 0; i < 10_000; i++) total = addCredits(total, credits(0.01));
    expect(toCreditNumber(total)).toBe(100);
    expect(toCreditNumber(timesCredits(credits(0.03), 10_000))).toBe(300);
    let floats = 0;
    for (let i = 0; i < 10_000; i++) floats += 0.01;
    expect(floats).not.toBe(100); // what the integers avoid
  });

  it('every endpoint shares the one 300 requests a minute of the account', () => {
    expect(influencersClub.rateLimits.default).toEqual(expect.objectContaining({ rate: 300, windowMs: 60_000 }));
    expect(influencersClub.operations.every((o) => (o.rateBucket ?? 'default') === 'default')).toBe(true);
  });
});

describe('inputs refuse what the provider would, naming the field', () => {
  it.each([
    ['discovery.search', { platform: 'instagram', paging: { limit: 51, page: 1 } }, /paging.limit must be at most 50/],
    ['discovery.search', { platform: 'myspace' }, /platform must be one of/],
    ['discovery.similar', { platform: 'twitter', filter_value: 'x' }, /platform must be one of/],
    ['creator.enrichHandleFull', { handle: 'a', platform: 'linkedin' }, /platform must be one of/],
    ['creator.enrichHandleAnalytics', { handle: 'a', platform: 'snapchat' }, /platform must be one of/],
    ['creator.audienceOverlap', { platform: 'instagram', creators: ['a'] }, /creators needs at least 2 entries/],
    ['creator.audienceOverlap', { platform: 'instagram', creators: Array(11).fill('a') }, /creators accepts at most 10 entries/],
    ['creator.enrichEmail', { email: 'nope' }, /email must be a valid email address/],
    ['batch.enrichHandlesRaw', { platform: 'instagram', handles: [] }, /handles needs at least 1 entry/],
    ['batch.getStatus', { batch_id: '../x' }, /batch_id must be an id/],
  ])('%s %j', (key, input, message) => {
    expect(() => client.validate(key, input)).toThrow(message);
  });
});

describe('errors in every shape the vendor client reads', () => {
  const res = (status: number) => ({ status, headers: {}, body: '' });
  it.each([
    [401, { detail: 'Invalid token.' }, 'auth', 'Invalid token.'],
    [400, { message: 'Bad platform' }, 'validation', 'Bad platform'],
    [422, { error: 'Unprocessable' }, 'validation', 'Unprocessable'],
    [400, { response_meta: { error_message: 'Nested message' } }, 'validation', 'Nested message'],
    [400, { filters: { engagement_percent: ['A valid number is required.'] } }, 'validation', 'filters.engagement_percent: A valid number is required.'],
    [402, { detail: 'Insufficient credits: needs 1' }, 'insufficient_credits', 'Insufficient credits: needs 1'],
    [429, { detail: 'Request was throttled.' }, 'rate_limited', 'Request was throttled.'],
  ])('HTTP %s %j', (status, body, kind, message) => {
    const info = parseInfluencersClubError(res(status), body);
    expect(info.kind).toBe(kind);
    expect(info.message).toBe(message);
  });

  it('a resume of a job that is not paused says its status', () => {
    expect(parseInfluencersClubError(res(400), { error: 'Only a paused batch can be resumed', current_status: 'finished' }).message).toBe(
      'Only a paused batch can be resumed (current status: finished)',
    );
  });
});

describe('readings (§7): the documentation by default, the vendor reading one choice away', () => {
  it('offers first page, credits path and include_lookalikes in the credential', () => {
    expect(influencersClub.readings?.map((r) => [r.name, r.default])).toEqual([
      ['firstPage', '1'],
      ['creditsPath', '/account/credits'],
      ['includeLookalikes', 'provider'],
    ]);
  });

  it('rebuilds paging, the credits path and the lookalikes default', () => {
    const vendor = influencersClub.withReadings!({ firstPage: '0', creditsPath: '/accounts/credits/', includeLookalikes: 'true' });
    const search = vendor.operations.find((o) => o.key === 'discovery.search')!;
    expect(search.pagination).toEqual(expect.objectContaining({ firstPage: 0 }));
    expect(vendor.operations.find((o) => o.key === 'account.getCredits')!.path).toBe('/accounts/credits/');
    const full = createClient({ provider: vendor, apiKey: 'k' }).validate<Record<string, unknown>>('creator.enrichHandleFull', {
      handle: 'a',
      platform: 'instagram',
    });
    expect(full.include_lookalikes).toBe(true);
    expect(client.validate<Record<string, unknown>>('creator.enrichHandleFull', { handle: 'a', platform: 'instagram' }).include_lookalikes).toBeUndefined();
    expect(createInfluencersClubCatalog({ firstPage: 0 }).operations.find((o) => o.key === 'discovery.search')!.pagination).toEqual(
      expect.objectContaining({ firstPage: 0 }),
    );
  });
});
