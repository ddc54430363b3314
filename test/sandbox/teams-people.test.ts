import { harness, type Harness } from './helpers';

describe('Enrich.so sandbox: wallets, teams, people search', () => {
  let h: Harness;
  let teamId: string;
  beforeEach(async () => {
    h = await harness({
      enrichSo: { accounts: [{ apiKey: 'sk_test_enrichflow_sandbox', teamId: 'team_42', ownerEmail: 'owner@acme.example', balance: 2500 }] },
    });
    teamId = 'team_42';
  });
  afterEach(() => h.close());

  it('reports the wallet balance', async () => {
    const res = await h.api('GET', '/wallets/balance');
    expect(res.body).toEqual({
      success: true,
      data: { organizationId: expect.any(String), balance: 2500, currency: 'credits', asOf: '2026-03-02T10:00:00.000Z' },
      meta: { requestId: expect.any(String) },
    });
  });

  it('lists members and manages invitations in the bare shapes §5.5 shows', async () => {
    const members = await h.api('GET', `/teams/${teamId}/members`);
    expect(members.body).toEqual([
      {
        id: expect.any(String),
        userId: expect.any(String),
        email: 'owner@acme.example',
        name: expect.any(String),
        role: 'owner',
        createdAt: expect.any(String),
      },
    ]);
    const invited = await h.api('POST', `/teams/${teamId}/invitations`, { body: { email: 'new.hire@acme.example', role: 'member' } });
    expect(invited.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      email: 'new.hire@acme.example',
      role: 'member',
      status: 'pending',
      expiresAt: '2026-04-01T10:00:00.000Z',
      createdAt: '2026-03-02T10:00:00.000Z',
    });
    expect((await h.api('POST', `/teams/${teamId}/invitations`, { body: { email: 'New.Hire@acme.example', role: 'admin' } })).status).toBe(409);
    expect((await h.api('POST', `/teams/${teamId}/invitations`, { body: { email: 'x@acme.example', role: 'owner' } })).status).toBe(400);
    expect((await h.api('GET', `/teams/${teamId}/invitations`)).body).toEqual([invited.body]);
    expect((await h.api('DELETE', `/teams/${teamId}/invitations/${invited.body.id}`)).body).toMatchObject({ success: true, data: { success: true } });
    expect((await h.api('GET', `/teams/${teamId}/invitations`)).body).toEqual([]);
    expect((await h.api('DELETE', `/teams/${teamId}/invitations/${invited.body.id}`)).status).toBe(404);
    expect((await h.api('GET', '/teams/team_other/members')).status).toBe(404);

    h.sandbox.providers.enrichSo.configure({ teamsShape: 'envelope' });
    expect((await h.api('GET', `/teams/${teamId}/members`)).body).toMatchObject({ success: true, data: [{ role: 'owner' }] });
  });

  it('employee finder pages results and charges 1 credit per result', async () => {
    const url = 'https://www.linkedin.com/company/google/';
    const first = await h.api('POST', '/people-search/employee-finder', { body: { company_linkedin_url: url, max_results: 5 } });
    const d = first.body.data;
    expect(d).toMatchObject({ company_linkedin_url: url, max_results: 5, results_length: 5, page: 1, total_pages: Math.ceil(d.total_results / 5) });
    expect(d.results[0]).toMatchObject({
      full_name: expect.any(String),
      linkedin_url: expect.any(String),
      job_title: expect.any(String),
      location: { country: expect.any(String) },
    });
    expect(first.body.meta).toMatchObject({ creditsUsed: 5, creditsRemaining: 2495 });
    const last = await h.api('POST', '/people-search/employee-finder', { body: { company_linkedin_url: url, max_results: 5, page: d.total_pages + 1 } });
    expect(last.body).toMatchObject({ data: { results_length: 0, results: [] }, meta: { creditsUsed: 0 } });
    const bad = await h.api('POST', '/people-search/employee-finder', { body: { company_linkedin_url: 'https://google.com' } });
    expect(bad.body.detail).toBe('company_linkedin_url: Must be a LinkedIn company URL (e.g. https://www.linkedin.com/company/google/)');
    h.sandbox.providers.enrichSo.wallet().setBalance(2);
    expect((await h.api('POST', '/people-search/employee-finder', { body: { company_linkedin_url: url, max_results: 5 } })).status).toBe(402);
  });

  it('waterfall ICP search ranks by score and charges per profile returned', async () => {
    const res = await h.api('POST', '/people-search/waterfall-icp-search', {
      body: { company_linkedin_url: 'https://www.linkedin.com/company/stripe', max_results: 5, min_score: 50 },
    });
    const d = res.body.data;
    expect(d.cascade_stats).toHaveLength(4);
    expect(d.total_returned).toBeGreaterThan(0);
    expect(d.results.length).toBe(d.total_returned);
    const scores = d.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s: number) => s >= 50)).toBe(true);
    expect(d.results.map((r: { ranking: number }) => r.ranking)).toEqual(d.results.map((_: unknown, i: number) => i + 1));
    expect(res.body.meta.creditsUsed).toBe(d.total_returned);
    const none = await h.api('POST', '/people-search/waterfall-icp-search', { body: { company_linkedin_url: 'https://www.linkedin.com/company/nobody' } });
    expect(none.body).toMatchObject({ data: { results: [], total_found: 0, total_returned: 0 }, meta: { creditsUsed: 0 } });
    expect(
      (await h.api('POST', '/people-search/waterfall-icp-search', { body: { company_linkedin_url: 'https://www.linkedin.com/company/x', cascade: [] } }))
        .status,
    ).toBe(400);
  });
});
