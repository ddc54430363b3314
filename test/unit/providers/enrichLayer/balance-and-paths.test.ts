/**
 * EnrichLayer facts the client must not bend: a balance answer without `credit_balance` is an
 * unknown balance (never 0, which would refuse every paid call), and paths go out exactly as
 * the transition guide writes them — `/company/employees`, no trailing slash.
 */
import { createClient } from '../../../../shared/client';
import { enrichLayer } from '../../../../shared/providers/enrichLayer';
import { json, ScriptedTransport } from '../../fixtures/toy-catalog';

const BASE = 'https://enrichlayer.test/api/v2';

function clientAnswering(answer: (path: string) => unknown) {
  const transport = new ScriptedTransport((req) => json(200, answer(new URL(req.url).pathname.slice('/api/v2'.length))));
  return { transport, client: createClient({ provider: enrichLayer, apiKey: 'sk_test_layer', baseUrl: BASE, transport }) };
}

describe('EnrichLayer: an unknown balance stays unknown', () => {
  it('a balance answer without credit_balance is undefined, and a paid call still goes out', async () => {
    const { client, transport } = clientAnswering((path) => (path === '/credit-balance' ? {} : { name: 'Acme', website: 'https://acme.com' }));
    expect(await client.balance()).toBeUndefined();
    const company = await client.call('company.getProfile', { url: 'https://www.linkedin.com/company/acme' });
    expect(company.data).toMatchObject({ name: 'Acme' });
    // However often the client looks the balance up first, the paid call is sent, not refused.
    expect(transport.requests.map((r) => new URL(r.url).pathname).at(-1)).toBe('/api/v2/company');
  });
});

describe('EnrichLayer: documented paths', () => {
  it('the employee listing is GET /company/employees, without a trailing slash', async () => {
    const { client, transport } = clientAnswering(() => ({ employees: [], next_page: null }));
    await client.call('company.listEmployees', { url: 'https://www.linkedin.com/company/acme', page_size: 1 });
    const paths = transport.requests.map((r) => new URL(r.url).pathname).filter((p) => p !== '/api/v2/credit-balance');
    expect(paths).toEqual(['/api/v2/company/employees']);
  });
});
