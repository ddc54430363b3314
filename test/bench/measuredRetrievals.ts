/**
 * 3. Requests for Leadfeeder retrievals measured from the balance (credits/balanceBracket.ts):
 * a retrieval the registry cannot prove free costs two free balance reads besides itself (each
 * counted against the 100,000 requests a month); one of many ids shares them; a record known as
 * subscribed is one request. 100 new companies, fetched one by one, in one retrieve, and again.
 */
import { createClient } from '../../shared/client';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { startSandbox } from '../../sandbox/server';
import { type Row, WIDE_LIMITS } from './common';

export async function measuredRetrievals(): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, leadfeeder: { rateLimit: null, companies: 400 } });
  const lf = sandbox.providers.leadfeeder;
  lf.configure({ users: [{ ...lf.config().users[0]!, accounts: [{ id: lf.accountId, name: 'Bench', credits: 10_000 }] }] });
  const client = createClient({
    provider: leadfeeder,
    apiKey: lf.apiKey,
    baseUrl: lf.baseUrl,
    credential: { accountId: lf.accountId },
    rateLimits: WIDE_LIMITS,
  });
  const group = '3. Requests ÷ fewest allowed';
  const ids = (from: number) => Array.from({ length: 100 }, (_, i) => `cmp_${String(from + i).padStart(4, '0')}`);
  const asked = () => lf.requests().length;
  const rows: Row[] = [];
  try {
    let before = asked();
    for (const id of ids(300)) await client.call('company.get', { id });
    const oneByOne = asked() - before;
    rows.push({
      group,
      case: 'Leadfeeder: 100 new companies fetched one by one (each measured from the balance)',
      ratio: oneByOne / 100,
      target: 'measured',
      met: undefined,
      note: `${oneByOne} requests for 100 retrievals; ${client.summary().charged} credits booked = ${lf.credits().used} used`,
    });

    before = asked();
    await client.call('company.retrieve', { ids: ids(200) });
    const together = asked() - before;
    rows.push({
      group,
      case: 'Leadfeeder: the same count in one retrieve (100 ids)',
      ratio: together / 1,
      target: 'measured',
      met: undefined,
      note: `${together} requests`,
    });

    before = asked();
    for (const id of ids(300)) await client.call('company.get', { id });
    const known = asked() - before;
    rows.push({
      group,
      case: 'Leadfeeder: the 100 again, known as subscribed',
      ratio: known / 100,
      target: '1.00',
      met: known === 100,
      note: `${known} requests, no balance read`,
    });
  } finally {
    await sandbox.close();
  }
  return rows;
}
