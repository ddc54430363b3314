/**
 * Leadfeeder: yesterday's website visitors (free), their company details (free: visitors arrive
 * subscribed), then a company that never visited, fetched twice — 1 credit, then 0 for 12 months.
 */
import { createClient } from '../shared';
import { leadfeeder } from '../shared/providers/leadfeeder';
import type { DemoSection } from './section';
import { say } from './section';

interface Company {
  id: string;
  name?: string;
  company?: { id: string; name?: string };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const leadfeederSection: DemoSection = {
  title: 'Leadfeeder — website visitors to companies; a company fetched twice is paid once',
  async run(sandbox) {
    const lf = sandbox.providers.leadfeeder;
    const client = createClient({ provider: leadfeeder, apiKey: lf.apiKey, baseUrl: lf.baseUrl, credential: { accountId: lf.accountId }, budget: 10 });
    const before = lf.credits().used;

    const now = Date.now();
    const visitors = await client.list('webVisit.visitorCompanies', { start_date: day(now - 7 * 86_400_000), end_date: day(now) }, { limit: 3 });
    const ids = (visitors.items as Company[]).map((v) => v.company?.id ?? v.id);
    say(`${visitors.items.length} visitor companies this week (${visitors.credits.charged} credits: listing visitors is free)`);
    for (const id of ids) {
      const company = await client.call<Company>('company.get', { id });
      say(`${String(company.data.name).padEnd(28)} details: ${company.credits.charged} credits (${company.credits.source}: visitors arrive subscribed)`);
    }

    // The sandbox's last company never visits the website (only the first two thirds do).
    const stranger = 'cmp_0060';
    const first = await client.call<Company>('company.get', { id: stranger });
    const second = await client.call<Company>('company.get', { id: stranger });
    say(`${String(first.data.name).padEnd(28)} first fetch: ${first.credits.charged} credit (a 12-month record subscription starts)`);
    say(`${String(second.data.name).padEnd(28)} second fetch: ${second.credits.charged} credits (${second.credits.source})`);
    return { charged: client.summary().charged, walletChange: lf.credits().used - before, unit: 'credits' };
  },
};
