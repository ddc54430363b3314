/**
 * Every influencers.club operation against the sandbox over real HTTP: what it answers, what
 * it costs (the wallet moves by exactly what the client booked), and what it refuses.
 */
import { createInfluencersClubCatalog } from '../../shared/providers/influencersClub';
import { startIclEnv, type IclEnv } from './influencers-club-helpers';

let env: IclEnv;
beforeAll(async () => {
  env = await startIclEnv();
});
afterAll(async () => env?.close());

/** Run a flow on a fresh client; the wallet must move by exactly what it booked. */
async function books<T>(flow: (client: ReturnType<IclEnv['client']>) => Promise<T>): Promise<{ value: T; charged: number; walletDelta: number }> {
  const client = env.client();
  const before = env.balance();
  const value = await env.drive(flow(client));
  const walletDelta = Math.round((before - env.balance()) * 1e6) / 1e6;
  return { value, charged: client.summary().charged, walletDelta };
}

describe('discovery', () => {
  it('Return All to 150 Instagram creators over 50k followers is exactly 3 requests of 50 and costs 1.5 credits', async () => {
    const mark = env.requests().length;
    const { value, charged, walletDelta } = await books((c) =>
      c.list('discovery.search', { platform: 'instagram', filters: { number_of_followers: { min: 50_000 } } }, { limit: 150 }),
    );
    expect(value.items).toHaveLength(150);
    expect(value.items.every((a: any) => a.profile.followers >= 50_000)).toBe(true);
    // Besides the one free balance read before the first paid call.
    const sent = env
      .requests()
      .slice(mark)
      .filter((r) => !r.path.includes('/credits'));
    expect(sent.map((r) => r.path)).toEqual(Array(3).fill('/influencers-club/public/v1/discovery/'));
    expect(charged).toBe(1.5);
    expect(walletDelta).toBe(1.5);
  });

  it('a search with no match costs nothing and stops after one request', async () => {
    const { value, charged, walletDelta } = await books((c) =>
      c.list('discovery.search', { platform: 'tiktok', filters: { number_of_followers: { min: 1e12 } } }),
    );
    expect(value.items).toEqual([]);
    expect(value.pages).toBe(1);
    expect([charged, walletDelta]).toEqual([0, 0]);
  });

  it('similar creators walk pages too, and twitter is refused before sending', async () => {
    const { value, charged } = await books((c) => c.list('discovery.similar', { platform: 'youtube', filter_value: 'mkbhd' }, { limit: 60 }));
    expect(value.items).toHaveLength(60);
    expect(charged).toBe(0.6);
    const mark = env.requests().length;
    expect(() => env.client().validate('discovery.similar', { platform: 'twitter', filter_value: 'x' })).toThrow(/platform must be one of/);
    expect(env.requests().length).toBe(mark);
  });

  it('bad filters and paging are refused locally with the field named', () => {
    const c = env.client();
    expect(() => c.validate('discovery.search', { platform: 'instagram', filters: { number_of_followers: { min: 10, max: 5 } } })).toThrow(
      /number_of_followers: min must not exceed max/,
    );
    expect(() => c.validate('discovery.search', { platform: 'instagram', paging: { limit: 51, page: 1 } })).toThrow(/paging.limit must be at most 50/);
    expect(() => c.validate('discovery.search', { platform: 'instagram', sort_by: 'relevancy', sort_order: 'asc' })).toThrow(/sort_order must be desc/);
  });

  it('the vendor reading (first page 0) walks from page 0 against a sandbox playing it', async () => {
    env.sandbox.providers.influencersClub.configure({ firstPage: 0 });
    try {
      const client = env.client({ provider: createInfluencersClubCatalog({ firstPage: 0 }) });
      const zero = await env.drive(client.list('discovery.search', { platform: 'twitch' }, { limit: 100 }));
      const docs = env.client();
      // The docs reading sends page 1 first: this sandbox serves it as the SECOND page.
      const one = await env.drive(docs.list('discovery.search', { platform: 'twitch' }, { limit: 50 }));
      expect((zero.items[50] as any).user_id).toBe((one.items[0] as any).user_id);
    } finally {
      env.sandbox.providers.influencersClub.configure({ firstPage: 1 });
    }
  });
});

describe('single creator calls', () => {
  it.each([
    ['creator.enrichHandleRaw', { handle: 'alice', platform: 'instagram' }, 0.03],
    ['creator.enrichHandleFull', { handle: 'https://instagram.com/alice/', platform: 'instagram', include_audience_data: true }, 1],
    ['creator.enrichHandleProfile', { handle: 'alice', platform: 'linkedin' }, 0.2],
    ['creator.enrichHandleAnalytics', { handle: 'alice', platform: 'tiktok' }, 0.8],
    ['creator.enrichEmail', { email: 'alice@example.com' }, 0.05],
    ['creator.connectedSocials', { handle: 'alice', platform: 'youtube' }, 0.5],
    ['creator.audienceOverlap', { platform: 'instagram', creators: ['alice', 'bob'] }, 1],
    ['content.posts', { platform: 'instagram', handle: 'alice', count: 5 }, 0.15],
    ['content.postDetails', { platform: 'instagram', post_id: 'p1', content_type: 'comments' }, 0.03],
  ])('%s costs what §1.2 says, and the books match the wallet', async (key, input, price) => {
    const { value, charged, walletDelta } = await books((c) => c.call<any>(key, input));
    expect(value.data.result).toBeTruthy();
    expect(charged).toBe(price);
    expect(walletDelta).toBe(price);
  });

  it('a creator with no data costs nothing', async () => {
    const { value, charged, walletDelta } = await books((c) => c.call<any>('creator.enrichHandleFull', { handle: 'nobody_here', platform: 'instagram' }));
    expect(value.data.result).toEqual({});
    expect([charged, walletDelta]).toEqual([0, 0]);
  });

  it('include_lookalikes unset lets the provider decide: the sandbox plays both defaults', async () => {
    const c = env.client();
    const without = await env.drive(c.call<any>('creator.enrichHandleFull', { handle: 'lina', platform: 'instagram' }, { noCache: true }));
    env.sandbox.providers.influencersClub.configure({ includeLookalikesDefault: true });
    try {
      const withDefault = await env.drive(c.call<any>('creator.enrichHandleFull', { handle: 'lina', platform: 'instagram' }, { noCache: true }));
      expect(without.data.result.instagram.lookalikes).toBeUndefined();
      expect(withDefault.data.result.instagram.lookalikes).toHaveLength(3);
    } finally {
      env.sandbox.providers.influencersClub.configure({ includeLookalikesDefault: false });
    }
  });

  it('asking the same creator twice in a day is answered from the cache (identical requests are billed again)', async () => {
    const { charged, walletDelta } = await books(async (c) => {
      await c.call('creator.enrichHandleRaw', { handle: 'carol', platform: 'twitch' });
      await c.call('creator.enrichHandleRaw', { handle: 'carol', platform: 'twitch' });
    });
    expect([charged, walletDelta]).toEqual([0.03, 0.03]);
  });

  it('out of credits: a clear error, nothing charged', async () => {
    const before = env.balance();
    env.setBalance(0.5);
    try {
      await expect(env.drive(env.client().call('creator.enrichHandleFull', { handle: 'dan', platform: 'instagram' }))).rejects.toMatchObject({
        kind: 'insufficient_credits',
      });
      expect(env.balance()).toBe(0.5);
    } finally {
      env.setBalance(before);
    }
  });

  it('a wrong key is an auth error that does not echo the key', async () => {
    const error = await env.drive(env.client({ apiKey: 'icl_wrong_key_123456' }).call('account.getCredits', {})).catch((e) => e);
    expect(error.kind).toBe('auth');
    expect(String(error.message)).not.toContain('icl_wrong_key_123456');
  });
});

describe('free reads', () => {
  it('credits from the documented path and from the vendor path', async () => {
    const docs = await env.drive(env.client().balance());
    const vendor = await env.drive(env.client({ provider: createInfluencersClubCatalog({ creditsPath: '/accounts/credits/' }) }).balance());
    expect(docs).toBe(env.balance());
    expect(vendor).toBe(env.balance());
  });

  it.each(['languages', 'brands', 'youtubeTopics', 'games', 'audienceBrandCategories', 'audienceBrandNames', 'audienceInterests', 'audienceLocations'])(
    'dictionary %s is free',
    async (name) => {
      const { value, charged } = await books((c) => c.call<any[]>(`dictionary.${name}`, {}));
      expect(value.data.length).toBeGreaterThan(0);
      expect(charged).toBe(0);
    },
  );

  it('locations per platform', async () => {
    const r = await env.drive(env.client().call<any[]>('dictionary.locations', { platform: 'instagram' }));
    expect(r.data[0]).toHaveProperty('name');
  });

  it('exclusion lists: create, rename, add and remove handles, read, delete', async () => {
    const c = env.client();
    const created = await env.drive(c.call<any>('exclusionList.create', { name: 'Competitors', platform: 'instagram' }));
    const id = String(created.data.id);
    await env.drive(c.call('exclusionList.rename', { list_id: id, name: 'Rivals' }));
    await env.drive(c.call('exclusionList.addEntries', { list_id: id, handles: ['alice', 'bob', 'carol'] }));
    await env.drive(c.call('exclusionList.removeEntries', { list_id: id, handles: ['bob'] }));
    const entries = await env.drive(c.call<any>('exclusionList.listEntries', { list_id: id }));
    expect(entries.data.handles).toEqual(['alice', 'carol']);
    expect((await env.drive(c.call<any>('exclusionList.get', { list_id: id }))).data.name).toBe('Rivals');
    expect((await env.drive(c.call<any>('exclusionList.getDefault', { platform: 'tiktok' }))).data.is_default).toBe(true);
    expect((await env.drive(c.call<any[]>('exclusionList.list', {}))).data.length).toBe(2);
    await env.drive(c.call('exclusionList.delete', { list_id: id }));
    expect(c.summary().charged).toBe(0);
  });
});

describe('the discovery body', () => {
  it('carries sort and paging as objects, as §1.3 shows, and the dropdown filters inside filters', async () => {
    const r = await env.drive(
      env.client().call<any>('discovery.search', {
        platform: 'instagram',
        sort_by: 'number_of_followers',
        sort_order: 'asc',
        location: ['Germany'],
        paging: { limit: 5, page: 1 },
      }),
    );
    const followers = r.data.accounts.map((a: any) => a.profile.followers);
    expect(followers).toEqual([...followers].sort((a: number, b: number) => a - b));
  });
});
